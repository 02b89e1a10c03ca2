/**
 * Splits a rule file into chunks at item boundaries, so the parser can match each chunk on its
 * own. Ohm memoises every rule application at every position of its input; on one big input
 * the memo table grows with the file and matching slows down (about 1.7x on a 300-line file),
 * while chunks of a few items keep it small.
 *
 * A chunk boundary is the start of a line, outside any comment, where either
 *   - the line starts with `.` followed by a letter (a directive), or
 *   - the last significant character before it (ignoring spaces and comments) is the `.` that
 *     ends a clause,
 * and the current chunk already holds at least `minLines` lines. Strings cannot span lines, so
 * a line start is never inside one; block comments are tracked.
 *
 * Chunking is only an optimisation: the parser falls back to matching the whole text whenever a
 * chunk fails, so syntax errors are reported exactly as for an unsplit file, and
 * test/lang/fuzz.test.ts checks that chunked and whole parses agree.
 */

/**
 * The start offsets of the chunks of `text` (always begins with 0).
 *
 * @example
 * chunkStarts('a(1).\nb(2).\n', 1) // [0, 6]
 */
export function chunkStarts(text: string, minLines = 20): number[] {
  const starts = [0];
  let inBlock = false;
  let last = ''; // last significant character outside comments and strings
  let lines = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    // At a line start.
    if (!inBlock && lines >= minLines && i > 0) {
      const directive = text[i] === '.' && /[A-Za-z_]/.test(text[i + 1] ?? '');
      if (directive || last === '.') {
        starts.push(i);
        lines = 0;
      }
    }
    // A preprocessor line is one token to the grammar (E005): skip it like a line comment.
    if (!inBlock && text[i] === '#') while (i < n && text[i] !== '\n') i++;
    // Scan one line.
    while (i < n && text[i] !== '\n') {
      const c = text[i] as string;
      if (inBlock) {
        if (c === '*' && text[i + 1] === '/') {
          inBlock = false;
          i += 2;
        } else i++;
      } else if (c === '/' && text[i + 1] === '*') {
        inBlock = true;
        i += 2;
      } else if (c === '/' && text[i + 1] === '/') {
        while (i < n && text[i] !== '\n') i++;
      } else if (c === '"') {
        i++;
        while (i < n && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' && text[i + 1] !== '\n' ? 2 : 1;
        if (text[i] === '"') i++;
        last = '"';
      } else {
        if (c > ' ') last = c;
        i++;
      }
    }
    i++; // the newline
    lines++;
  }
  return starts;
}
