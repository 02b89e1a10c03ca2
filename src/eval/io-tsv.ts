/**
 * Delimited fact text (Soufflé's `.facts` / `.csv` layout): one tuple per line, fields
 * separated by a delimiter (tab by default), no quoting, no header unless `headers=true`.
 * A trailing `\r` is removed from each line; empty lines are skipped. Every malformed line
 * yields a diagnostic naming file, line, column (the field's first character) and cause;
 * after `MAX_ERRORS` diagnostics one more says how many further lines were bad. Never throws.
 *
 *     read:   text  -> Either<Diagnostic[], Row[]>
 *     write:  Row[] -> text      (same layout; `parse(show(v)) = v` for every cell)
 */
import * as E from 'fp-ts/lib/Either.js';
import { error, type Diagnostic } from '../base/diagnostic.js';
import type { RelationColumn } from '../check/checked.js';
import { parseValue, showValue, type LatticeTable, type Value } from './io-values.js';

/**
 * One tuple.
 *
 * @example
 * const r: Row = [1, 'a', [2, 3]];
 */
export type Row = readonly Value[];

/**
 * Layout options of a delimited file.
 *
 * @example
 * readDelimited(cols, 'e.csv', text, { delimiter: ',', headers: true }, lattices)
 */
export interface DelimitedOptions {
  readonly delimiter: string;
  readonly headers: boolean;
}

/**
 * Tab-separated, no header: Soufflé's default.
 *
 * @example
 * writeDelimited(cols, rows, defaultDelimited, lattices) // '1\t2\n'
 */
export const defaultDelimited: DelimitedOptions = { delimiter: '\t', headers: false };

/**
 * At most this many diagnostics per file (plus one summary).
 *
 * @example
 * readDelimited(cols, 'f', bigBadText, defaultDelimited, L) // left(MAX_ERRORS diagnostics + one summary)
 */
export const MAX_ERRORS = 20;

/**
 * Parses delimited text for a relation with `columns`; `file` names the text in diagnostics.
 *
 * @example
 * readDelimited(cols, 'edge.facts', '1\t2\n', defaultDelimited, lattices) // right([[1, 2]])
 */
export function readDelimited(
  columns: readonly RelationColumn[],
  file: string,
  text: string,
  opts: DelimitedOptions,
  lattices: LatticeTable,
): E.Either<Diagnostic[], Row[]> {
  const rows: Row[] = [];
  const diags: Diagnostic[] = [];
  let extra = 0;
  const report = (d: Diagnostic): void => {
    if (diags.length < MAX_ERRORS) diags.push(d);
    else extra++;
  };
  const delim = opts.delimiter === '' ? '\t' : opts.delimiter;
  let offset = 0;
  let lineNo = 0;
  for (const rawLine of text.split('\n')) {
    lineNo++;
    const lineStart = offset;
    offset += rawLine.length + 1;
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line === '' || (opts.headers && lineNo === 1)) continue;
    const fields = columns.length === 1 ? [line] : splitFields(line, delim, columns);
    const at = (fieldIdx: number): { start: number; col: number } => {
      let col = 0;
      for (let i = 0; i < fieldIdx && i < fields.length; i++) col += fields[i]!.length + delim.length;
      return { start: lineStart + col, col: col + 1 };
    };
    const span = (fieldIdx: number, len: number) => {
      const { start, col } = at(fieldIdx);
      return { file, start, end: start + Math.max(1, len), line: lineNo, col };
    };
    if (fields.length !== columns.length) {
      const fewer = fields.length < columns.length;
      const where = fewer ? span(fields.length - 1, fields[fields.length - 1]!.length) : span(columns.length, fields[columns.length]!.length);
      report(error('E722', `expected ${columns.length} fields separated by ${showDelim(delim)}, found ${fields.length}`, where));
      continue;
    }
    const row: Value[] = [];
    let good = true;
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i]!;
      const p = parseValue(c.type, fields[i]!, lattices);
      if (p.ok) row.push(p.value);
      else {
        report(error('E723', `field ${i + 1} ('${c.name}': ${c.type.name}): ${p.cause}`, span(i, fields[i]!.length)));
        good = false;
        break;
      }
    }
    if (good) rows.push(row);
  }
  if (extra > 0) diags.push(error('E724', `${file}: ${extra} more malformed lines not shown`));
  return diags.length > 0 ? E.left(diags) : E.right(rows);
}

/**
 * Splits a line into fields. Record columns are scanned bracket- and quote-aware, so a symbol
 * inside a record may contain the delimiter; other columns end at the next delimiter.
 */
function splitFields(line: string, delim: string, columns: readonly RelationColumn[]): string[] {
  const out: string[] = [];
  let pos = 0;
  for (let i = 0; pos <= line.length; i++) {
    let from = pos;
    if (columns[i]?.type.kind === 'record' && line[pos] === '[') {
      let depth = 0;
      let inStr = false;
      for (; from < line.length; from++) {
        const c = line[from]!;
        if (inStr) {
          if (c === '\\') from++;
          else if (c === '"') inStr = false;
        } else if (c === '"') inStr = true;
        else if (c === '[') depth++;
        else if (c === ']' && --depth === 0) break;
      }
    }
    const end = line.indexOf(delim, from);
    if (end < 0) {
      out.push(line.slice(pos));
      break;
    }
    out.push(line.slice(pos, end));
    pos = end + delim.length;
  }
  return out;
}

function showDelim(d: string): string {
  return d === '\t' ? 'tabs' : JSON.stringify(d);
}

/**
 * Renders rows in the delimited layout (one line per row, each line ending in `\n`).
 *
 * @example
 * writeDelimited(cols, [[1, 2]], defaultDelimited, lattices) // '1\t2\n'
 */
export function writeDelimited(
  columns: readonly RelationColumn[],
  rows: Iterable<Row>,
  opts: DelimitedOptions,
  lattices: LatticeTable,
): string {
  const out: string[] = [];
  if (opts.headers) out.push(columns.map((c) => c.name).join(opts.delimiter) + '\n');
  for (const r of rows) out.push(columns.map((c, i) => showValue(c.type, r[i], lattices)).join(opts.delimiter) + '\n');
  return out.join('');
}
