import test from 'ava';
import fc from 'fast-check';
import { PairMemo, VectorTable } from '../../src/analysis/argtrack-intern.js';
import { NONE, UNVISITED, join, ptr, type ArgVal } from '../../src/analysis/argtrack-value.js';
import { regsRoot, regsSet, joinRegs } from '../../src/analysis/argtrack-regvec.js';
import { STACK_NONES, stackSpill, joinStack } from '../../src/analysis/argtrack-stackvec.js';
import { stateEntry, stateFunctors, joinState, type ArgState } from '../../src/analysis/argtrack-state.js';
import { argValArb } from './argval-arb.js';

const vec = fc.array(argValArb, { minLength: 0, maxLength: 6 });

test('intern: equal entries give the same array, different entries different arrays', (t) => {
  fc.assert(fc.property(vec, vec, (a, b) => {
    const table = new VectorTable(1000);
    const x = table.intern([...a]), y = table.intern([...b]);
    const same = a.length === b.length && a.every((v, i) => v === b[i]);
    return (x === y) === same && x.every((v, i) => v === a[i]) && y.every((v, i) => v === b[i]);
  }));
  t.pass();
});

test('intern: the first array with a content is the canonical one', (t) => {
  const table = new VectorTable(1000);
  const first: ArgVal[] = [NONE, ptr(0, [-8])];
  t.is(table.intern(first), first);
  t.is(table.intern([NONE, ptr(0, [-8])]), first);
  t.not(table.intern([ptr(0, [-8]), NONE]), first);
});

test('intern: past the limit the table starts again and stays correct', (t) => {
  const table = new VectorTable(4);
  const vs = Array.from({ length: 10 }, (_, k) => [ptr(0, [-8 * (k + 1)])]);
  const canon = vs.map((v) => table.intern(v));
  // the newest one (after the restarts) is still shared
  t.is(table.intern([ptr(0, [-80])]), canon[9]);
  // every answer has the right entries, whether or not it is still the first array
  for (let k = 0; k < vs.length; k++) t.deepEqual(table.intern([ptr(0, [-8 * (k + 1)])]), canon[k]);
});

test('vectors built by the transfer functions and joins are shared when equal', (t) => {
  const r = regsRoot(0);
  t.is(regsSet(r, 1, ptr(0, [-8])), regsSet(regsRoot(0), 1, ptr(0, [-8])));
  t.is(joinRegs(regsSet(r, 2, ptr(0, [-16])), regsSet(r, 2, UNVISITED)), regsSet(r, 2, ptr(0, [-16])));
  const s1 = stackSpill(STACK_NONES, UNVISITED, -8, 1, 8, ptr(0, [-16]));
  const s2 = stackSpill(STACK_NONES, UNVISITED, -8, 1, 8, ptr(0, [-16]));
  t.is(s1, s2);
  t.is(joinStack(s1, STACK_NONES), joinStack(s2, STACK_NONES));
});

test('states with equal parts are the same object', (t) => {
  const set = stateFunctors.find((f) => f.name === 'st_set')!.fn as (s: ArgState, r: number, v: ArgVal) => ArgState;
  const a = set(stateEntry(regsRoot(0)), 3, ptr(0, [-24]));
  const b = set(stateEntry(regsRoot(0)), 3, ptr(0, [-24]));
  t.is(a, b);
  t.is(joinState(a, stateEntry(regsRoot(0))), joinState(b, stateEntry(regsRoot(0))));
});

test('pair memo: f once per pair, the same answers, and correct past its limit', (t) => {
  let calls = 0;
  const memo = new PairMemo<string>(3);
  const f = (a: string, b: string): string => { calls++; return `${a}+${b}`; };
  t.is(memo.get('a', 'b', f), 'a+b');
  t.is(memo.get('a', 'b', f), 'a+b');
  t.is(calls, 1);
  t.is(memo.get('a', 'c', f), 'a+c');          // same first key, other second key
  t.is(memo.get('b', 'a', f), 'b+a');
  for (let k = 0; k < 10; k++) t.is(memo.get(`x${k}`, 'y', f), `x${k}+y`);
  t.is(memo.get('a', 'b', f), 'a+b');
});

test('memoised vector joins are the pointwise joins', (t) => {
  const stacks = fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), argValArb), { maxLength: 3 })
    .map((sets) => { let s = STACK_NONES; for (const [k, v] of sets) s = stackSpill(s, UNVISITED, -8 * (k + 1), 1, 8, v); return s; });
  fc.assert(fc.property(stacks, stacks, (a, b) => {
    const j = joinStack(a, b);
    return j.every((v, k) => v === join(a[k]!, b[k]!)) && joinStack(a, b) === j;
  }));
  const regs = fc.array(fc.tuple(fc.integer({ min: 0, max: 10 }), argValArb), { maxLength: 3 })
    .map((sets) => { let r = regsRoot(0); for (const [k, v] of sets) r = regsSet(r, k, v); return r; });
  fc.assert(fc.property(regs, regs, (a, b) => joinRegs(a, b).every((v, k) => v === join(a[k]!, b[k]!))));
  t.pass();
});
