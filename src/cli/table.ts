/**
 * Aligned text tables for the REPL and `run --stats`: a header row, a rule of dashes, then
 * the rows; every column is as wide as its widest cell, cells are left-aligned and separated
 * by two spaces (trailing spaces trimmed).
 *
 *     X  Y
 *     -  --
 *     1  2
 *     1  10
 */

/**
 * Renders `rows` under `headers` as an aligned table (ends with a newline).
 *
 * @example
 * formatTable(['X', 'Y'], [['1', '2']]) // 'X  Y\n-  -\n1  2\n'
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd() + '\n';
  return line(headers) + line(widths.map((w) => '-'.repeat(w))) + rows.map(line).join('');
}
