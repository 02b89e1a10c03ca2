/**
 * The `mask` lattice: sets of half-slots 0..127 ordered by inclusion.
 *
 *     bottom = {}        join(a, b) = a ∪ b        leq(a, b) <=> a ⊆ b
 *
 * Used by the liveness analyses (`live(insn, m: <mask>)`): a slot is live if some successor
 * needs it. Values are immutable `Mask` objects (see mask-value.ts for layout and text form);
 * a join that adds nothing returns the stored object, so the evaluator's "changed?" test is
 * an identity check in the common case.
 */
import type { Lattice } from '../../base/lattice.js';
import { Mask } from './mask-value.js';

/**
 * The union lattice over `Mask`.
 *
 * @example
 * maskLattice.join(Mask.of(1), Mask.of(2)).toString() // '{1,2}'
 */
export const maskLattice: Lattice<Mask> = {
  name: 'mask',
  bottom: Mask.EMPTY,
  join: (a, b) => a.union(b),
  leq: (a, b) => a.subsetOf(b),
  meet: (a, b) => a.inter(b),
  equals: (a, b) => a.equals(b),
  show: (v) => v.toString(),
  parse: (text) => Mask.parse(text),
  unboxed: 'or128',
};
