/**
 * Test registry for checker tests: stub lattices and functors with the names and types of the
 * built-ins (the checker never calls them), plus a user functor `@succ(number): number` and a
 * user generator `@upto(number): number`.
 */
import type { FunctorSpec, Lattice } from '../../src/base/lattice.js';
import type { Registry } from '../../src/check/registry.js';

/** Bottoms shaped like the real ones: numeric lattices have number values, masks objects. */
const BOTTOMS: Readonly<Record<string, unknown>> = { mask: {}, mask_meet: {}, max: -2147483648, min: 2147483647, iset: {}, bool: false };

function stubLattice(name: string): Lattice<unknown> {
  return {
    name,
    bottom: BOTTOMS[name],
    join: (a) => a,
    leq: () => true,
    equals: (a, b) => a === b,
    show: String,
    parse: () => undefined,
  };
}

function fn(name: string, params: string[], result: string, generator = false): FunctorSpec {
  return { name, params, result, fn: () => 0, ...(generator ? { generator } : {}) };
}

const m = 'mask';
const n = 'number';

/** The stub registry used by all checker tests. */
export const testRegistry: Registry = {
  lattices: new Map(['mask', 'mask_meet', 'max', 'min', 'iset', 'bool'].map((l) => [l, stubLattice(l)])),
  functors: new Map(
    [
      fn('mask_empty', [], m),
      fn('mask_all', [], m),
      fn('mask_range', [n, n], m),
      fn('mask_single', [n], m),
      fn('mask_union', [m, m], m),
      fn('mask_inter', [m, m], m),
      fn('mask_diff', [m, m], m),
      fn('mask_not', [m], m),
      fn('mask_has', [m, n], n),
      fn('mask_count', [m], n),
      fn('mask_members', [m], n, true),
      fn('succ', [n], n),
      fn('upto', [n], n, true),
    ].map((f) => [f.name, f]),
  ),
};
