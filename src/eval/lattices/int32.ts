/**
 * The `max` and `min` lattices over int32 values.
 *
 *     max: bottom = -2^31,    join = Math.max,   leq = <=
 *     min: bottom = 2^31 - 1, join = Math.min,   leq = >=
 *
 * Text form: a decimal integer (`parse` accepts an optional sign and rejects values outside
 * int32 and non-integers).
 */
import type { Lattice } from '../../base/lattice.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function parseInt32(text: string): number | undefined {
  const s = text.trim();
  if (!/^[+-]?\d{1,10}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= INT32_MIN && n <= INT32_MAX ? n : undefined;
}

/**
 * The `max` lattice (largest value wins).
 *
 * @example
 * maxLattice.join(3, 7) // 7
 */
export const maxLattice: Lattice<number> = {
  name: 'max',
  bottom: INT32_MIN,
  join: (a, b) => (a >= b ? a : b),
  leq: (a, b) => a <= b,
  meet: (a, b) => (a <= b ? a : b),
  equals: (a, b) => a === b,
  show: (v) => String(v),
  parse: parseInt32,
};

/**
 * The `min` lattice (smallest value wins).
 *
 * @example
 * minLattice.join(3, 7) // 3
 */
export const minLattice: Lattice<number> = {
  name: 'min',
  bottom: INT32_MAX,
  join: (a, b) => (a <= b ? a : b),
  leq: (a, b) => a >= b,
  meet: (a, b) => (a >= b ? a : b),
  equals: (a, b) => a === b,
  show: (v) => String(v),
  parse: parseInt32,
};
