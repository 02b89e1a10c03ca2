/**
 * Arithmetic semantics shared by the compiled rules and the naive reference evaluator. All
 * operands and results are int32 encodings (values.ts).
 *
 *   number    32-bit two's complement, wrap-around (`+ - *` via `| 0` / `Math.imul`);
 *             `/` and `%` truncate toward zero (C semantics, sign of `%` follows the dividend);
 *             INT_MIN / -1 wraps to INT_MIN
 *   unsigned  same bit patterns, `/ % < <= > >=` and `bshr` read operands with `>>> 0`
 *   division by zero: Soufflé leaves it to the C++ division (a trap in compiled programs);
 *             bpfdl defines `x / 0 = 0` and `x % 0 = 0` for every integer type
 *   `^`       integer power by squaring with wrap-around; a negative exponent gives
 *             1 for base 1, ±1 for base -1, otherwise 0 (the truncation of the real result)
 *   shifts    the shift count is taken modulo 32 (JS and x86 semantics)
 *   logical   `land lor lxor lnot` give 0 or 1, treating non-zero as true
 */

/** Signed division, truncating, `x / 0 = 0`. */
export function divS(a: number, b: number): number {
  return b === 0 ? 0 : (a / b) | 0;
}
/** Signed remainder (sign of the dividend), `x % 0 = 0`. */
export function modS(a: number, b: number): number {
  return b === 0 ? 0 : (a % b) | 0;
}
/** Unsigned division on bit patterns. */
export function divU(a: number, b: number): number {
  return b === 0 ? 0 : ((a >>> 0) / (b >>> 0)) >>> 0 | 0;
}
/** Unsigned remainder on bit patterns. */
export function modU(a: number, b: number): number {
  return b === 0 ? 0 : ((a >>> 0) % (b >>> 0)) | 0;
}
/**
 * Integer power with wrap-around.
 *
 * @example
 * powI(2, 31) // -2147483648
 */
export function powI(a: number, b: number, unsigned = false): number {
  if (!unsigned && b < 0) return a === 1 ? 1 : a === -1 ? ((b & 1) !== 0 ? -1 : 1) : 0;
  let e = unsigned ? b >>> 0 : b;
  let r = 1;
  let x = a | 0;
  while (e > 0) {
    if (e & 1) r = Math.imul(r, x);
    x = Math.imul(x, x);
    e = Math.floor(e / 2);
  }
  return r | 0;
}
/** Soufflé `substr(s, i, n)`: characters i..i+n-1; out-of-range start gives "". */
export function substr(s: string, i: number, n: number): string {
  if (i < 0 || i > s.length || n < 0) return '';
  return s.substr(i, n);
}
/** Soufflé `to_number(s)`: parses a decimal integer; malformed text gives 0. */
export function toNumber(s: string): number {
  const t = s.trim();
  if (!/^[+-]?\d+$/.test(t)) return 0;
  return Number(t) | 0;
}
