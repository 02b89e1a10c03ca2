/**
 * Dense presence bitmap for a plain relation of two non-negative integer columns (the
 * transitive-closure shape): bit `(a << b1) | b` is set iff the tuple (a, b) is present.
 *
 *   dims       2^b0 × 2^b1 bits covering the keys seen; a key outside them grows the
 *              dimension it exceeds (doubling) and rebuilds the bits from the rows
 *   density    the relation (relation.ts) switches to the bitmap at a flush when it has at
 *              least 1,024 rows and the bitmap needs at most 64 bits per row; `grow` refuses
 *              (returns false) a negative key, more than 2^28 bits (32 MiB), or more than
 *              256 bits per row, and the relation returns to its hash set
 *
 * For a 5,000-node graph the bitmap is 2^13 × 2^13 bits = 8 MiB, against ~400 MB for a hash
 * set of 24.7 M tuples, and a duplicate check is one bit test in a cache-resident array
 * instead of a probe into a table far larger than the caches.
 */
const MAX_BITS = 28;

/** log2 of the smallest power of two > k (k ≥ 0): the bits a dimension needs for k. */
export function dimBits(k: number): number {
  let b = 0;
  while (k >= 2 ** b) b++;
  return b;
}

/** Whether a bitmap of 2^bits is worth it for `rows` rows (see the header). */
export function worthBits(bits: number, rows: number, perRow: number): boolean {
  return bits <= MAX_BITS && 2 ** bits <= perRow * rows;
}

/** A growable 2-D bitmap over pairs of small non-negative ints. */
export class PairBits {
  bits: Int32Array;
  constructor(public b0: number, public b1: number) {
    this.bits = new Int32Array(1 << Math.max(0, b0 + b1 - 5));
  }

  /** True when (a, b) is inside the current dimensions. */
  fits(a: number, b: number): boolean {
    return a >>> 0 < 1 << this.b0 && b >>> 0 < 1 << this.b1;
  }

  /** True when (a, b) is present (false outside the dimensions). */
  has(a: number, b: number): boolean {
    if (!this.fits(a, b)) return false;
    const i = (a << this.b1) | b;
    return (this.bits[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  /** Sets (a, b), which must fit; returns true if it was absent. */
  // (a << b1) stays below 2^28, so the index is a non-negative int32
  add(a: number, b: number): boolean {
    const i = (a << this.b1) | b;
    const w = i >>> 5;
    const m = 1 << (i & 31);
    const x = this.bits[w]!;
    if ((x & m) !== 0) return false;
    this.bits[w] = x | m;
    return true;
  }

  /**
   * Grows the dimensions to hold (a, b) and re-adds the `n` rows of `data` (row-major pairs).
   * Returns false (and changes nothing) when (a, b) is negative or the bitmap would exceed
   * 2^28 bits.
   */
  grow(a: number, b: number, data: Int32Array, n: number): boolean {
    if (a < 0 || b < 0) return false;
    const b0 = Math.max(this.b0, dimBits(a));
    const b1 = Math.max(this.b1, dimBits(b));
    if (!worthBits(b0 + b1, n + 1, 256)) return false;
    this.b0 = b0;
    this.b1 = b1;
    this.bits = new Int32Array(1 << Math.max(0, b0 + b1 - 5));
    for (let r = 0; r < n; r++) this.add(data[2 * r]!, data[2 * r + 1]!);
    return true;
  }

  /** Removes every pair. */
  clear(): void {
    this.bits.fill(0);
  }
}

/**
 * The bitmap for `n` rows of `data` (row-major pairs) plus `extra` pending tuples of `pend`
 * (`[hash, a, b]` every `stride` ints), or null when a key is negative or the keys are too
 * sparse (more than 64 bits per row). `max0`/`max1` are the largest keys of the rows.
 */
export function densePairBits(data: Int32Array, n: number, pend: Int32Array, extra: number, stride: number, max0: number, max1: number): PairBits | null {
  let m0 = max0, m1 = max1;
  for (let i = 0; i < extra; i++) {
    const a = pend[i * stride + 1]!, b = pend[i * stride + 2]!;
    if (a < 0 || b < 0) return null;
    if (a > m0) m0 = a;
    if (b > m1) m1 = b;
  }
  const b0 = dimBits(m0), b1 = dimBits(m1);
  if (!worthBits(b0 + b1, n + extra, 64)) return null;
  const pb = new PairBits(b0, b1);
  for (let r = 0; r < n; r++) pb.add(data[2 * r]!, data[2 * r + 1]!);
  return pb;
}
