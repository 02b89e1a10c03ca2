/**
 * The `mask_meet` lattice: the dual of `mask`. Sets of half-slots ordered by reverse
 * inclusion, so that "join" is intersection:
 *
 *     bottom = ALL (all 128 slots; the top of the ordinary set order)
 *     join(a, b) = a ∩ b         leq(a, b) <=> b ⊆ a
 *
 * Used for must-analyses ("written on every path"): a fact starts at "all slots" and each
 * derivation can only shrink it. Values are the same `Mask` objects as in `mask`.
 */
import type { Lattice } from '../../base/lattice.js';
import { Mask } from './mask-value.js';

/**
 * The intersection lattice over `Mask`.
 *
 * @example
 * maskMeetLattice.join(Mask.of(1, 2), Mask.of(2, 3)).toString() // '{2}'
 */
export const maskMeetLattice: Lattice<Mask> = {
  name: 'mask_meet',
  bottom: Mask.ALL,
  join: (a, b) => a.inter(b),
  leq: (a, b) => b.subsetOf(a),
  meet: (a, b) => a.union(b),
  equals: (a, b) => a.equals(b),
  show: (v) => v.toString(),
  parse: (text) => Mask.parse(text),
  unboxed: 'and128',
};
