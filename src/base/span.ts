/**
 * Source spans. A span names a file and a half-open character range [start, end) in it, with
 * the 1-based line and column of `start`. Spans are plain data so that every stage can carry
 * them into diagnostics without importing the parser.
 */

/** A location in a source text. `line` and `col` are 1-based; `start`/`end` are 0-based offsets. */
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly col: number;
}

/** Computes line and column of `offset` in `text` (both 1-based). */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  const stop = Math.min(offset, text.length);
  for (let i = 0; i < stop; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: stop - lineStart + 1 };
}

/**
 * Builds a span for `[start, end)` of `text` in `file`.
 *
 * @example
 * spanOf('a.dl', 'x.\ny.', 3, 4) // { file: 'a.dl', start: 3, end: 4, line: 2, col: 1 }
 */
export function spanOf(file: string, text: string, start: number, end: number): Span {
  const { line, col } = lineCol(text, start);
  return { file, start, end, line, col };
}

/** A span that points at nothing in particular (for synthesised nodes). */
export const noSpan: Span = { file: '<none>', start: 0, end: 0, line: 0, col: 0 };
