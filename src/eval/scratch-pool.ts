/**
 * Int32 scratch buffers shared by the relations: the pending buffers of derived tuples and
 * their bucketing twins (relation.ts). A stratum's relations hand theirs back when it ends
 * (`releaseScratch`) and a pending buffer that grows hands back the one it outgrew, so the
 * next relation to fill one reuses it instead of allocating.
 *
 * Why: every ArrayBuffer allocated counts towards V8's external memory, and each 64 MB of
 * growth triggers a full garbage collection; fresh memory also costs a page fault per 4 KB.
 * At a million instructions the pending buffers alone allocated ~170 MB.
 *
 *     take(n)  = the smallest pooled buffer of n .. 4n ints (removed from the pool), else a
 *                new one of n (small requests, under MIN_INTS, always get a new one)
 *     give(b)  = pools b (≥ MIN_INTS); while the pool holds more than MAX_BYTES, its smallest
 *                buffers are dropped (the garbage collector frees them)
 *
 * A buffer is owned by one relation at a time: `give` is called only by the owner, which
 * stops using it (generated code reloads `pend` after `makeRoom`, and a released relation
 * has `pendCap` 0, so its next insertion calls `makeRoom` first). Contents are not cleared.
 */
const MIN_INTS = 4096;
const MAX_BYTES = 96 << 20;
const pool: Int32Array[] = [];
let pooledBytes = 0;

/**
 * A buffer of at least `n` ints (contents unspecified).
 *
 * @example
 * take(8192).length >= 8192 // true
 */
export function take(n: number): Int32Array {
  if (n < MIN_INTS) return new Int32Array(n);
  let best = -1;
  for (let i = 0; i < pool.length; i++) {
    const len = pool[i]!.length;
    if (len >= n && len <= 4 * n && (best < 0 || len < pool[best]!.length)) best = i;
  }
  if (best < 0) return new Int32Array(n);
  const b = pool[best]!;
  pool.splice(best, 1);
  pooledBytes -= b.byteLength;
  return b;
}

/**
 * Hands `b` back for reuse (small buffers are left to the garbage collector).
 *
 * @example
 * give(take(1 << 16)); take(1 << 16) // the same buffer
 */
export function give(b: Int32Array): void {
  if (b.length < MIN_INTS || pool.includes(b)) return;
  pool.push(b);
  pooledBytes += b.byteLength;
  while (pooledBytes > MAX_BYTES) {
    let small = 0;
    for (let i = 1; i < pool.length; i++) if (pool[i]!.length < pool[small]!.length) small = i;
    pooledBytes -= pool[small]!.byteLength;
    pool.splice(small, 1);
  }
}

/** Bytes held by the pool (for tests and statistics). */
export function pooled(): number {
  return pooledBytes;
}
