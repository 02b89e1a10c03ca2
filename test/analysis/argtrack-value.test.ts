import test from 'ava';
import fc from 'fast-check';
import {
  type ArgVal, NONE, UNVISITED, argvalLattice, imp, join, leq, off, parse, ptr, show, showKernel, withNone,
} from '../../src/analysis/argtrack-value.js';
import { checkLatticeLawsProp } from '../eval/lattices-laws.js';
import { argValArb } from './argval-arb.js';

test('argval obeys the lattice laws', (t) => checkLatticeLawsProp(t, argvalLattice, argValArb, 2000));

test('argval: leq is consistent with join and values are interned', (t) => {
  fc.assert(fc.property(argValArb, argValArb, (a, b) => {
    const j = join(a, b);
    return leq(a, j) && leq(b, j) && (leq(a, b) === (j === b)) && parse(show(a)) === a;
  }), { numRuns: 2000 });
  t.is(ptr(0, [-8, -16]), ptr(0, [-16, -8, -8]));
  t.is(off(1), off(1));
});

test('join table of spec §3.2 (with maybe-none instead of fake fp+0)', (t) => {
  const s = (a: ArgVal, b: ArgVal): string => show(join(a, b));
  t.is(s(UNVISITED, ptr(0, [-8])), 'fp0-8');
  t.is(s(NONE, NONE), '_');
  t.is(s(ptr(0, [-8]), NONE), 'fp0-8|_');
  t.is(s(NONE, ptr(0, [-8])), 'fp0-8|_');
  t.is(s(ptr(0, [0]), NONE), 'fp0+0|_');
  t.is(s(ptr(0, [-8, -16]), NONE), 'fp0-16|fp0-8|_');
  t.is(s(off(0), NONE), 'fp0 ?');
  t.is(s(imp(3), NONE), 'IMP3');
  t.is(s(ptr(0, [-8]), ptr(0, [-16])), 'fp0-16|fp0-8');
  t.is(s(ptr(0, [-8, -16]), ptr(0, [-24, -32, -40])), 'fp0 ?');
  t.is(s(off(0), ptr(0, [-8])), 'fp0 ?');
  t.is(s(ptr(0, [-8]), ptr(1, [-8])), 'IMP3');
  t.is(s(off(0), off(2)), 'IMP5');
  t.is(s(ptr(2, [-8]), imp(3)), 'IMP7');
  t.is(s(imp(1), imp(6)), 'IMP7');
});

test('the kernel non-associativity example is associative here', (t) => {
  const a = ptr(0, [-8]), b = ptr(0, [-16]);
  t.is(join(join(a, b), NONE), join(a, join(b, NONE)));
  t.is(show(join(join(a, b), NONE)), 'fp0-16|fp0-8|_');
  // 5-offset overflow: order independent
  const x = ptr(0, [-8, -16]), y = ptr(0, [-24, -32]), z = ptr(0, [-40]);
  t.is(join(join(x, y), z), join(x, join(y, z)));
  t.is(show(join(join(x, y), z)), 'fp0 ?');
});

test('show / showKernel / parse text forms', (t) => {
  t.is(show(UNVISITED), '?');
  t.is(show(ptr(0, [-24, 0])), 'fp0-24|fp0+0');
  t.is(show(imp(0xff)), 'IMPff');
  t.is(show(off(3)), 'fp3 ?');
  t.is(showKernel(ptr(0, [-24], true)), 'fp0-24|fp0+0');
  t.is(showKernel(ptr(1, [-16], true)), 'fp1-16|fp1+0');
  t.is(showKernel(ptr(0, [0], true)), 'fp0+0');
  t.is(showKernel(ptr(0, [-16, -8], true)), 'fp0-16|fp0-8');
  t.is(showKernel(ptr(0, [-8])), 'fp0-8');
  t.is(parse('fp0-24|fp0+0'), ptr(0, [-24, 0]));
  t.is(parse('fp1-16|_'), ptr(1, [-16], true));
  t.is(parse('IMP3'), imp(3));
  t.is(parse('fp0 ?'), off(0));
  for (const bad of ['', 'fp0', 'fp0-8|fp1-8', 'IMP0', 'fp9-8', 'fp0-40000', 'fp0-8|fp0-8', 'x', '|_'])
    t.is(parse(bad), undefined, bad);
  t.is(withNone(UNVISITED), NONE);
});

test('constructors reject malformed values', (t) => {
  t.throws(() => ptr(8, [0]));
  t.throws(() => ptr(0, []));
  t.throws(() => ptr(0, [40000]));
  t.throws(() => imp(0));
  t.is(ptr(0, [1, 2, 3, 4, 5]), off(0));
});
