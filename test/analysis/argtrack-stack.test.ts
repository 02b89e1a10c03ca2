import test from 'ava';
import fc from 'fast-check';
import { type ArgVal, NONE, UNVISITED, imp, join, leq, off, ptr, show, showKernel } from '../../src/analysis/argtrack-value.js';
import { STACK_SLOTS, clearSlot, fill, fillBase, fillSlots, overlapsSlot, slotList, slotOf, spillSlot } from '../../src/analysis/argtrack-stack.js';
import { argValArb } from './argval-arb.js';
import { localOK } from '../../src/analysis/argtrack-transfer.js';

const stack = (entries: Record<number, ArgVal>): ArgVal[] =>
  Array.from({ length: STACK_SLOTS }, (_, t) => entries[t] ?? NONE);
const apply = (stk: ArgVal[], f: (old: ArgVal, t: number) => ArgVal): ArgVal[] => stk.map((v, t) => f(v, t));
const nonNone = (stk: ArgVal[]): string =>
  stk.map((v, t) => (v === NONE ? '' : `fp-${8 * (t + 1)}=${showKernel(v)}`)).filter((x) => x).join(' ');

test('slotOf (C remainder)', (t) => {
  t.is(slotOf(-8), 0);
  t.is(slotOf(-512), 63);
  t.is(slotOf(-520), -1);
  t.is(slotOf(-12), -1);
  t.is(slotOf(0), -1);
  t.is(slotOf(8), -1);
});

test('fill through r10 returns the slot unchanged; through a pointer adds maybe-none', (t) => {
  const stk = stack({ 0: ptr(0, [-24]), 1: ptr(0, [-32]) });
  t.is(show(fill(UNVISITED, -8, 1, 0, stk)), 'fp0-24');
  t.is(show(fill(ptr(0, [-8]), 0, 0, 0, stk)), 'fp0-24|_');
  t.is(showKernel(fill(ptr(0, [-8]), 0, 0, 0, stk)), 'fp0-24|fp0+0'); // kernel text of §3.5
  t.is(show(fill(ptr(0, [-16, -8]), 0, 0, 0, stk)), 'fp0-32|fp0-24|_');
  t.is(show(fill(UNVISITED, -12, 1, 1, stk)), 'IMP3'); // invalid slot
  t.is(show(fill(off(0), 0, 0, 0, stk)), 'IMP1');
  t.is(show(fill(imp(3), 0, 0, 1, stk)), 'IMP3');
  t.is(show(fill(ptr(0, [-32768]), -8, 0, 0, stk)), 'IMP1'); // overflow
  t.is(show(fill(ptr(0, [0]), 0, 0, 0, stk)), 'IMP1'); // fp+0 is no slot
  t.deepEqual(fillSlots(ptr(0, [-16, -8]), 0, 0), [1, 0]);
  t.deepEqual(fillSlots(ptr(0, [-16, 0]), 0, 0), []);
  t.is(fillBase(UNVISITED, -8, 1, 0), UNVISITED);
  t.is(fillBase(ptr(0, [-8]), 0, 0, 0), NONE);
});

test('spill: strong through r10 / single offset, weak otherwise, quirks of §3.5', (t) => {
  const x = ptr(0, [-16]);
  const s0 = stack({ 0: ptr(0, [-40]) });
  t.is(nonNone(apply(s0, (o, k) => spillSlot(o, k, UNVISITED, -8, 1, 8, x))), 'fp-8=fp0-16');
  t.is(nonNone(apply(s0, (o, k) => spillSlot(o, k, UNVISITED, -8, 1, 4, x))), '');
  t.is(nonNone(apply(s0, (o, k) => spillSlot(o, k, UNVISITED, -4, 1, 4, NONE))), 'fp-8=fp0-40'); // invalid slot: nothing
  t.is(nonNone(apply(stack({}), (o, k) => spillSlot(o, k, ptr(0, [-16, -8]), 0, 0, 8, x))), 'fp-8=fp0-16|fp0+0 fp-16=fp0-16|fp0+0');
  t.is(nonNone(apply(s0, (o, k) => spillSlot(o, k, ptr(0, [-8]), 0, 0, 8, x))), 'fp-8=fp0-16');
  t.is(show(spillSlot(ptr(0, [-40]), 0, ptr(0, [-8], true), 0, 0, 8, x)), 'fp0-40|fp0-16');
  const weakAll = apply(stack({ 3: ptr(0, [-8]) }), (o, k) => spillSlot(o, k, off(0), 0, 0, 8, ptr(1, [-8])));
  t.is(show(weakAll[0]!), 'fp1-8|_');
  t.is(show(weakAll[3]!), 'IMP3');
  // spill_join_with_multi_off: fill of fp-16 then deref shows both
  const s1 = stack({ 1: ptr(0, [-24]) });
  const s2 = apply(s1, (o, k) => spillSlot(o, k, ptr(0, [-16, -8]), 0, 0, 8, ptr(0, [-32])));
  t.is(show(fill(UNVISITED, -16, 1, 0, s2)), 'fp0-32|fp0-24');
});

test('clearStores per slot (st_imm_join_* of §8)', (t) => {
  // st_imm_join_with_single_off: fp-8 = fp0-16, ST through single pointer -> strong
  const s = stack({ 0: ptr(0, [-16]), 1: ptr(0, [-32]) });
  t.is(nonNone(apply(s, (o, k) => clearSlot(o, k, ptr(0, [-8]), 0, 0, 8))), 'fp-16=fp0-32');
  // st_imm_join_with_multi_off: fp-8: fp0-24 -> fp0-24|fp0+0, fp-16 likewise
  const m = stack({ 0: ptr(0, [-24]), 1: ptr(0, [-32]) });
  t.is(nonNone(apply(m, (o, k) => clearSlot(o, k, ptr(0, [-16, -8]), 0, 0, 8))), 'fp-8=fp0-24|fp0+0 fp-16=fp0-32|fp0+0');
  // imprecise: all weak
  t.is(nonNone(apply(m, (o, k) => clearSlot(o, k, off(0), 0, 0, 8))), 'fp-8=fp0-24|fp0+0 fp-16=fp0-32|fp0+0');
  // r10, 4-byte at fp-4 overlaps slot 0 only: strong
  t.is(nonNone(apply(m, (o, k) => clearSlot(o, k, UNVISITED, -4, 1, 4))), 'fp-16=fp0-32');
  // unaligned 8 bytes at fp-12 overlaps slots 0 and 1
  t.is(nonNone(apply(m, (o, k) => clearSlot(o, k, UNVISITED, -12, 1, 8))), '');
  // overflow -> weak all
  t.is(nonNone(apply(m, (o, k) => clearSlot(o, k, ptr(0, [-32768]), -8, 0, 8))), 'fp-8=fp0-24|fp0+0 fp-16=fp0-32|fp0+0');
  t.true(overlapsSlot(63, -512, 1));
  t.false(overlapsSlot(0, 0, 8));
});

test('per-slot stack functions are monotone in the old slot and the pointer', (t) => {
  const slot = fc.integer({ min: 0, max: 5 });
  const o = fc.constantFrom(0, -8, 8, -4);
  fc.assert(fc.property(argValArb, argValArb, argValArb, argValArb, slot, o, fc.constantFrom(1, 4, 8), (a, b, v, x, k, io, sz) =>
    leq(spillSlot(a, k, v, io, 0, sz, x), spillSlot(join(a, b), k, v, io, 0, sz, x)) &&
    leq(clearSlot(a, k, v, io, 0, sz), clearSlot(join(a, b), k, v, io, 0, sz)) &&
    leq(spillSlot(a, k, v, io, 0, sz, x), spillSlot(a, k, v, io, 0, sz, join(x, b)))), { numRuns: 2000 });
  t.pass();
});

test('spill/clear are monotone in the pointer over localOK values (depth 0) and NONE', (t) => {
  const localArb = argValArb.filter((v) => v.kind === 'none' || (v.kind !== 'unvisited' && localOK(v, 0, false)));
  const slot = fc.integer({ min: 0, max: 5 });
  fc.assert(fc.property(localArb, localArb, argValArb, argValArb, slot, fc.constantFrom(0, -8, 8), fc.constantFrom(1, 4, 8), (v1, v2, old, x, k, io, sz) => {
    const v = join(v1, v2);
    return leq(spillSlot(old, k, v1, io, 0, sz, x), spillSlot(old, k, v, io, 0, sz, x)) &&
      leq(clearSlot(old, k, v1, io, 0, sz), clearSlot(old, k, v, io, 0, sz));
  }), { numRuns: 3000 });
  t.is(spillSlot(ptr(0, [-8]), 0, NONE, 0, 0, 8, imp(1)), ptr(0, [-8]));
  t.is(clearSlot(ptr(0, [-8]), 0, UNVISITED, 0, 0, 8), ptr(0, [-8]));
});

test('fill is monotone in the pointer over localOK pointers and in the stack', (t) => {
  // depth 2: local pointers are frame-2 ones; stack values hold frames 0..2 only (argValArb's range)
  const ptrArb = argValArb.filter((v) => v.kind !== 'none' && v.kind !== 'unvisited' && localOK(v, 2, false));
  fc.assert(fc.property(ptrArb, ptrArb, fc.array(argValArb, { minLength: 6, maxLength: 6 }), fc.constantFrom(0, -8, 8), (v1, v2, stk, io) =>
    leq(fill(v1, io, 0, 2, stk), fill(join(v1, v2), io, 0, 2, stk))), { numRuns: 3000 });
  t.pass();
});

test('slotList: the one slot an offset starts, shared, or undefined', (t) => {
  t.deepEqual(slotList(-16), [1]);
  t.is(slotList(-16), slotList(-16));
  t.is(slotList(-12), undefined);
  t.is(slotList(undefined), undefined);
  t.is(slotList(-520), undefined);
});
