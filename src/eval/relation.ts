/**
 * A relation: its key storage (row-store.ts: rows, dedup set and its modes, indexes) plus
 * what evaluation needs on top of it.
 *
 *   pending   derived tuples of a plain relation wait in `pend` until `flush` inserts them,
 *             bucketed by hash; bulk loads (`insertColumns`) go the same way
 *   values    `values[r]` the lattice value of row r (lattice relations only), or four int32
 *             words `mw[4r ..]` for the 128-bit mask lattices
 *   delta     plain relation: the row range [dLo, dHi); lattice relation: the row list
 *             `dRows[0..dLen)`. Every change of a lattice row is appended to `log`
 *             (dropped after an evaluation, `dropLog`); a fused eager function also puts it
 *             on the worklist `wl`.
 *
 * The generated join code (gen.ts) reads these fields directly and inlines the probe
 * loops; `HASH_JS` is the same hash as JS source.
 */
import type { Lattice } from '../base/lattice.js';
import { Mask } from './lattices/mask-value.js';
import { bucketByTopByte, H0, hashFinal, hashStep } from './hash.js';
import { RowStore } from './row-store.js';
import * as scratch from './scratch-pool.js';
import { Worklist } from './worklist.js';

export { hashStep, hashFinal, HASH_INIT, HASH_STEP_JS, HASH_FINAL_JS } from './hash.js';
export { Index } from './index-table.js';
export { chainColumn } from './row-store.js';

/** The counting-sort buckets of `flush` (shared: a flush runs to its end before another starts). */
const bucketCounts = new Int32Array(257);

/** One relation (see the file header). */
export class Relation extends RowStore {
  values: unknown[] = [];
  /**
   * Relations over a 128-bit mask lattice (`lattice.unboxed`): the value of row r as four
   * int32 words `mw[4r .. 4r+3]` instead of `values[r]`; `mwAnd` for the meet-ordered one.
   */
  mw: Int32Array | null = null;
  readonly mwAnd: boolean = false;
  private pendTmp: Int32Array = new Int32Array(0);
  dLo = 0;
  dHi = 0;
  dRows: Int32Array = new Int32Array(16);
  dLen = 0;
  log: Int32Array = new Int32Array(16);
  logLen = 0;
  /** Position of `log[0]` in the change sequence (`dropLog` forgets what every mark has passed). */
  private logBase = 0;
  /**
   * Lattice relations, while `wlOn` (a fused eager function runs): the rows changed and not
   * yet processed, in `wl` (worklist.ts: a stack, or a heap on the flow column);
   * `inWl[r]` = 1 while row r is on it.
   */
  wlOn = false;
  /**
   * The guard dispatch table of the fused function running this relation's delta versions
   * (eager-dispatch.ts), and `gsig`, the guard rows it was built from (their relations'
   * sizes and clears): rebuilt only when those change, not at every iteration.
   */
  gtab: Int32Array | null = null;
  gsig = '';
  readonly wl = new Worklist();
  inWl: Uint8Array = new Uint8Array(0);
  /** Per-row mark used to deduplicate `dRows` when it is built from `log` (cleared after). */
  private stamp: Uint8Array;

  constructor(
    name: string, arity: number, readonly lattice?: Lattice<unknown>, indexCols: readonly (readonly number[])[] = [],
    pairable = false,
  ) {
    super(name, arity, lattice !== undefined, indexCols, pairable);
    this.stamp = new Uint8Array(lattice ? this.cap : 0);
    this.inWl = new Uint8Array(lattice ? this.cap : 0);
    if (lattice?.unboxed !== undefined) {
      this.mw = new Int32Array(this.cap * 4);
      this.mwAnd = lattice.unboxed === 'and128';
    }
  }

  /** `RowStore.adoptRows` for plain relations; a lattice relation (values per row) refuses. */
  override adoptRows(data: Int32Array, n: number): boolean {
    return this.lattice === undefined && super.adoptRows(data, n);
  }

  protected override growRows(cap: number): void {
    if (!this.lattice) return;
    { const n = new Uint8Array(cap); n.set(this.stamp); this.stamp = n; }
    { const n = new Uint8Array(cap); n.set(this.inWl); this.inWl = n; }
    if (this.mw !== null) { const n = new Int32Array(cap * 4); n.set(this.mw); this.mw = n; }
    // boxed values: room made with the rows (one reallocation instead of V8's steps of 1.5x)
    else if (this.values.length < cap) this.values.length = cap;
  }

  /**
   * Bulk insertion of `n` keys given column by column (`columns[c][i]`, int32 bit patterns),
   * through the pending buffer in chunks: `flush` then deduplicates them in hash order (a
   * sweep over the dedup table instead of one random probe per key) and appends the new
   * ones, so rows land in hash order, not in the order given.
   *
   * @example
   * rel.insertColumns([Int32Array.of(1, 2), Int32Array.of(2, 3)], 2) // (1, 2), (2, 3)
   */
  insertColumns(columns: readonly ArrayLike<number>[], n: number): void {
    this.flush();
    // chain mode needs no hashes: rows are checked against their chains in the order given
    const start = this.dcol >= 0 && this.pb === null && this.lattice === undefined ? this.insertChained(columns, n) : 0;
    if (start === n) return;
    const ka = this.arity;
    const st = this.sstride;
    const chunk = 1 << 20;
    // the pending buffers of a bulk load come from the scratch pool and go back to it
    const own = [this.pend, this.pendTmp, this.pendCap] as const;
    const need = Math.min(n, chunk) * st;
    this.pend = scratch.take(need);
    this.pendTmp = scratch.take(need);
    this.pendCap = Math.floor(this.pend.length / st);
    try {
      for (let lo = start; lo < n; lo += chunk) {
        const m = Math.min(n, lo + chunk) - lo;
        const p = this.pend;
        for (let c = 0; c < ka; c++) {
          const col = columns[c]!;
          for (let i = 0; i < m; i++) p[i * st + 1 + c] = col[lo + i]! | 0;
        }
        for (let i = 0; i < m; i++) {
          let h = H0;
          for (let c = 0; c < ka; c++) h = hashStep(h, p[i * st + 1 + c]!);
          p[i * st] = hashFinal(h);
        }
        this.pendLen = m;
        this.flush();
      }
    } finally {
      scratch.give(this.pend);
      scratch.give(this.pendTmp);
      [this.pend, this.pendTmp, this.pendCap] = own;
      this.pendLen = 0;
    }
  }

  /** Hands the pending buffers to the scratch pool when they are large and empty (a stratum has finished). */
  releaseScratch(): void {
    if (this.pendLen > 0 || this.pendCap <= 4096) return;
    scratch.give(this.pend);
    scratch.give(this.pendTmp);
    this.pend = new Int32Array(0);
    this.pendCap = 0;
    this.pendTmp = new Int32Array(0);
  }

  /**
   * Makes room in the pending buffer: grows it up to 2^22 entries, then flushes it.
   * (Generated code calls this when `pendLen === pendCap`, then reloads its arrays.)
   */
  makeRoom(): void {
    if (this.pendCap < 1 << 22) {
      const cap = Math.max(64, this.pendCap * 2);
      const n = scratch.take(cap * this.sstride);
      n.set(this.pend.subarray(0, this.pendLen * this.sstride));
      scratch.give(this.pend);
      this.pend = n;
      this.pendCap = Math.floor(n.length / this.sstride);
    } else {
      this.flush();
    }
  }

  /**
   * Inserts the pending tuples. They are first bucketed by the top 8 bits of their hash
   * (one counting-sort pass), so the probes sweep the dedup table in address order instead
   * of jumping at random: for a table far larger than the caches this turns one cache and
   * TLB miss per derived tuple into a mostly sequential scan.
   */
  flush(): void {
    const n = this.pendLen;
    if (n === 0) return;
    this.maybeEnterBits(n);
    if (this.dcol >= 0) {
      // chain mode: each tuple is looked for on its chain (appendAt may end the mode)
      this.pendLen = 0;
      this.reserve(n);
      const p = this.pend, st = this.sstride, ar = this.arity;
      const t = this.scratch;
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < ar; c++) t[c] = p[i * st + 1 + c]!;
        if (this.dcol < 0) this.insert(t);
        else if (this.chainFind(t) < 0) this.appendAt(t, 0);
      }
      return;
    }
    if (this.denseOnly) {
      this.pendLen = 0;
      this.reserve(n);
      const p = this.pend;
      const t = this.scratch;
      for (let i = 0; i < n; i++) { t[0] = p[i * 2 + 1]!; this.insert(t); }
      return;
    }
    if (this.pb !== null) {
      // bitmap mode: one bit test per tuple, no sorting
      this.pendLen = 0;
      const p = this.pend;
      const t = this.scratch;
      for (let i = 0; i < n; i++) {
        const a = p[i * 3 + 1]!, b = p[i * 3 + 2]!;
        if (this.pb !== null) { this.insertPair(a, b); continue; }
        t[0] = a;
        t[1] = b;
        this.insert(t);
      }
      return;
    }
    this.pendLen = 0;
    const st = this.sstride;
    let src = this.pend;
    if (n >= 256) {
      // one counting-sort pass on the top 8 bits: each of the 256 buckets then covers 1/256
      // of the table (a region that stays in L2/L3 and the TLB while its probes run), and a
      // 256-way scatter is cache-friendly (finer buckets cost a second pass and were slower)
      if (this.pendTmp.length < n * st) {
        scratch.give(this.pendTmp);
        this.pendTmp = scratch.take(this.pend.length);
      }
      bucketByTopByte(this.pend, this.pendTmp, n, this.sstride, bucketCounts);
      src = this.pendTmp;
      this.pendTmp = this.pend;
      this.pend = src;
      this.pendCap = Math.floor(src.length / st);
    }
    const ar = this.arity;
    // phase 1: drop the tuples already present (probes in address order); compact the rest.
    // Skipped when the table can take all n tuples without growing.
    let m = n;
    if ((this.size + n) * 5 > (this.smask + 1) * 4) {
      m = 0;
      const sl = this.slots;
      const sh = this.sshift;
      const mask = this.smask;
      for (let i = 0; i < n; i++) {
        const b0 = i * st;
        let h = src[b0]! >>> sh;
        for (;;) {
          const b = h * st;
          if (sl[b] === 0) {
            if (m !== i) for (let c = 0; c < st; c++) src[m * st + c] = src[b0 + c]!;
            m++;
            break;
          }
          let c = 0;
          while (c < ar && sl[b + 1 + c] === src[b0 + 1 + c]) c++;
          if (c === ar) break;
          h = (h + 1) & mask;
        }
      }
    }
    // phase 2: grow first (a growth in the middle of a sorted insertion would pack the keys
    // inserted so far into the low part of the table), then insert
    this.reserve(m);
    const t = this.scratch;
    for (let i = 0; i < m; i++) {
      const b0 = i * st;
      let h = src[b0]! >>> this.sshift;
      const sl = this.slots;
      for (;;) {
        const b = h * st;
        if (sl[b] === 0) {
          for (let c = 0; c < ar; c++) t[c] = src[b0 + 1 + c]!;
          this.appendAt(t, h);
          break;
        }
        let c = 0;
        while (c < ar && sl[b + 1 + c] === src[b0 + 1 + c]) c++;
        if (c === ar) break;
        h = (h + 1) & this.smask;
      }
    }
  }

  /** Lattice relations: the value of row `r` (boxed from the words for a mask relation). */
  valueAt(r: number): unknown {
    const w = this.mw;
    if (w === null) return this.values[r];
    return Mask.make(w[4 * r]!, w[4 * r + 1]!, w[4 * r + 2]!, w[4 * r + 3]!);
  }

  private setValue(r: number, v: unknown): void {
    const w = this.mw;
    if (w === null) { this.values[r] = v; return; }
    const m = v as Mask;
    w[4 * r] = m.w0;
    w[4 * r + 1] = m.w1;
    w[4 * r + 2] = m.w2;
    w[4 * r + 3] = m.w3;
  }

  /** Lattice relations: `appendAt` for a new key with value `v` (logged as changed). */
  appendLatticeAt(t: ArrayLike<number>, slot: number, v: unknown): void {
    const r = this.appendAt(t, slot);
    this.setValue(r, v);
    this.logRow(r);
  }

  /** Mask relations: `appendLatticeAt` with the value as four words (generated code). */
  appendWordsAt(t: ArrayLike<number>, slot: number, a: number, b: number, c: number, d: number): void {
    const r = this.appendAt(t, slot);
    const w = this.mw!;
    w[4 * r] = a;
    w[4 * r + 1] = b;
    w[4 * r + 2] = c;
    w[4 * r + 3] = d;
    this.logRow(r);
  }

  /** Mask relations: joins the words (a, b, c, d) into row `r`; logs and returns true on change. */
  joinWords(r: number, a: number, b: number, c: number, d: number): boolean {
    const w = this.mw!;
    const i = 4 * r;
    const o0 = w[i]!, o1 = w[i + 1]!, o2 = w[i + 2]!, o3 = w[i + 3]!;
    let n0, n1, n2, n3;
    if (this.mwAnd) { n0 = o0 & a; n1 = o1 & b; n2 = o2 & c; n3 = o3 & d; } else { n0 = o0 | a; n1 = o1 | b; n2 = o2 | c; n3 = o3 | d; }
    if (n0 === o0 && n1 === o1 && n2 === o2 && n3 === o3) return false;
    w[i] = n0;
    w[i + 1] = n1;
    w[i + 2] = n2;
    w[i + 3] = n3;
    this.logRow(r);
    return true;
  }

  /** Lattice relations: joins `v` into row `r`; logs the row and returns true if it changed. */
  joinAt(r: number, v: unknown): boolean {
    if (this.mw !== null) { const m = v as Mask; return this.joinWords(r, m.w0, m.w1, m.w2, m.w3); }
    const old = this.values[r];
    const nv = this.lattice!.join(old, v);
    if (nv === old || this.lattice!.equals(nv, old)) return false;
    this.values[r] = nv;
    this.logRow(r);
    return true;
  }

  private logRow(r: number): void {
    if (this.logLen - this.logBase === this.log.length) { const n = new Int32Array(this.log.length * 2); n.set(this.log); this.log = n; }
    this.log[this.logLen++ - this.logBase] = r;
    if (this.wlOn && this.inWl[r] === 0) this.wlPush(r);
  }

  /** Puts row `r` on the worklist (it must not be on it). */
  wlPush(r: number): void {
    const c = this.wl.col;
    this.wl.push(r, c < 0 ? 0 : this.data[r * this.arity + c]!);
    this.inWl[r] = 1;
  }

  /** Takes the next row off the worklist. */
  wlPop(): number {
    const r = this.wl.pop();
    this.inWl[r] = 0;
    return r;
  }

  /**
   * Lattice relations: joins `v` into the value stored under key `t`. Returns true when the
   * stored value changed (or the key is new); the row is then appended to `log`.
   */
  joinInto(t: ArrayLike<number>, v: unknown): boolean {
    const r = this.find(t);
    if (r < 0) {
      const n = this.insert(t);
      this.setValue(n, v);
      this.logRow(n);
      return true;
    }
    return this.joinAt(r, v);
  }

  /** Sets the delta to the plain rows [lo, hi). */
  setDeltaRange(lo: number, hi: number): void {
    this.dLo = lo;
    this.dHi = hi;
  }

  /** Lattice relations: sets the delta to the distinct rows of `log[from..logLen)`. */
  setDeltaFromLog(from: number): void {
    if (from < this.logBase) throw new Error(`${this.name}: delta from change ${from}, but changes before ${this.logBase} were dropped`);
    if (this.dRows.length < this.logLen - from) this.dRows = new Int32Array(Math.max(16, (this.logLen - from) * 2));
    let n = 0;
    for (let i = from; i < this.logLen; i++) {
      const r = this.log[i - this.logBase]!;
      if (this.stamp[r] !== 0) continue;
      this.stamp[r] = 1;
      this.dRows[n++] = r;
    }
    for (let i = 0; i < n; i++) this.stamp[this.dRows[i]!] = 0;
    this.dLen = n;
  }

  /**
   * Forgets the changes logged so far (`logLen` keeps counting): at the end of an evaluation
   * every stratum's mark is at the end of the log of each relation it reads, so no delta
   * will start before it.
   */
  dropLog(): void {
    this.logBase = this.logLen;
    if (this.log.length > 16) this.log = new Int32Array(16);
  }

  /** Number of tuples in the delta. */
  deltaSize(): number {
    return this.lattice ? this.dLen : this.dHi - this.dLo;
  }

  /** Removes every row (used when a stratum is recomputed from scratch). */
  override clear(): void {
    super.clear();
    this.values = [];
    this.logLen = 0;
    this.logBase = 0;
    this.dLo = this.dHi = this.dLen = 0;
  }
}
