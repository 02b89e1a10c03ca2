import test from 'ava';
import fc from 'fast-check';
import { argtrackFunctors, argtrackMonotonePositions } from '../../src/analysis/argtrack-functors.js';
import { type ArgVal, join, leq } from '../../src/analysis/argtrack-value.js';
import { Mask } from '../../src/eval/lattices/mask-value.js';
import { argValArb } from './argval-arb.js';

type Fn = (...args: unknown[]) => unknown;
const fnOf = (name: string): Fn => argtrackFunctors.find((s) => s.name === name)!.fn as unknown as Fn;
const numArg = fc.oneof(fc.constantFrom(0, 1, -8, -16, 8, 4, -4, -1, 2), fc.integer({ min: -40, max: 40 }));

/** Result order per functor: argval ⊑, mask ⊆ (⊇ for must_write: mask_meet), numbers ≤. */
function resultLeq(name: string, a: unknown, b: unknown): boolean {
  if (a instanceof Mask && b instanceof Mask) return name === 'at_must_write' ? b.subsetOf(a) : a.subsetOf(b);
  if (typeof a === 'number' && typeof b === 'number') return name === 'at_frames' ? (a & ~b) === 0 : a <= b;
  return leq(a as ArgVal, b as ArgVal);
}

test('every functor is monotone in the positions it declares', (t) => {
  for (const [name, positions] of Object.entries(argtrackMonotonePositions)) {
    const spec = argtrackFunctors.find((s) => s.name === name);
    t.truthy(spec, name);
    for (const pos of positions) t.is(spec!.params[pos], 'argval', `${name} position ${pos} is an argval`);
    const argArbs = spec!.params.map((p) => (p === 'argval' ? argValArb : numArg));
    fc.assert(fc.property(fc.tuple(...argArbs), argValArb, fc.constantFrom(...positions), (args, extra, pos) => {
      const bigger = [...args];
      bigger[pos] = join(args[pos] as ArgVal, extra);
      // at_may_read/at_must_write: frame and depth must be sane numbers
      return resultLeq(name, fnOf(name)(...args), fnOf(name)(...bigger));
    }), { numRuns: Number(process.env.FC_RUNS ?? 1500) });
  }
});
