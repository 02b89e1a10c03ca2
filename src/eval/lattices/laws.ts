/**
 * A pure checker for the lattice laws of src/base/lattice.ts, usable on any `Lattice<T>`
 * (built-in or user-registered, e.g. the BPF argument-tracking lattice). It checks one triple
 * of values; property tests feed it random triples (see test/eval/lattices-laws.ts, which
 * wraps it for fast-check).
 *
 *     assoc:      join(join(a, b), c) = join(a, join(b, c))
 *     comm:       join(a, b) = join(b, a)
 *     idem:       join(a, a) = a
 *     bottom:     join(bottom, a) = a = join(a, bottom)
 *     leq:        leq(a, b) <=> equals(join(a, b), b);   leq(bottom, a);   leq(a, a)
 *     equals:     equals(a, a)
 *     roundtrip:  equals(parse(show(a)), a)
 *     meet (when the lattice has one): commutative, associative, idempotent,
 *                 meet(a, b) ⊑ a, meet(a, b) ⊑ b, absorption join(a, meet(a, b)) = a
 */
import type { Lattice } from '../../base/lattice.js';

/**
 * A broken law with the values that break it (shown with the lattice's `show`).
 *
 * @example
 * checkLatticeLaws(bad, 1, 2, 3) // { law: 'join commutative', values: ['1', '2'] }
 */
export interface LawViolation {
  readonly law: string;
  readonly values: readonly string[];
}

/**
 * Checks all laws on `a`, `b`, `c`; returns the first violation or undefined.
 *
 * @example
 * checkLatticeLaws(maskLattice, Mask.of(1), Mask.of(2), Mask.EMPTY) // undefined
 */
export function checkLatticeLaws<T>(l: Lattice<T>, a: T, b: T, c: T): LawViolation | undefined {
  const eq = (x: T, y: T): boolean => l.equals(x, y);
  const fail = (law: string, ...vs: T[]): LawViolation => ({ law, values: vs.map((v) => l.show(v)) });
  for (const x of [a, b, c]) {
    if (!eq(x, x)) return fail('equals reflexive', x);
    if (!eq(l.join(x, x), x)) return fail('join idempotent', x);
    if (!eq(l.join(l.bottom, x), x) || !eq(l.join(x, l.bottom), x)) return fail('bottom identity', x);
    if (!l.leq(l.bottom, x)) return fail('bottom least', x);
    if (!l.leq(x, x)) return fail('leq reflexive', x);
    const back = l.parse(l.show(x));
    if (back === undefined || !eq(back, x)) return fail('parse(show(x)) = x', x);
  }
  if (!eq(l.join(a, b), l.join(b, a))) return fail('join commutative', a, b);
  if (!eq(l.join(l.join(a, b), c), l.join(a, l.join(b, c)))) return fail('join associative', a, b, c);
  for (const [x, y] of [[a, b], [b, a], [a, c], [b, c]] as const) {
    if (l.leq(x, y) !== eq(l.join(x, y), y)) return fail('leq(x, y) <=> join(x, y) = y', x, y);
    if (eq(x, y) !== eq(y, x)) return fail('equals symmetric', x, y);
  }
  const ab = l.join(a, b);
  if (!l.leq(a, ab) || !l.leq(b, ab)) return fail('join is an upper bound', a, b);
  const meet = l.meet?.bind(l);
  if (meet) {
    if (!eq(meet(a, b), meet(b, a))) return fail('meet commutative', a, b);
    if (!eq(meet(meet(a, b), c), meet(a, meet(b, c)))) return fail('meet associative', a, b, c);
    if (!eq(meet(a, a), a)) return fail('meet idempotent', a);
    const m = meet(a, b);
    if (!l.leq(m, a) || !l.leq(m, b)) return fail('meet is a lower bound', a, b);
    if (!eq(l.join(a, m), a)) return fail('absorption join(a, meet(a, b)) = a', a, b);
  }
  return undefined;
}
