/**
 * The `iset` lattice: small finite sets of integers ordered by inclusion.
 *
 *     bottom = {}      join(a, b) = a ∪ b      leq(a, b) <=> a ⊆ b
 *
 * Values are sorted, duplicate-free, frozen arrays. `join` merges in O(|a| + |b|) and returns
 * an argument itself when the union equals it (no allocation when nothing is added).
 * Text form: `{1,-2,5}` style set notation (printed sorted), `{}` for empty.
 */
import type { Lattice } from '../../base/lattice.js';

/**
 * A sorted, duplicate-free set of integers.
 *
 * @example
 * const s: ISet = isetOf(2, 1); // [1, 2]
 */
export type ISet = readonly number[];

const EMPTY: ISet = Object.freeze([]);

/**
 * Builds an `ISet` from any integers (sorts and removes duplicates).
 *
 * @example
 * isetOf(3, 1, 3) // [1, 3]
 */
export function isetOf(...xs: readonly number[]): ISet {
  if (xs.length === 0) return EMPTY;
  const s = [...new Set(xs)].sort((a, b) => a - b);
  return Object.freeze(s);
}

function subset(a: ISet, b: ISet): boolean {
  if (a.length > b.length) return false;
  let j = 0;
  for (const x of a) {
    while (j < b.length && b[j]! < x) j++;
    if (j === b.length || b[j] !== x) return false;
    j++;
  }
  return true;
}

function union(a: ISet, b: ISet): ISet {
  if (a === b || b.length === 0) return a;
  if (a.length === 0) return b;
  const out: number[] = [];
  let i = 0, j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!, y = b[j]!;
    if (x === y) { out.push(x); i++; j++; } else if (x < y) { out.push(x); i++; } else { out.push(y); j++; }
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  if (out.length === a.length) return a;
  if (out.length === b.length) return b;
  return Object.freeze(out);
}

function inter(a: ISet, b: ISet): ISet {
  if (a === b) return a;
  const out = a.filter((x) => b.includes(x));
  if (out.length === a.length) return a;
  if (out.length === b.length) return b;
  return out.length === 0 ? EMPTY : Object.freeze(out);
}

function equals(a: ISet, b: ISet): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The integer-set union lattice.
 *
 * @example
 * isetLattice.join(isetOf(1, 3), isetOf(2)) // [1, 2, 3]
 */
export const isetLattice: Lattice<ISet> = {
  name: 'iset',
  bottom: EMPTY,
  join: union,
  leq: subset,
  meet: inter,
  equals,
  show: (v) => `{${v.join(',')}}`,
  parse(text) {
    const s = text.trim();
    if (!s.startsWith('{') || !s.endsWith('}')) return undefined;
    const inner = s.slice(1, -1).trim();
    if (inner === '') return EMPTY;
    const xs: number[] = [];
    for (const part of inner.split(',')) {
      const p = part.trim();
      if (!/^[+-]?\d{1,15}$/.test(p)) return undefined;
      xs.push(Number(p));
    }
    return isetOf(...xs);
  },
};
