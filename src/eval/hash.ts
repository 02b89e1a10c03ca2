/**
 * The int32 hash used by every table of the evaluator (dedup sets, indexes, pending
 * buffers): a murmur3-style step per key column and a finaliser,
 *
 *     h0 = 0x2545f491;  h' = mix(h ^ v) = x ^ (x >>> 15) with x = imul(h ^ v, 0x85ebca6b)
 *     final(h) = y ^ (y >>> 16) with y = imul(h ^ (h >>> 13), 0xc2b2ae35)
 *
 * It exists twice, as functions and as JS source for the generated code; both must agree.
 */
export const H0 = 0x2545f491;
const M1 = -2048144789; // 0x85ebca6b
const M2 = -1028477387; // 0xc2b2ae35

/** Hash step over one int (same formula as `HASH_STEP_JS`). */
export function hashStep(h: number, v: number): number {
  h = Math.imul(h ^ v, M1);
  return h ^ (h >>> 15);
}
/** Hash finaliser. */
export function hashFinal(h: number): number {
  h = Math.imul(h ^ (h >>> 13), M2);
  return h ^ (h >>> 16);
}
/** Initial hash state. */
export const HASH_INIT = H0;
/** JS source of `hashStep` for generated code: use as `h = STEP(h, v)`. */
export const HASH_STEP_JS = (h: string, v: string): string => `${h} = Math.imul(${h} ^ (${v}), ${M1}); ${h} ^= ${h} >>> 15;`;
/** JS source of `hashFinal` for generated code. */
export const HASH_FINAL_JS = (h: string): string => `${h} = Math.imul(${h} ^ (${h} >>> 13), ${M2}); ${h} ^= ${h} >>> 16;`;
