import test from 'ava';
import fc from 'fast-check';
import type { FunctorSpec } from '../../src/base/lattice.js';
import { builtinFunctors } from '../../src/eval/functors.js';
import { Mask, builtinLattices } from '../../src/eval/lattices/index.js';

/** Calls a functor spec with arbitrary arguments (the evaluator does the same, untyped). */
function call(name: string, ...args: unknown[]): unknown {
  const f = builtinFunctors.get(name) as FunctorSpec;
  return (f.fn as (...a: unknown[]) => unknown)(...args);
}

test('every functor has a consistent spec', (t) => {
  for (const [name, f] of builtinFunctors) {
    t.is(f.name, name);
    t.is(f.fn.length, f.params.length, name);
    for (const p of [...f.params, f.result]) t.true(p === 'number' || builtinLattices.has(p), `${name}: ${p}`);
  }
  t.is(builtinFunctors.size, 12);
  t.true(builtinFunctors.get('mask_members')!.generator);
  t.falsy(builtinFunctors.get('mask_union')!.generator);
});

test('constructors', (t) => {
  t.is(call('mask_empty'), Mask.EMPTY);
  t.is(call('mask_all'), Mask.ALL);
  t.is(String(call('mask_range', 3, 5)), '{3,4,5}');
  t.is(call('mask_range', 5, 3), Mask.EMPTY);
  t.is(String(call('mask_range', 126, 300)), '{126,127}');
  t.is(String(call('mask_single', 127)), '{127}');
  t.is(call('mask_single', 128), Mask.EMPTY);
  t.is(call('mask_single', -1), Mask.EMPTY);
  t.is(String(call('mask_bits', 0b1010_0001)), '{0,5,7}');
  t.is(String(call('mask_bits', -2147483648)), '{31}');
  t.is(call('mask_bits', 0), Mask.EMPTY);
});

test('set operations, membership, count, members', (t) => {
  const a = Mask.of(1, 2, 3), b = Mask.of(3, 4);
  t.is(String(call('mask_union', a, b)), '{1,2,3,4}');
  t.is(String(call('mask_inter', a, b)), '{3}');
  t.is(String(call('mask_diff', a, b)), '{1,2}');
  t.is((call('mask_not', a) as Mask).count(), 125);
  t.is(call('mask_has', a, 2), 1);
  t.is(call('mask_has', a, 4), 0);
  t.is(call('mask_has', a, 1000), 0);
  t.is(call('mask_count', a), 3);
  t.deepEqual([...(call('mask_members', b) as Iterable<number>)], [3, 4]);
  t.deepEqual([...(call('mask_members', Mask.EMPTY) as Iterable<number>)], []);
});

test('members then single/union rebuilds the mask', (t) => {
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 127 })), (ks) => {
    const m = Mask.of(...ks);
    let r = call('mask_empty') as Mask;
    for (const k of call('mask_members', m) as Iterable<number>) r = call('mask_union', r, call('mask_single', k)) as Mask;
    return r.equals(m) && call('mask_count', m) === new Set(ks).size;
  }));
  t.pass();
});
