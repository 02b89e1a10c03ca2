/**
 * "Did you mean" hints: the closest known name by edit distance (optimal string alignment:
 * insertions, deletions, substitutions and adjacent transpositions cost 1), accepted when the distance is at most
 * max(1, ⌊len/3⌋) so that short names only match near-identical ones; names shorter than
 * three characters get no hint (every one-letter name is one edit from every other). Ties go to the
 * first candidate in iteration order (declaration order).
 */

/** Edit distance with adjacent transpositions. @example editDistance('edeg', 'edge') // 1 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}

/**
 * ` (did you mean 'x'?)` for the closest candidate, or the empty string.
 *
 * @example
 * didYouMean('edgee', ['edge', 'path']) // " (did you mean 'edge'?)"
 */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  if (name.length < 3) return '';
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestD = limit + 1;
  for (const c of candidates) {
    if (c === name || Math.abs(c.length - name.length) > limit) continue;
    const d = editDistance(name, c);
    if (d < bestD) (best = c), (bestD = d);
  }
  return best === undefined ? '' : ` (did you mean '${best}'?)`;
}
