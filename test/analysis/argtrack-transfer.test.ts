import test from 'ava';
import fc from 'fast-check';
import { NONE, UNVISITED, imp, join, leq, off, ptr, show } from '../../src/analysis/argtrack-value.js';
import { addOff, alu64, framePointer, impUpTo, ldxCase, localOK, padd, psub, scramble } from '../../src/analysis/argtrack-transfer.js';
import { argvalLattice } from '../../src/analysis/argtrack-value.js';
import { argtrackFunctors, argtrackLattices } from '../../src/analysis/argtrack-functors.js';
import { argValArb } from './argval-arb.js';

test('addOff: delta and sum must fit s16 (spec §3.3)', (t) => {
  t.is(addOff(-8, -8), -16);
  t.is(addOff(0, 32767), 32767);
  t.is(addOff(1, 32767), undefined);
  t.is(addOff(-32768, -1), undefined);
  t.is(addOff(-8, 40000), undefined);
  t.is(addOff(-8, -32769), undefined);
});

test('padd / psub', (t) => {
  t.is(show(padd(ptr(0, [0]), -8)), 'fp0-8');
  t.is(show(padd(ptr(0, [-16, 0]), -8)), 'fp0-24|fp0-8');
  t.is(show(padd(ptr(1, [-8], true), 8)), 'fp1+0|_');
  t.is(padd(ptr(0, [-32768]), -1), off(0));
  t.is(padd(ptr(2, [-8]), 1 << 20), off(2));
  t.is(padd(off(1), 8), off(1));
  t.is(padd(imp(3), 8), imp(3));
  t.is(padd(NONE, 8), NONE);
  t.is(show(psub(ptr(0, [0]), 8)), 'fp0-8');
  t.is(psub(ptr(0, [0]), -2147483648), off(0));
  t.is(show(padd(ptr(0, [-24]), 8)), 'fp0-16'); // fp_add_loses_precision_kills_liveness
});

test('padd is monotone', (t) => {
  fc.assert(fc.property(argValArb, argValArb, fc.integer({ min: -40, max: 40 }), (a, b, d) =>
    leq(padd(a, d), padd(join(a, b), d))), { numRuns: 1000 });
  t.pass();
});

test('scramble and alu64 (spec §3.4)', (t) => {
  t.is(scramble(ptr(0, [-8])), off(0));
  t.is(scramble(off(1)), off(1));
  t.is(scramble(imp(3)), imp(3));
  t.is(scramble(NONE), NONE);
  t.is(alu64(ptr(0, [-8]), NONE), off(0));
  t.is(alu64(ptr(0, [-8]), ptr(0, [-16])), off(0));
  t.is(alu64(off(1), ptr(1, [-16])), off(1));
  t.is(alu64(NONE, ptr(2, [-8])), off(2));
  t.is(alu64(NONE, NONE), NONE);
  t.is(alu64(UNVISITED, NONE), NONE);
  t.is(alu64(ptr(0, [-8]), ptr(1, [-8])), imp(3));
  t.is(alu64(imp(2), NONE), imp(2));
  t.is(alu64(NONE, imp(4)), imp(4));
  t.is(alu64(ptr(0, [-8]), imp(4)), imp(5));
  // must_write_not_same_slot: r1 = r10; r2 = -8 or -16 (scalar); r1 += r2 -> offset-imprecise
  t.is(show(alu64(framePointer(0), NONE)), 'fp0 ?');
});

test('alu64 is monotone in both arguments', (t) => {
  fc.assert(fc.property(argValArb, argValArb, argValArb, (a, b, c) =>
    leq(alu64(a, c), alu64(join(a, b), c)) && leq(alu64(c, a), alu64(c, join(a, b)))), { numRuns: 2000 });
  t.pass();
});

test('localOK (spec §3.4, Appendix A: IMP masks containing depth)', (t) => {
  t.true(localOK(UNVISITED, 0, true));
  t.true(localOK(ptr(1, [-8]), 1, false));
  t.true(localOK(off(1), 1, false));
  t.false(localOK(ptr(0, [-8]), 1, false));
  t.true(localOK(imp(3), 1, false));
  t.false(localOK(imp(1), 1, false));
  t.false(localOK(NONE, 0, false));
  t.is(show(framePointer(0)), 'fp0+0');
  t.is(show(impUpTo(0)), 'IMP1');
  t.is(show(impUpTo(2)), 'IMP7');
});

test('functor registry: names unique, arity matches, lattice named argval', (t) => {
  t.deepEqual(argtrackLattices.map((l) => l.name), ['argval']);
  t.is(argtrackLattices[0], argvalLattice);
  const names = argtrackFunctors.map((s) => s.name);
  t.is(new Set(names).size, names.length);
  for (const s of argtrackFunctors) t.is(s.fn.length, s.params.length, s.name);
  const pad = argtrackFunctors.find((s) => s.name === 'at_padd')!;
  t.is((pad.fn as unknown as (v: unknown, d: number) => unknown)(ptr(0, [0]), -8), ptr(0, [-8]));
  const lok = argtrackFunctors.find((s) => s.name === 'at_local_ok')!;
  t.is((lok.fn as unknown as (v: unknown, d: number, r: number) => number)(NONE, 0, 1), 1);
});

test('ldxCase picks the LDX rule of §3.4', (t) => {
  t.is(ldxCase(UNVISITED, 0, 1, 1, 8), 1); // through r10
  t.is(ldxCase(ptr(1, [-8]), 1, 0, 1, 8), 1);
  t.is(ldxCase(imp(3), 1, 0, 1, 8), 1);
  t.is(ldxCase(ptr(0, [-8]), 1, 0, 1, 8), 2);
  t.is(ldxCase(off(0), 2, 0, 1, 8), 2);
  t.is(ldxCase(imp(1), 1, 0, 1, 8), 3);
  t.is(ldxCase(NONE, 1, 0, 1, 8), 4);
  t.is(ldxCase(ptr(1, [-8]), 1, 0, 1, 4), 4); // narrow
  t.is(ldxCase(ptr(1, [-8]), 1, 0, 0, 8), 4); // sign-extending load
  t.is(ldxCase(UNVISITED, 0, 1, 1, 4), 4);
});
