/**
 * A hash index of a relation on a set of key columns: an open-addressing table from key to
 * the newest row with that key (`tab[h] = r + 1`) and a chain `next[r]` = the previous row
 * with the same key (-1 ends). New rows are prepended, so a chain walk never meets rows
 * appended after it started, and rows < `limit` are found by skipping. Single-column
 * indexes also keep `dense[k]` = newest row with key k, + 1, for small non-negative keys.
 */
import { H0, hashFinal, hashStep } from './hash.js';

/** The rows an index is built over (a Relation). */
export interface IndexedRows {
  readonly data: Int32Array;
  readonly arity: number;
  readonly size: number;
}

/** A hash index on a set of key columns (see the file header). */
export class Index {
  tab: Int32Array;
  mask: number;
  keys = 0;
  next: Int32Array;
  /**
   * Single-column indexes: `dense[k] = newest row with key k, + 1` for k in [0, dense.length),
   * beside the hash table (same chains), so small non-negative keys skip hashing.
   */
  dense: Int32Array = new Int32Array(0);
  /**
   * Single-column indexes start in dense mode: `dense` alone holds the chain heads and the
   * hash table stays empty (a probe of it finds nothing). A key the dense table may not
   * cover (negative, ≥ 2^24, or beyond 4 × rows + 1024) ends the mode: the hash table is
   * built over the rows so far.
   */
  denseOnly: boolean;
  constructor(readonly cols: readonly number[], rowCap: number) {
    this.tab = new Int32Array(16);
    this.mask = 15;
    this.next = new Int32Array(rowCap);
    this.denseOnly = cols.length === 1;
  }

  /** Sizes the hash table for about `n` keys at once (before a bulk build). */
  presize(n: number): void {
    if (this.denseOnly || this.keys > 0) return;
    let cap = 16;
    while (cap <= 2 * n) cap *= 2;
    this.tab = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** Leaves dense mode: builds the hash table (newest row per key) over the rows before `r`. */
  private leaveDense(rel: IndexedRows, r: number): void {
    this.denseOnly = false;
    this.keys = 0;
    let cap = 16;
    while (cap <= 2 * r) cap *= 2;
    this.tab = new Int32Array(cap);
    this.mask = cap - 1;
    for (let q = 0; q < r; q++) {
      let h = this.hashRow(rel, q) & this.mask;
      for (;;) {
        const s = this.tab[h]!;
        if (s === 0) { this.tab[h] = q + 1; this.keys++; break; }
        if (this.sameKey(rel, s - 1, q)) { this.tab[h] = q + 1; break; }
        h = (h + 1) & this.mask;
      }
    }
  }
  /**
   * Records row r as the newest with key k in the dense table, growing it (doubling, from
   * 1,024) when k may be covered; false when it may not (negative, ≥ 2^24, or beyond
   * 4 × rows + 1024). Outside dense mode the grown table is refilled from the hash table.
   */
  private noteDense(rel: IndexedRows, k: number, r: number): boolean {
    if (k >>> 0 >= this.dense.length) {
      if (k < 0 || k >= 1 << 24 || k > 4 * rel.size + 1024) return false;
      let len = Math.max(1024, this.dense.length);
      while (len <= k) len *= 2;
      const d = new Int32Array(len);
      d.set(this.dense);
      if (!this.denseOnly) {
        const c = this.cols[0]!;
        for (let i = 0; i < this.tab.length; i++) {
          const s = this.tab[i]!;
          if (s !== 0) d[rel.data[(s - 1) * rel.arity + c]!] = s;
        }
      }
      this.dense = d;
    }
    this.dense[k] = r + 1;
    return true;
  }
  hashRow(rel: IndexedRows, r: number): number {
    let h = H0;
    for (const c of this.cols) h = hashStep(h, rel.data[r * rel.arity + c]!);
    return hashFinal(h);
  }
  sameKey(rel: IndexedRows, a: number, b: number): boolean {
    for (const c of this.cols) if (rel.data[a * rel.arity + c] !== rel.data[b * rel.arity + c]) return false;
    return true;
  }
  add(rel: IndexedRows, r: number): void {
    if (this.denseOnly) {
      const k = rel.data[r * rel.arity + this.cols[0]!]!;
      const head = k >>> 0 < this.dense.length ? this.dense[k]! : 0;
      if (this.noteDense(rel, k, r)) { this.next[r] = head - 1; return; }
      this.leaveDense(rel, r);
    }
    if (this.cols.length === 1) this.noteDense(rel, rel.data[r * rel.arity + this.cols[0]!]!, r);
    let h = this.hashRow(rel, r) & this.mask;
    for (;;) {
      const s = this.tab[h]!;
      if (s === 0) {
        this.tab[h] = r + 1;
        this.next[r] = -1;
        if (++this.keys * 2 > this.mask) this.rehashIndex(rel);
        return;
      }
      if (this.sameKey(rel, s - 1, r)) {
        this.next[r] = s - 1;
        this.tab[h] = r + 1;
        return;
      }
      h = (h + 1) & this.mask;
    }
  }
  private rehashIndex(rel: IndexedRows): void {
    const old = this.tab;
    const cap = (this.mask + 1) * 2;
    this.tab = new Int32Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < old.length; i++) {
      const s = old[i]!;
      if (s === 0) continue;
      let h = this.hashRow(rel, s - 1) & this.mask;
      while (this.tab[h] !== 0) h = (h + 1) & this.mask;
      this.tab[h] = s;
    }
  }
  /** Newest row with the key of `probe` on `this.cols` (probe holds all key columns), or -1. */
  first(rel: IndexedRows, probe: ArrayLike<number>): number {
    if (this.cols.length === 1 && probe[this.cols[0]!]! >>> 0 < this.dense.length) return this.dense[probe[this.cols[0]!]!]! - 1;
    let h = H0;
    for (const c of this.cols) h = hashStep(h, probe[c]!);
    h = hashFinal(h) & this.mask;
    for (;;) {
      const s = this.tab[h]!;
      if (s === 0) return -1;
      let ok = true;
      for (const c of this.cols) if (rel.data[(s - 1) * rel.arity + c] !== probe[c]) { ok = false; break; }
      if (ok) return s - 1;
      h = (h + 1) & this.mask;
    }
  }
}
