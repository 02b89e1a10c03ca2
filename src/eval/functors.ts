/**
 * Built-in functors over the `mask` lattice values (`@name(...)` in rules). All are pure and
 * total: slot indices outside 0..127 are ignored, never an error.
 *
 *     @mask_empty(): mask                 {}
 *     @mask_all(): mask                   {0..127}
 *     @mask_range(lo, hi): mask           {k | max(lo,0) <= k <= min(hi,127)}   ({} if lo > hi)
 *     @mask_single(k): mask               {k}   ({} if k outside 0..127)
 *     @mask_bits(w): mask                 {k | 0 <= k < 32, bit k of the int32 w is set}
 *     @mask_union(a, b): mask             a ∪ b
 *     @mask_inter(a, b): mask             a ∩ b
 *     @mask_diff(a, b): mask              a \ b
 *     @mask_not(a): mask                  {0..127} \ a
 *     @mask_has(m, k): number             1 if k ∈ m else 0
 *     @mask_count(m): number              |m|
 *     K in @mask_members(m)               generator: one binding per member, increasing
 *
 * The `mask` and `mask_meet` lattices share the `Mask` carrier, so these functors apply to
 * both (the type checker sees the parameter type name `mask`).
 */
import type { FunctorSpec } from '../base/lattice.js';
import { Mask } from './lattices/mask-value.js';

function spec(name: string, params: readonly string[], result: string, fn: (...args: never[]) => unknown, generator = false): FunctorSpec {
  return generator ? { name, params, result, fn, generator } : { name, params, result, fn };
}

const m = 'mask';
const n = 'number';

/**
 * The built-in functors as a list (in the order of the file header).
 *
 * @example
 * builtinFunctorList.map((f) => f.name).includes('mask_union') // true
 */
export const builtinFunctorList: readonly FunctorSpec[] = [
  spec('mask_empty', [], m, () => Mask.EMPTY),
  spec('mask_all', [], m, () => Mask.ALL),
  spec('mask_range', [n, n], m, (lo: number, hi: number) => Mask.range(lo, hi)),
  spec('mask_single', [n], m, (k: number) => Mask.single(k)),
  spec('mask_bits', [n], m, (w: number) => Mask.make(w | 0, 0, 0, 0)),
  spec('mask_union', [m, m], m, (a: Mask, b: Mask) => a.union(b)),
  spec('mask_inter', [m, m], m, (a: Mask, b: Mask) => a.inter(b)),
  spec('mask_diff', [m, m], m, (a: Mask, b: Mask) => a.diff(b)),
  spec('mask_not', [m], m, (a: Mask) => a.not()),
  spec('mask_has', [m, n], n, (a: Mask, k: number) => (a.has(k) ? 1 : 0)),
  spec('mask_count', [m], n, (a: Mask) => a.count()),
  spec('mask_members', [m], n, (a: Mask) => a.members(), true),
];

/**
 * Built-in functors by name, for the checker's and evaluator's registry.
 *
 * @example
 * builtinFunctors.get('mask_members')?.generator // true
 */
export const builtinFunctors: ReadonlyMap<string, FunctorSpec> = new Map(builtinFunctorList.map((f) => [f.name, f]));
