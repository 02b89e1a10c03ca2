/**
 * The key storage of a relation: the rows and the structures that deduplicate and find them.
 * relation.ts adds the buffered insertion, the lattice values, the change log and the deltas.
 *
 *   rows      row-major: `data[r * arity + c]` is key column c of row r (one cache line holds
 *             a whole row, so a dedup check costs one miss); capacity doubles when full
 *   set       open addressing, linear probing, load ≤ 4/5; slot i holds `r + 1` (0 = empty)
 *             and a copy of row r's key columns inline (`slots[i*(1+arity) ..]`), so a probe
 *             touches one cache line and never the row data (the copy costs 4 B per column
 *             per slot; a duplicate check is then one memory access, which dominates the
 *             transitive-closure workloads); hash = `hashStep`/`hashFinal` over the key
 *   modes     replacing the set: the dense key table of one-column relations, the chains
 *             on one key column of wider ones (`dcol`, `dnext`: the rows of one instruction
 *             linked from `dense`), which also stand in for the index on that column, and
 *             the presence bitmap a two-column plain relation moves to when its pairs are
 *             dense (pair-bits.ts)
 *   index     per bound-column set (index-table.ts)
 *
 * The generated join code (gen.ts) reads these fields directly and inlines the probes.
 */
import { densePairBits, type PairBits } from './pair-bits.js';
import { H0, hashFinal, hashStep } from './hash.js';
import { Index } from './index-table.js';

/**
 * The chain-mode column of a relation (see `RowStore.dcol`), or -1: the last key column of a
 * lattice relation with two or more, the first of a plain relation with two or more (a
 * two-column one leaves the mode for the presence bitmap when its pairs are dense enough).
 * The generated code uses it too.
 */
export function chainColumn(lattice: boolean, keyArity: number): number {
  if (lattice) return keyArity >= 2 ? keyArity - 1 : -1;
  return keyArity >= 2 ? 0 : -1;
}

/** The rows of a relation and their dedup and lookup structures (see the file header). */
export class RowStore {
  data: Int32Array;
  size = 0;
  /** Times `clear` ran: with `size` it names the rows, which are otherwise only appended. */
  clears = 0;
  cap: number;
  slots: Int32Array;
  smask: number;
  /** Slot of hash h = `h >>> sshift` (the top bits: slot order is hash order, see `flush`). */
  sshift: number;
  /** Derived tuples waiting for `flush` (plain relations): entries `[hash, key...]`. */
  pend: Int32Array = new Int32Array(0);
  pendLen = 0;
  pendCap = 0;
  /**
   * Relations with one key column: `dense[k] = row + 1` (0 = absent) for every key k in
   * [0, dense.length), kept next to the hash set so that small non-negative keys (instruction
   * numbers) are found without hashing. Grows by doubling up to 2^24 keys while keys stay
   * within 4 × size + 1024; larger or negative keys only use the hash set.
   */
  dense: Int32Array = new Int32Array(0);
  /**
   * One-column relations start in dense mode: `dense` alone is the key set and the hash set
   * stays empty (a probe of it finds nothing), so instruction-keyed relations are filled
   * without hashing. A key the dense table may not cover (negative, ≥ 2^24, or beyond
   * 4 × size + 1024) ends the mode: the hash set is built over every row.
   */
  denseOnly: boolean;
  /**
   * Relations with two or more key columns start in chain mode on one key column c (`chainColumn`: the last key column of a lattice
   * relation, the first of a plain one — an instruction, in the analyses' relations):
   * `dense[k]` = newest row with t[c] = k, + 1,
   * and `dnext[r]` = the previous row with the same value, + 1 (0 ends). The chain is the
   * key set: a probe walks the few rows of one instruction instead of hashing into a table
   * far larger than the caches, and nothing is rehashed as the relation grows. A value the
   * dense table may not cover (negative, ≥ 2^24, or beyond 4 × size + 2^21), or chains
   * longer than 16 rows on average, end the mode (`dcol` = -1): the hash set is built over
   * every row. A plain two-column relation also ends it for the presence bitmap (`pb`) when
   * its pairs are dense enough.
   */
  dcol: number;
  dnext: Int32Array = new Int32Array(0);
  private chainKeys = 0;
  /** Indexes on the chain column, not built while the chains stand in for them. */
  private readonly deferred: Index[] = [];
  protected readonly scratch: Int32Array;
  /** Ints per dedup slot: row + 1, then the key columns. */
  readonly sstride: number;
  readonly indexes: Index[] = [];
  private readonly indexByKey = new Map<string, Index>();
  /**
   * Plain two-column relations (`pairable`): a presence bitmap replacing the chains or the
   * hash set while the keys are dense enough (pair-bits.ts); `find` then answers 0 for
   * present, -1 absent.
   */
  pb: PairBits | null = null;
  private kmax0 = 0;
  private kmax1 = 0;
  private kneg = false;

  constructor(
    readonly name: string, readonly arity: number, isLattice: boolean, indexCols: readonly (readonly number[])[] = [],
    readonly pairable = false,
  ) {
    this.cap = 16;
    this.data = new Int32Array(this.cap * Math.max(1, arity));
    this.sstride = 1 + arity;
    this.denseOnly = arity === 1;
    this.dcol = chainColumn(isLattice, arity);
    if (this.dcol >= 0) this.dnext = new Int32Array(this.cap);
    this.slots = new Int32Array(32 * this.sstride);
    this.smask = 31;
    this.sshift = 27;
    this.scratch = new Int32Array(Math.max(1, arity));
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
    if (ix && this.deferred.includes(ix)) ix.keys = this.chainKeys;
    if (!ix) {
      const chained = this.dcol >= 0 && cols.includes(this.dcol);
      // a deferred index gets its chain array when `fill` builds it
      ix = new Index(cols, chained ? 0 : this.cap);
      this.indexByKey.set(key, ix);
      if (chained) {
        // the chains are this index while the mode lasts: built only when it ends
        // (the generated lookups walk the chains meanwhile, gen.ts)
        ix.keys = this.chainKeys;
        this.deferred.push(ix);
        return ix;
      }
      this.fill(ix, this.size);
    }
    return ix;
  }

  /** Builds index `ix` over rows [0, n) and maintains it from then on. */
  private fill(ix: Index, n: number): void {
    if (ix.next.length < this.cap) { const nx = new Int32Array(this.cap); nx.set(ix.next); ix.next = nx; }
    ix.keys = 0;                              // a deferred index only reported the chains' count
    ix.presize(n);
    for (let r = 0; r < n; r++) ix.add(this, r);
    this.indexes.push(ix);
  }

  /**
   * Makes room for `n` more rows at once (data, dedup set, index chains), so that a bulk
   * insertion does not grow and rehash step by step.
   *
   * @example
   * rel.reserve(rows.length); for (const t of rows) rel.insert(t);
   */
  reserve(n: number): void {
    const want = this.size + n;
    if (want > this.cap) {
      let cap = this.cap;
      while (cap < want) cap *= 2;
      this.grow(cap);
    }
    if (this.pb === null && !this.denseOnly && this.dcol < 0) this.rehashFor(want);
  }

  /** Grows the dedup set (in one step) until `rows` keys fit under the load limit. */
  protected rehashFor(rows: number): void {
    let k = 0;
    while (rows * 5 > ((this.smask + 1) << k) * 4) k++;
    if (k > 0) this.rehash(k);
  }

  private grow(to = this.cap * 2): void {
    const cap = to;
    { const n = new Int32Array(cap * Math.max(1, this.arity)); n.set(this.data); this.data = n; }
    for (const ix of this.indexes) { const n = new Int32Array(cap); n.set(ix.next); ix.next = n; }
    if (this.dcol >= 0) { const n = new Int32Array(cap); n.set(this.dnext); this.dnext = n; }
    this.growRows(cap);
    this.cap = cap;
  }

  /** Rebuilds the dedup set 2^k times larger. */
  private rehash(k = 1): void {
    const old = this.slots;
    const st = this.sstride;
    const n = this.arity;
    const cap = (this.smask + 1) << k;
    const slots = new Int32Array(cap * st);
    const mask = cap - 1;
    for (let i = 0; i < old.length; i += st) {
      if (old[i] === 0) continue;
      let h = H0;
      for (let c = 0; c < n; c++) h = hashStep(h, old[i + 1 + c]!);
      h = hashFinal(h) >>> (this.sshift - k);
      while (slots[h * st] !== 0) h = (h + 1) & mask;
      for (let c = 0; c < st; c++) slots[h * st + c] = old[i + c]!;
    }
    this.slots = slots;
    this.smask = mask;
    this.sshift -= k;
  }

  /** Slot index where the key `t` is, or the empty slot where it would go. */
  private probe(t: ArrayLike<number>): number {
    let h = H0;
    const n = this.arity;
    const st = this.sstride;
    for (let c = 0; c < n; c++) h = hashStep(h, t[c]!);
    h = hashFinal(h) >>> this.sshift;
    const sl = this.slots;
    for (;;) {
      const b = h * st;
      if (sl[b] === 0) return h;
      let c = 0;
      while (c < n && sl[b + 1 + c] === t[c]) c++;
      if (c === n) return h;
      h = (h + 1) & this.smask;
    }
  }

  /** Row id of the key `t[0..arity)`, or -1. */
  find(t: ArrayLike<number>): number {
    if (this.pb !== null) return this.pb.has(t[0]!, t[1]!) ? 0 : -1;
    if (this.arity === 1 && t[0]! >>> 0 < this.dense.length) return this.dense[t[0]!]! - 1;
    if (this.dcol >= 0) return this.chainFind(t);
    return this.slots[this.probe(t) * this.sstride]! - 1;
  }

  /** Appends the key `t` if absent; returns the new row id, or -1 if it was present. */
  insert(t: ArrayLike<number>): number {
    if (this.pb !== null) return this.insertPair(t[0]!, t[1]!);
    if (this.denseOnly) {
      // every key is in the dense table; one it cannot cover is new, and appendAt leaves the mode
      const k = t[0]!;
      return k >>> 0 < this.dense.length && this.dense[k] !== 0 ? -1 : this.appendAt(t, 0);
    }
    if (this.dcol >= 0) return this.chainFind(t) >= 0 ? -1 : this.appendAt(t, 0);
    const h = this.probe(t);
    if (this.slots[h * this.sstride] !== 0) return -1;
    return this.appendAt(t, h);
  }

  /**
   * Chain mode: inserts rows [0, n) given column by column, in order, with room made once.
   * Returns how many were taken: n, or fewer when a row ended the mode (the caller inserts
   * the rest through the hash set).
   */
  protected insertChained(columns: readonly ArrayLike<number>[], n: number): number {
    this.reserve(n);
    // rows go from the columns straight into `data` and onto their chains
    const ar = this.arity, ixs = this.indexes;
    const key = columns[this.dcol]!;
    for (let i = 0; i < n; i++) {
      const k = key[i]! | 0;
      const d = this.data;
      let x = k >>> 0 < this.dense.length ? this.dense[k]! : 0;
      while (x !== 0) {
        const b = (x - 1) * ar;
        let c = 0;
        while (c < ar && d[b + c] === (columns[c]![i]! | 0)) c++;
        if (c === ar) break;
        x = this.dnext[x - 1]!;
      }
      if (x !== 0) continue;
      const r = this.size;
      for (let c = 0; c < ar; c++) d[r * ar + c] = columns[c]![i]! | 0;
      this.size = r + 1;
      if (this.pairable) this.noteKeys(d[r * ar]!, d[r * ar + 1]!);
      const linked = this.noteChain(k, r);
      for (let j = 0; j < ixs.length; j++) ixs[j]!.add(this, r);
      if (!linked) { this.leaveChain(); return i + 1; }
    }
    return n;
  }

  /**
   * Takes `n` rows stored row-major in `data` (`data[r * arity + c]`) as this relation's rows,
   * without copying them (unless `data` is shorter than the current capacity): the relation
   * must be empty, in chain mode and without a built index,
   * and the chain column's values must not descend (the base facts keyed by instruction:
   * `insn`, `code`, `succ`). Then the rows of one value are consecutive and each is compared
   * only with the others of its value (a duplicate refuses the whole array); chains and the
   * dense table are linked as appending the rows one by one would link them. The array
   * becomes the relation's (the caller gives it up). False, with nothing changed, otherwise
   * (also when a value would end the mode: `noteChain`'s bounds and chain length).
   *
   * @example
   * rel.adoptRows(Int32Array.of(0, 7, 1, 7), 2) // true: rows (0, 7), (1, 7)
   */
  adoptRows(data: Int32Array, n: number): boolean {
    const ar = this.arity;
    if (this.size !== 0 || this.dcol < 0 || this.indexes.length !== 0 || ar === 0 || data.length < n * ar) return false;
    const kc = this.dcol;
    let prev = -1, runStart = 0, keys = 0;
    for (let r = 0; r < n; r++) {
      const k = data[r * ar + kc]!;
      if (k < 0 || k < prev || k >= 1 << 24 || k > 4 * r + (1 << 21)) return false;
      if (k !== prev) { runStart = r; keys++; prev = k; continue; }
      for (let q = runStart; q < r; q++) {
        let c = 0;
        while (c < ar && data[q * ar + c] === data[r * ar + c]) c++;
        if (c === ar) return false;
      }
    }
    if (n > 16 * keys + 1024) return false;
    const cap = Math.max(this.cap, Math.floor(data.length / ar));
    let d = data;
    if (d.length < cap * ar) { d = new Int32Array(cap * ar); d.set(data); }
    this.data = d;
    const dx = new Int32Array(cap);
    this.dnext = dx;
    this.growRows(cap);
    this.cap = cap;
    let len = this.dense.length;
    if (prev >= len) {
      len = this.denseLength();
      while (len <= prev) len *= 2;
      this.dense = new Int32Array(len);
    }
    const dn = this.dense;
    for (let r = 0; r < n; r++) {
      const k = data[r * ar + kc]!;
      // dx is fresh (zeros): the first row of a key leaves its page untouched, so a relation
      // with one row per key (insn, code) never faults the pages of its chain links in
      const h = dn[k]!;
      if (h !== 0) dx[r] = h;
      dn[k] = r + 1;
    }
    // a pairable relation notes its key ranges, as insertChained does (for the bitmap mode)
    if (this.pairable) for (let r = 0; r < n; r++) this.noteKeys(data[2 * r]!, data[2 * r + 1]!);
    this.chainKeys = keys;
    this.size = n;
    return true;
  }

  /** Chain mode: the row with key `t`, or -1. */
  protected chainFind(t: ArrayLike<number>): number {
    const k = t[this.dcol]!;
    const n = this.arity, d = this.data;
    let x = k >>> 0 < this.dense.length ? this.dense[k]! : 0;
    while (x !== 0) {
      const b = (x - 1) * n;
      let c = 0;
      while (c < n && d[b + c] === t[c]) c++;
      if (c === n) return x - 1;
      x = this.dnext[x - 1]!;
    }
    return -1;
  }

  /**
   * The next dense-table length before doubling up to a key: at least the row capacity
   * (keys are instruction numbers, about one per row), so that a table filled in key order
   * is not regrown at every doubling of the keys (which allocated twice its final size).
   */
  private denseLength(): number {
    return Math.max(1024, this.dense.length, Math.min(this.cap, 1 << 24));
  }

  /**
   * Chain mode: links row r (key value k in the chain column) into its chain, growing the
   * dense table when k may be covered; false when it may not (the mode must end).
   */
  private noteChain(k: number, r: number): boolean {
    if (k >>> 0 >= this.dense.length) {
      // instruction numbers: a table of up to 2^21 entries (8 MB) before the rows justify it
      if (k < 0 || k >= 1 << 24 || k > 4 * this.size + (1 << 21)) return false;
      let len = this.denseLength();
      while (len <= k) len *= 2;
      const dn = new Int32Array(len);
      dn.set(this.dense);
      this.dense = dn;
    }
    const head = this.dense[k]!;
    if (head === 0) this.chainKeys++;
    this.dnext[r] = head;
    this.dense[k] = r + 1;
    return this.size <= 16 * this.chainKeys + 1024;
  }

  /** Ends chain mode: builds the hash set over every row. */
  private leaveChain(): void {
    // `dense` and `dnext` stay as they are: a generated lookup walking a chain when the mode
    // ended finishes its walk (rows appended from now on are not linked)
    this.dcol = -1;
    this.rebuildSet();
    this.buildDeferred();
  }

  /** Builds the indexes the chains stood for (the mode has ended). */
  private buildDeferred(): void {
    for (const ix of this.deferred.splice(0)) this.fill(ix, this.size);
  }

  /**
   * Appends the key `t` (known absent) whose probe ended at the empty slot `slot`.
   * Used by the generated code after its inline probe; returns the row id.
   */
  appendAt(t: ArrayLike<number>, slot: number): number {
    const r = this.size;
    if (r === this.cap) this.grow();
    if (this.denseOnly) {
      // dense mode: the dense table is the key set (`slot` is ignored)
      const k = t[0]!;
      this.data[r] = k;
      this.size = r + 1;
      if (!this.noteDense(k, r)) this.leaveDense();
      const ixs = this.indexes;
      for (let i = 0; i < ixs.length; i++) ixs[i]!.add(this, r);
      return r;
    }
    if (this.dcol >= 0) {
      // chain mode: the chain is the key set (`slot` is ignored)
      const n = this.arity;
      for (let c = 0; c < n; c++) this.data[r * n + c] = t[c]!;
      this.size = r + 1;
      if (this.pairable) this.noteKeys(t[0]!, t[1]!);
      const linked = this.noteChain(t[this.dcol]!, r);
      const ixs = this.indexes;
      for (let i = 0; i < ixs.length; i++) ixs[i]!.add(this, r);
      if (!linked) this.leaveChain();
      return r;
    }
    const n = this.arity;
    const d = this.data;
    const st = this.sstride;
    const sl = this.slots;
    sl[slot * st] = r + 1;
    for (let c = 0; c < n; c++) {
      const v = t[c]!;
      d[r * n + c] = v;
      sl[slot * st + 1 + c] = v;
    }
    this.size = r + 1;
    if (this.pairable) this.noteKeys(t[0]!, t[1]!);
    if (n === 1) this.noteDense(t[0]!, r);
    if (this.size * 5 > (this.smask + 1) * 4) this.rehash();
    const ixs = this.indexes;
    for (let i = 0; i < ixs.length; i++) ixs[i]!.add(this, r);
    return r;
  }

  private noteKeys(a: number, b: number): void {
    if (a < 0 || b < 0) this.kneg = true;
    if (a > this.kmax0) this.kmax0 = a;
    if (b > this.kmax1) this.kmax1 = b;
  }

  /** Bitmap mode: inserts (a, b) if absent; returns the new row id or -1. */
  protected insertPair(a: number, b: number): number {
    const pb = this.pb!;
    if (!pb.fits(a, b) && !pb.grow(a, b, this.data, this.size)) {
      this.leaveBits();
      this.scratch[0] = a;
      this.scratch[1] = b;
      return this.insert(this.scratch);
    }
    if (!pb.add(a, b)) return -1;
    const r = this.size;
    if (r === this.cap) this.grow();
    this.data[2 * r] = a;
    this.data[2 * r + 1] = b;
    this.size = r + 1;
    this.noteKeys(a, b);
    const ixs = this.indexes;
    for (let i = 0; i < ixs.length; i++) ixs[i]!.add(this, r);
    return r;
  }

  /** Switches to the bitmap when the keys (rows plus `extra` pending ones) are dense enough. */
  protected maybeEnterBits(extra: number): void {
    if (!this.pairable || this.pb !== null || this.kneg || this.size + extra < 1024) return;
    const pb = densePairBits(this.data, this.size, this.pend, extra, this.sstride, this.kmax0, this.kmax1);
    if (pb === null) return;
    this.pb = pb;
    this.slots = new Int32Array(32 * this.sstride);
    this.smask = 31;
    this.sshift = 27;
    if (this.dcol >= 0) {
      // the bitmap replaces the chains as the key set (as in leaveChain, `dense` and `dnext`
      // stay for a walk in progress); the indexes they stood for are built now
      this.dcol = -1;
      this.buildDeferred();
    }
  }

  /** Leaves bitmap mode: rebuilds the hash set from the rows. */
  private leaveBits(): void {
    this.pb = null;
    this.rebuildSet();
  }

  /** Builds the dedup set over every row (after the bitmap or the dense mode). */
  private rebuildSet(): void {
    const st = this.sstride;
    const n = this.arity;
    let cap = 32, shift = 27;
    while (this.size * 5 > cap * 4) { cap *= 2; shift--; }
    const sl = new Int32Array(cap * st);
    const mask = cap - 1;
    const d = this.data;
    for (let r = 0; r < this.size; r++) {
      let h = H0;
      for (let c = 0; c < n; c++) h = hashStep(h, d[r * n + c]!);
      h = hashFinal(h) >>> shift;
      while (sl[h * st] !== 0) h = (h + 1) & mask;
      sl[h * st] = r + 1;
      for (let c = 0; c < n; c++) sl[h * st + 1 + c] = d[r * n + c]!;
    }
    this.slots = sl;
    this.smask = mask;
    this.sshift = shift;
  }

  /**
   * Records row r under key k in the dense table, growing it (rebuilt from the rows) when k
   * may be covered; false when not (negative, ≥ 2^24, or beyond 4 × size + 1024).
   */
  private noteDense(k: number, r: number): boolean {
    if (k >>> 0 < this.dense.length) { this.dense[k] = r + 1; return true; }
    if (k < 0 || k >= 1 << 24 || k > 4 * this.size + 1024) return false;
    let len = this.denseLength();
    while (len <= k) len *= 2;
    const d = new Int32Array(len);
    for (let i = 0; i < this.size; i++) {
      const key = this.data[i]!;
      if (key >>> 0 < len) d[key] = i + 1;
    }
    this.dense = d;
    return true;
  }

  /** Leaves dense mode: builds the hash set over every row (the dense table stays a shortcut). */
  private leaveDense(): void {
    this.denseOnly = false;
    this.rebuildSet();
  }

  /** Grows per-row arrays of a subclass to `cap` rows (with the row arrays). */
  protected growRows(_cap: number): void {}

  /** Key column `c` of row `r`. */
  at(r: number, c: number): number {
    return this.data[r * this.arity + c]!;
  }

  /** Removes every row (used when a stratum is recomputed from scratch). */
  clear(): void {
    this.clears++;
    this.pb?.clear();
    this.kmax0 = this.kmax1 = 0;
    this.kneg = false;
    this.size = 0;
    this.slots.fill(0);
    this.dense.fill(0);
    this.chainKeys = 0;
    this.pendLen = 0;
    for (const ix of this.indexes) { ix.tab.fill(0); ix.dense.fill(0); ix.keys = 0; }
  }
}
