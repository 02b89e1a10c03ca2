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

/**
 * One counting-sort pass over `n` entries of `stride` ints whose first int is a hash:
 * copies them from `src` to `dst` grouped by the hash's top 8 bits (`counts`: 257 ints of
 * scratch). Used by `Relation.flush` to probe its table in address order.
 */
export function bucketByTopByte(src: Int32Array, dst: Int32Array, n: number, stride: number, counts: Int32Array): void {
  counts.fill(0, 0, 257);
  for (let i = 0; i < n; i++) counts[((src[i * stride]! >>> 24) & 255) + 1]++;
  for (let b = 1; b <= 256; b++) counts[b]! += counts[b - 1]!;
  for (let i = 0; i < n; i++) {
    const o = counts[(src[i * stride]! >>> 24) & 255]!++ * stride;
    for (let c = 0; c < stride; c++) dst[o + c] = src[i * stride + c]!;
  }
}
