import test from 'ava';
import fc from 'fast-check';
import type { Lattice } from '../../src/base/lattice.js';
import {
  Mask, boolLattice, builtinLattices, checkLatticeLaws, isetLattice, isetOf, maskLattice, maskMeetLattice,
  maxLattice, minLattice,
} from '../../src/eval/lattices/index.js';
import { checkLatticeLawsProp } from './lattices-laws.js';

const slot = fc.integer({ min: 0, max: 127 });
/** Masks biased towards small, overlapping sets and the two constants. */
const maskArb: fc.Arbitrary<Mask> = fc.oneof(
  fc.array(slot, { maxLength: 20 }).map((ks) => Mask.of(...ks)),
  fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 5 }).map((ks) => Mask.of(...ks)),
  fc.tuple(fc.integer(), fc.integer(), fc.integer(), fc.integer()).map(([a, b, c, d]) => Mask.make(a, b, c, d)),
  fc.constantFrom(Mask.EMPTY, Mask.ALL),
);
const int32 = fc.integer({ min: -2147483648, max: 2147483647 });

test('mask laws', (t) => checkLatticeLawsProp(t, maskLattice, maskArb));
test('mask_meet laws', (t) => checkLatticeLawsProp(t, maskMeetLattice, maskArb));
test('max laws', (t) => checkLatticeLawsProp(t, maxLattice, fc.oneof(int32, fc.integer({ min: -3, max: 3 }))));
test('min laws', (t) => checkLatticeLawsProp(t, minLattice, fc.oneof(int32, fc.integer({ min: -3, max: 3 }))));
test('iset laws', (t) =>
  checkLatticeLawsProp(t, isetLattice, fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 6 }).map((xs) => isetOf(...xs))));
test('bool laws', (t) => checkLatticeLawsProp(t, boolLattice, fc.boolean()));

test('registry holds the six built-ins by name', (t) => {
  t.deepEqual([...builtinLattices.keys()].sort(), ['bool', 'iset', 'mask', 'mask_meet', 'max', 'min']);
  for (const [name, l] of builtinLattices) t.is(l.name, name);
});

test('bottoms', (t) => {
  t.is(maskLattice.bottom, Mask.EMPTY);
  t.is(maskMeetLattice.bottom, Mask.ALL);
  t.is(maxLattice.bottom, -(2 ** 31));
  t.is(minLattice.bottom, 2 ** 31 - 1);
  t.deepEqual(isetLattice.bottom, []);
  t.false(boolLattice.bottom);
});

test('mask_meet order is reversed: ALL is least, {} greatest', (t) => {
  t.true(maskMeetLattice.leq(Mask.ALL, Mask.of(3)));
  t.true(maskMeetLattice.leq(Mask.of(3), Mask.EMPTY));
  t.false(maskMeetLattice.leq(Mask.EMPTY, Mask.of(3)));
});

test('the law checker reports a broken lattice', (t) => {
  // "join" = subtraction is neither commutative nor idempotent
  const bad: Lattice<number> = { ...maxLattice, name: 'bad', join: (a, b) => a - b };
  const v = checkLatticeLaws(bad, 1, 2, 3);
  t.truthy(v);
  // and a lattice whose parse does not invert show
  const badParse: Lattice<boolean> = { ...boolLattice, parse: () => false };
  t.is(checkLatticeLaws(badParse, true, false, false)?.law, 'parse(show(x)) = x');
});

test('text forms', (t) => {
  t.is(isetLattice.show(isetOf(3, -1)), '{-1,3}');
  t.deepEqual(isetLattice.parse(' { 2 , 1 } '), [1, 2]);
  t.is(isetLattice.parse('{1,x}'), undefined);
  t.is(maxLattice.parse('2147483648'), undefined);
  t.is(maxLattice.parse('-7'), -7);
  t.is(maxLattice.parse('1.5'), undefined);
  t.is(boolLattice.parse('1'), true);
  t.is(boolLattice.parse('yes'), undefined);
});

test('every built-in has a meet, and a wrong meet is caught', (t) => {
  for (const l of builtinLattices.values()) t.is(typeof l.meet, 'function', l.name);
  t.is(String(maskLattice.meet!(Mask.of(1, 2), Mask.of(2, 3))), '{2}');
  t.is(String(maskMeetLattice.meet!(Mask.of(1), Mask.of(2))), '{1,2}');
  t.deepEqual(isetLattice.meet!(isetOf(1, 2), isetOf(2, 3)), [2]);
  const bad: Lattice<number> = { ...maxLattice, name: 'bad', meet: (a, b) => Math.max(a, b) };
  t.is(checkLatticeLaws(bad, 1, 2, 3)?.law, 'meet is a lower bound');
});
