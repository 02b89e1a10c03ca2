/**
 * Reusable property test of the lattice laws: `checkLatticeLawsProp(t, lattice, arbitrary)`
 * runs src/eval/lattices/laws.ts on random triples and fails the ava test with the
 * counterexample. Other parts (e.g. the BPF argument-tracking lattice) import this.
 */
import type { ExecutionContext } from 'ava';
import fc from 'fast-check';
import type { Lattice } from '../../src/base/lattice.js';
import { checkLatticeLaws } from '../../src/eval/lattices/laws.js';

/**
 * Asserts every lattice law on `numRuns` random triples drawn from `arb`.
 *
 * @example
 * test('laws', (t) => checkLatticeLawsProp(t, maskLattice, maskArb));
 */
export function checkLatticeLawsProp<T>(t: ExecutionContext, lattice: Lattice<T>, arb: fc.Arbitrary<T>, numRuns = 300): void {
  const outcome = fc.check(
    fc.property(arb, arb, arb, (a, b, c) => checkLatticeLaws(lattice, a, b, c) === undefined),
    { numRuns },
  );
  if (outcome.failed) {
    const [a, b, c] = outcome.counterexample ?? [];
    const v = a !== undefined && b !== undefined && c !== undefined ? checkLatticeLaws(lattice, a, b, c) : undefined;
    t.fail(`lattice '${lattice.name}' breaks law ${v?.law ?? '?'} on ${JSON.stringify(v?.values ?? [])}`);
  } else {
    t.pass();
  }
}
