import test from 'ava';
import fc from 'fast-check';
import { type ArgVal, NONE, UNVISITED, join, show } from '../../src/analysis/argtrack-value.js';
import { STACK_SLOTS, clearSlot, fillBase, fillSlots, spillSlot } from '../../src/analysis/argtrack-stack.js';
import { STACK_BOTTOM, STACK_NONES, type ArgStack, stackClear, stackFill, stackSpill, showStack } from '../../src/analysis/argtrack-stackvec.js';
import { argValArb } from './argval-arb.js';

// stackSpill / stackClear visit only the slots a store can reach; they must equal the
// per-slot definitions (spillSlot / clearSlot) applied to all 64 slots.
const stackArb: fc.Arbitrary<ArgStack> = fc.array(fc.tuple(fc.integer({ min: 0, max: STACK_SLOTS - 1 }), argValArb), { maxLength: 6 })
  .map((sets) => { const s = [...STACK_NONES]; for (const [t, v] of sets) s[t] = v; return Object.freeze(s); });
const insnOff = fc.oneof(fc.constantFrom(0, -8, -4, -12, -512, -516, 8, 32767, -32768), fc.integer({ min: -520, max: 8 }));
const size = fc.constantFrom(1, 2, 4, 8);

function pointwise(s: ArgStack, f: (old: ArgVal, t: number) => ArgVal): string {
  return showStack(Object.freeze(s.map((v, t) => f(v, t))));
}

test('stackSpill equals spillSlot on every slot', (t) => {
  fc.assert(fc.property(stackArb, argValArb, insnOff, fc.constantFrom(0, 1), size, argValArb, (s, v, off, r10, sz, x) => {
    t.is(showStack(stackSpill(s, v, off, r10, sz, x)), pointwise(s, (old, k) => spillSlot(old, k, v, off, r10, sz, x)));
  }), { numRuns: 3000 });
});

test('stackClear equals clearSlot on every slot', (t) => {
  fc.assert(fc.property(stackArb, argValArb, insnOff, fc.constantFrom(0, 1), size, (s, v, off, r10, sz) => {
    t.is(showStack(stackClear(s, v, off, r10, sz)), pointwise(s, (old, k) => clearSlot(old, k, v, off, r10, sz)));
  }), { numRuns: 3000 });
});

test('a spill that changes nothing returns the same vector', (t) => {
  t.is(stackSpill(STACK_NONES, NONE, -8, 1, 8, NONE), STACK_NONES);
});

test('stackFill equals fillBase joined with the fillSlots slots over the whole vector (r10 and other pointers, ⊥ included)', (t) => {
  const stacks = fc.oneof({ arbitrary: fc.constant(STACK_BOTTOM), weight: 1 }, { arbitrary: stackArb, weight: 5 });
  fc.assert(fc.property(stacks, argValArb, insnOff, fc.constantFrom(0, 1), fc.integer({ min: 0, max: 3 }), (s, v, off, r10, top) => {
    // the equation of the file header, from the per-slot pieces
    const ref = fillSlots(v, off, r10).reduce((acc, k) => join(acc, s[k] ?? UNVISITED), fillBase(v, off, r10, top));
    t.is(show(stackFill(s, v, off, r10, top)), show(ref));
  }), { numRuns: 3000 });
});
