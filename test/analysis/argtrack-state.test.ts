import test from 'ava';
import fc from 'fast-check';
import { NONE, type ArgVal } from '../../src/analysis/argtrack-value.js';
import { REGS, REGS_BOTTOM, argregsLattice, regsNone, regsRoot, regsSet, type ArgRegs } from '../../src/analysis/argtrack-regvec.js';
import { STACK_BOTTOM, STACK_NONES, argstackLattice, stackSpill, type ArgStack } from '../../src/analysis/argtrack-stackvec.js';
import { STACK_SLOTS } from '../../src/analysis/argtrack-stack.js';
import { STATE_BOTTOM, argstateLattice, showState, stateEntry, stateFunctors, type ArgState } from '../../src/analysis/argtrack-state.js';
import { Mask } from '../../src/eval/lattices/mask-value.js';
import { checkLatticeLawsProp } from '../eval/lattices-laws.js';
import { argValArb } from './argval-arb.js';

// vectors with a few non-NONE entries (values biased to collide), and ⊥
const regsArb: fc.Arbitrary<ArgRegs> = fc.oneof(
  { arbitrary: fc.constant(REGS_BOTTOM), weight: 1 },
  { arbitrary: fc.array(fc.tuple(fc.integer({ min: 0, max: REGS - 1 }), argValArb), { maxLength: 4 })
    .map((sets) => { const r = new Array<ArgVal>(REGS).fill(NONE); for (const [k, v] of sets) r[k] = v; return r; }), weight: 4 },
);
const stackArb: fc.Arbitrary<ArgStack> = fc.oneof(
  { arbitrary: fc.constant(STACK_BOTTOM), weight: 1 },
  { arbitrary: fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), argValArb), { maxLength: 3 })
    .map((sets) => { const s = [...STACK_NONES]; for (const [t, v] of sets) s[t] = v; return argstackLattice.join(STACK_NONES, s); }), weight: 4 },
);
const stateArb: fc.Arbitrary<ArgState> = fc.tuple(regsArb, stackArb).map(([regs, stk]) => ({ regs, stk }));

test('argregs laws', (t) => checkLatticeLawsProp(t, argregsLattice, regsArb));
test('argstack laws', (t) => checkLatticeLawsProp(t, argstackLattice, stackArb));
test('argstate laws (the product of the two)', (t) => checkLatticeLawsProp(t, argstateLattice, stateArb));

test('argstate text round-trips', (t) => {
  fc.assert(fc.property(stateArb, (x) => {
    const back = argstateLattice.parse(showState(x));
    t.true(back !== undefined && argstateLattice.equals(back, x), showState(x));
  }), { numRuns: 300 });
  t.is(showState(STATE_BOTTOM), '? | ?');
  t.is(argstateLattice.parse('[_, _] | _'), undefined);
});

const fn = (name: string): ((...args: unknown[]) => unknown) => stateFunctors.find((f) => f.name === name)!.fn as unknown as (...args: unknown[]) => unknown;

test('the lifted functors change one part and share the other', (t) => {
  fc.assert(fc.property(stateArb, fc.integer({ min: 0, max: REGS - 1 }), argValArb, (x, r, v) => {
    const y = fn('st_set')(x, r, v) as ArgState;
    t.is(y.stk, x.stk);
    t.true(argregsLattice.equals(y.regs, regsSet(x.regs, r, v)));
    const z = fn('st_none')(x, Mask.range(0, 5)) as ArgState;
    t.is(z.stk, x.stk);
    t.true(argregsLattice.equals(z.regs, regsNone(x.regs, Mask.range(0, 5))));
    const s = fn('st_spill')(x, v, -8, 1, 8, v) as ArgState;
    t.is(s.regs, x.regs);
    t.true(argstackLattice.equals(s.stk, stackSpill(x.stk, v, -8, 1, 8, v)));
  }), { numRuns: 300 });
  const e = stateEntry(regsRoot(0));
  t.is(fn('st_set')(e, 3, NONE), e, 'no change: the same state');
  t.is(e.stk.length, STACK_SLOTS);
  t.is(fn('st_args_ptr')(e), 0);
});
