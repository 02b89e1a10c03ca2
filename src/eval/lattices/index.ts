/**
 * The built-in lattices, by the name rule files use (`.decl r(k: number, v: <mask>)`).
 *
 * | name        | values            | bottom      | join          |
 * |-------------|-------------------|-------------|---------------|
 * | `mask`      | `Mask` (0..127)   | `{}`        | union         |
 * | `mask_meet` | `Mask` (0..127)   | all 128     | intersection  |
 * | `max`       | int32             | -2^31       | max           |
 * | `min`       | int32             | 2^31-1      | min           |
 * | `iset`      | sorted int array  | `{}`        | union         |
 * | `bool`      | boolean           | false       | or            |
 */
import type { Lattice } from '../../base/lattice.js';
import { boolLattice } from './bool.js';
import { maxLattice, minLattice } from './int32.js';
import { isetLattice } from './iset.js';
import { maskLattice } from './mask.js';
import { maskMeetLattice } from './mask-meet.js';

export { Mask } from './mask-value.js';
export { maskLattice } from './mask.js';
export { maskMeetLattice } from './mask-meet.js';
export { maxLattice, minLattice } from './int32.js';
export { isetLattice, isetOf, type ISet } from './iset.js';
export { boolLattice } from './bool.js';
export { checkLatticeLaws, type LawViolation } from './laws.js';

/**
 * All built-in lattices by name.
 *
 * @example
 * builtinLattices.get('mask')?.bottom // Mask.EMPTY
 */
export const builtinLattices: ReadonlyMap<string, Lattice<unknown>> = new Map<string, Lattice<unknown>>(
  [maskLattice, maskMeetLattice, maxLattice, minLattice, isetLattice, boolLattice].map(
    (l) => [l.name, l as unknown as Lattice<unknown>],
  ),
);
