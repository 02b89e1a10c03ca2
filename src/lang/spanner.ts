/**
 * Fast span construction for the parser. `spanOf` (base/span.ts) scans the text from the
 * start for every span, which is quadratic over a file; a `Spanner` precomputes the offsets
 * of line starts once and finds a line by binary search, producing identical spans:
 *
 *     line(o) = 1 + #{ i < o : text[i] = '\n' },   col(o) = o - lineStart(line(o)) + 1
 */
import type { Span } from '../base/span.js';

/** Builds spans of `[start, end)` for one file. */
export type Spanner = (start: number, end: number) => Span;

/**
 * Makes a spanner for `text` named `file`.
 *
 * @example
 * makeSpanner('a.dl', 'x.\ny.')(3, 4) // { file: 'a.dl', start: 3, end: 4, line: 2, col: 1 }
 */
export function makeSpanner(file: string, text: string): Spanner {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (start, end) => {
    const o = Math.min(Math.max(start, 0), text.length);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { file, start, end, line: lo + 1, col: o - (starts[lo] ?? 0) + 1 };
  };
}
