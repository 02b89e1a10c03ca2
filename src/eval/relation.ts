/**
 * Relation storage: columnar, int32, deduplicated, indexed.
 *
 *   rows      `cols[c][r]` for key column c of row r; capacity doubles when full
 *   values    `values[r]` the lattice value of row r (lattice relations only)
 *   set       open addressing over row ids, linear probing, load ≤ 1/2; slot i is the pair
 *             `slots[2i] = r + 1` (0 = empty), `slots[2i+1] = hash of r's key` (a fingerprint:
 *             a probe reads the columns only when the full 32-bit hashes agree, and a rehash
 *             never reads the columns); hash = mix of the key columns (`hashStep`/`hashFinal`)
 *   index     per bound-column set: open addressing table from key to the newest row with
 *             that key (`tab[h] = r + 1`) and a chain `next[r]` = the previous row with the
 *             same key (-1 ends). New rows are prepended, so a chain walk never meets rows
 *             appended after it started, and rows < `limit` are found by skipping.
 *   delta     plain relation: the row range [dLo, dHi); lattice relation: the row list
 *             `dRows[0..dLen)`. Every change of a lattice row is appended to `log`.
 *
 * The generated join code (compile.ts) reads these fields directly and inlines the probe
 * loops; `HASH_JS` is the same hash as JS source.
 */
import type { Lattice } from '../base/lattice.js';

const H0 = 0x2545f491;
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

/** A hash index on a set of key columns (see the file header). */
export class Index {
  tab: Int32Array;
  mask: number;
  keys = 0;
  next: Int32Array;
  constructor(readonly cols: readonly number[], rowCap: number) {
    this.tab = new Int32Array(16);
    this.mask = 15;
    this.next = new Int32Array(rowCap);
  }
  hashRow(rel: Relation, r: number): number {
    let h = H0;
    for (const c of this.cols) h = hashStep(h, rel.cols[c]![r]!);
    return hashFinal(h);
  }
  sameKey(rel: Relation, a: number, b: number): boolean {
    for (const c of this.cols) if (rel.cols[c]![a] !== rel.cols[c]![b]) return false;
    return true;
  }
  add(rel: Relation, r: number): void {
    let h = this.hashRow(rel, r) & this.mask;
    for (;;) {
      const s = this.tab[h]!;
      if (s === 0) {
        this.tab[h] = r + 1;
        this.next[r] = -1;
        if (++this.keys * 2 > this.mask) this.rehash(rel);
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
  private rehash(rel: Relation): void {
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
  first(rel: Relation, probe: ArrayLike<number>): number {
    let h = H0;
    for (const c of this.cols) h = hashStep(h, probe[c]!);
    h = hashFinal(h) & this.mask;
    for (;;) {
      const s = this.tab[h]!;
      if (s === 0) return -1;
      let ok = true;
      for (const c of this.cols) if (rel.cols[c]![s - 1] !== probe[c]) { ok = false; break; }
      if (ok) return s - 1;
      h = (h + 1) & this.mask;
    }
  }
}

/** One relation (see the file header). */
export class Relation {
  cols: Int32Array[];
  values: unknown[] = [];
  size = 0;
  cap: number;
  slots: Int32Array;
  smask: number;
  readonly indexes: Index[] = [];
  private readonly indexByKey = new Map<string, Index>();
  dLo = 0;
  dHi = 0;
  dRows: Int32Array = new Int32Array(16);
  dLen = 0;
  log: Int32Array = new Int32Array(16);
  logLen = 0;
  /** Per-row stamp used to deduplicate `dRows` when it is built from `log`. */
  private stamp: Int32Array;
  private stampGen = 0;

  constructor(readonly name: string, readonly arity: number, readonly lattice?: Lattice<unknown>, indexCols: readonly (readonly number[])[] = []) {
    this.cap = 16;
    this.cols = Array.from({ length: arity }, () => new Int32Array(this.cap));
    this.slots = new Int32Array(64);
    this.smask = 31;
    this.stamp = new Int32Array(lattice ? this.cap : 0);
    for (const c of indexCols) this.index(c);
  }

  /**
   * The index on columns `cols` (ascending), built from the current rows on first request.
   *
   * @example
   * rel.index([1]).first(rel, [0, 7]) // newest row with column 1 = 7, or -1
   */
  index(cols: readonly number[]): Index {
    const key = cols.join(',');
    let ix = this.indexByKey.get(key);
    if (!ix) {
      ix = new Index(cols, this.cap);
      for (let r = 0; r < this.size; r++) ix.add(this, r);
      this.indexes.push(ix);
      this.indexByKey.set(key, ix);
    }
    return ix;
  }

  private grow(): void {
    const cap = this.cap * 2;
    this.cols = this.cols.map((c) => { const n = new Int32Array(cap); n.set(c); return n; });
    for (const ix of this.indexes) { const n = new Int32Array(cap); n.set(ix.next); ix.next = n; }
    if (this.lattice) { const n = new Int32Array(cap); n.set(this.stamp); this.stamp = n; }
    this.cap = cap;
  }

  private rehash(): void {
    const old = this.slots;
    const cap = (this.smask + 1) * 2;
    const slots = new Int32Array(cap * 2);
    const mask = cap - 1;
    for (let i = 0; i < old.length; i += 2) {
      const s = old[i]!;
      if (s === 0) continue;
      const hv = old[i + 1]!;
      let h = hv & mask;
      while (slots[2 * h] !== 0) h = (h + 1) & mask;
      slots[2 * h] = s;
      slots[2 * h + 1] = hv;
    }
    this.slots = slots;
    this.smask = mask;
  }

  /** Row id of the key `t[0..arity)`, or -1. */
  find(t: ArrayLike<number>): number {
    let h = H0;
    const n = this.arity;
    for (let c = 0; c < n; c++) h = hashStep(h, t[c]!);
    const hv = hashFinal(h);
    h = hv & this.smask;
    const cols = this.cols;
    for (;;) {
      const s = this.slots[2 * h]!;
      if (s === 0) return -1;
      if (this.slots[2 * h + 1] === hv) {
        const r = s - 1;
        let c = 0;
        while (c < n && cols[c]![r] === t[c]) c++;
        if (c === n) return r;
      }
      h = (h + 1) & this.smask;
    }
  }

  /** Appends the key `t` if absent; returns the new row id, or -1 if it was present. */
  insert(t: ArrayLike<number>): number {
    let h = H0;
    const n = this.arity;
    for (let c = 0; c < n; c++) h = hashStep(h, t[c]!);
    const hv = hashFinal(h);
    h = hv & this.smask;
    const cols = this.cols;
    for (;;) {
      const s = this.slots[2 * h]!;
      if (s === 0) break;
      if (this.slots[2 * h + 1] === hv) {
        const r = s - 1;
        let c = 0;
        while (c < n && cols[c]![r] === t[c]) c++;
        if (c === n) return -1;
      }
      h = (h + 1) & this.smask;
    }
    return this.appendAt(t, h, hv);
  }

  /**
   * Appends the key `t` (known absent) whose probe ended at the empty slot `slot`.
   * Used by the generated code after its inline probe; returns the row id.
   */
  appendAt(t: ArrayLike<number>, slot: number, hash: number): number {
    const r = this.size;
    if (r === this.cap) this.grow();
    const n = this.arity;
    const cols = this.cols;
    for (let c = 0; c < n; c++) cols[c]![r] = t[c]!;
    this.size = r + 1;
    this.slots[2 * slot] = r + 1;
    this.slots[2 * slot + 1] = hash;
    if (this.size * 2 > this.smask) this.rehash();
    const ixs = this.indexes;
    for (let i = 0; i < ixs.length; i++) ixs[i]!.add(this, r);
    return r;
  }

  /** Lattice relations: `appendAt` for a new key with value `v` (logged as changed). */
  appendLatticeAt(t: ArrayLike<number>, slot: number, hash: number, v: unknown): void {
    const r = this.appendAt(t, slot, hash);
    this.values[r] = v;
    this.logRow(r);
  }

  /** Lattice relations: joins `v` into row `r`; logs the row and returns true if it changed. */
  joinAt(r: number, v: unknown): boolean {
    const old = this.values[r];
    const nv = this.lattice!.join(old, v);
    if (nv === old || this.lattice!.equals(nv, old)) return false;
    this.values[r] = nv;
    this.logRow(r);
    return true;
  }

  private logRow(r: number): void {
    if (this.logLen === this.log.length) { const n = new Int32Array(this.log.length * 2); n.set(this.log); this.log = n; }
    this.log[this.logLen++] = r;
  }

  /**
   * Lattice relations: joins `v` into the value stored under key `t`. Returns true when the
   * stored value changed (or the key is new); the row is then appended to `log`.
   */
  joinInto(t: ArrayLike<number>, v: unknown): boolean {
    const L = this.lattice!;
    let r = this.find(t);
    if (r < 0) {
      r = this.insert(t);
      this.values[r] = v;
      this.logRow(r);
      return true;
    }
    const old = this.values[r];
    const nv = L.join(old, v);
    if (nv === old || L.equals(nv, old)) return false;
    this.values[r] = nv;
    this.logRow(r);
    return true;
  }

  /** Sets the delta to the plain rows [lo, hi). */
  setDeltaRange(lo: number, hi: number): void {
    this.dLo = lo;
    this.dHi = hi;
  }

  /** Lattice relations: sets the delta to the distinct rows of `log[from..logLen)`. */
  setDeltaFromLog(from: number): void {
    const g = ++this.stampGen;
    if (this.dRows.length < this.logLen - from) this.dRows = new Int32Array(Math.max(16, (this.logLen - from) * 2));
    let n = 0;
    for (let i = from; i < this.logLen; i++) {
      const r = this.log[i]!;
      if (this.stamp[r] === g) continue;
      this.stamp[r] = g;
      this.dRows[n++] = r;
    }
    this.dLen = n;
  }

  /** Number of tuples in the delta. */
  deltaSize(): number {
    return this.lattice ? this.dLen : this.dHi - this.dLo;
  }

  /** Removes every row (used when a stratum is recomputed from scratch). */
  clear(): void {
    this.size = 0;
    this.values = [];
    this.slots.fill(0);
    this.logLen = 0;
    this.dLo = this.dHi = this.dLen = 0;
    for (const ix of this.indexes) { ix.tab.fill(0); ix.keys = 0; }
  }
}
