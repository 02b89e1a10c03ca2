/** The Mask value type against a reference model (a Set of numbers). */
import test from 'ava';
import fc from 'fast-check';
import { Mask } from '../../src/eval/lattices/mask-value.js';

const slots = fc.array(fc.integer({ min: 0, max: 127 }), { maxLength: 30 });
const model = (ks: readonly number[]): number[] => [...new Set(ks)].sort((a, b) => a - b);

test('of/members/count/has agree with a set', (t) => {
  fc.assert(fc.property(slots, fc.integer({ min: -5, max: 140 }), (ks, k) => {
    const m = Mask.of(...ks);
    const s = model(ks);
    return JSON.stringify(m.members()) === JSON.stringify(s) && m.count() === s.length && m.has(k) === s.includes(k);
  }));
  t.pass();
});

test('union/inter/diff/not agree with set operations', (t) => {
  fc.assert(fc.property(slots, slots, (xs, ys) => {
    const a = Mask.of(...xs), b = Mask.of(...ys);
    const sa = new Set(xs), sb = new Set(ys);
    const u = model([...sa, ...sb]);
    const i = model(xs.filter((x) => sb.has(x)));
    const d = model(xs.filter((x) => !sb.has(x)));
    const all = Array.from({ length: 128 }, (_, k) => k);
    const n = all.filter((k) => !sa.has(k));
    return (
      JSON.stringify(a.union(b).members()) === JSON.stringify(u) &&
      JSON.stringify(a.inter(b).members()) === JSON.stringify(i) &&
      JSON.stringify(a.diff(b).members()) === JSON.stringify(d) &&
      JSON.stringify(a.not().members()) === JSON.stringify(n) &&
      a.subsetOf(b) === xs.every((x) => sb.has(x))
    );
  }));
  t.pass();
});

test('range is inclusive, clipped, empty when lo > hi', (t) => {
  fc.assert(fc.property(fc.integer({ min: -10, max: 140 }), fc.integer({ min: -10, max: 140 }), (lo, hi) => {
    const expect: number[] = [];
    for (let k = Math.max(lo, 0); k <= Math.min(hi, 127); k++) expect.push(k);
    return JSON.stringify(Mask.range(lo, hi).members()) === JSON.stringify(expect);
  }));
  t.is(Mask.range(0, 127), Mask.ALL);
  t.is(Mask.range(5, 4), Mask.EMPTY);
});

test('no allocation when unchanged: union/inter/add return an argument', (t) => {
  const a = Mask.of(1, 2, 40, 100);
  const sub = Mask.of(2, 100);
  t.is(a.union(sub), a);
  t.is(sub.union(a), a);
  t.is(a.inter(sub), sub);
  t.is(a.add(40), a);
  t.is(a.diff(Mask.of(3)), a);
  t.is(Mask.of(), Mask.EMPTY);
  t.is(Mask.of(1).diff(Mask.of(1)), Mask.EMPTY);
  t.is(Mask.EMPTY.not(), Mask.ALL);
});

test('bit 31 and 127 (sign bits of words) behave', (t) => {
  const m = Mask.of(31, 63, 95, 127);
  t.deepEqual(m.members(), [31, 63, 95, 127]);
  t.is(m.count(), 4);
  t.is(m.toHex(), '0x80000000800000008000000080000000');
});

test('show/parse roundtrip and alternative forms', (t) => {
  fc.assert(fc.property(slots, (ks) => {
    const m = Mask.of(...ks);
    return Mask.parse(m.toString())!.equals(m) && Mask.parse(m.toHex())!.equals(m);
  }));
  t.is(Mask.parse('{0-3, 8}')!.toString(), '{0,1,2,3,8}');
  t.is(Mask.parse('0x11')!.toString(), '{0,4}');
  t.is(Mask.parse('{128}'), undefined);
  t.is(Mask.parse('{3-1}'), undefined);
  t.is(Mask.parse('{1,,2}'), undefined);
  t.is(Mask.parse('1,2'), undefined);
  t.is(Mask.parse('{}'), Mask.EMPTY);
});

test('unionDiff = union(b.diff(d)), returning this when nothing is added', (t) => {
  fc.assert(fc.property(slots, slots, slots, (xs, ys, zs) => {
    const a = Mask.of(...xs), b = Mask.of(...ys), d = Mask.of(...zs);
    return a.unionDiff(b, d).equals(a.union(b.diff(d)));
  }));
  const a = Mask.of(1, 2);
  t.is(a.unionDiff(Mask.of(2, 3), Mask.of(3)), a);
});
