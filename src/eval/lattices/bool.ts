/**
 * The `bool` lattice: `false <= true`, join = logical or, bottom = false.
 * Text form: `true` / `false` (`parse` also accepts `1` / `0`).
 */
import type { Lattice } from '../../base/lattice.js';

/**
 * The boolean "or" lattice.
 *
 * @example
 * boolLattice.join(false, true) // true
 */
export const boolLattice: Lattice<boolean> = {
  name: 'bool',
  bottom: false,
  join: (a, b) => a || b,
  leq: (a, b) => !a || b,
  meet: (a, b) => a && b,
  equals: (a, b) => a === b,
  show: (v) => (v ? 'true' : 'false'),
  parse(text) {
    const s = text.trim();
    if (s === 'true' || s === '1') return true;
    if (s === 'false' || s === '0') return false;
    return undefined;
  },
};
