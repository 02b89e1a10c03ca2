/**
 * Read-only maps insn → value over the rows of the evaluated relations, built on demand.
 *
 * `readResults` used to copy every row of may_read, must_write, live_before and the
 * argument-tracking states into per-insn JS objects: on a million-instruction program that
 * was 2.3 s and ~370 MB of heap, spent whether or not anybody asked. A view keeps, per (instance, frame)
 * or per instance, one int32 table `rows[(i - start) * k + j] = row + 1` (0 = no row) for
 * the k relations it combines, and builds the value of insn i (boxing masks, picking the
 * stored vectors) only when `get(i)` or an iteration asks for it.
 *
 *     get(i) = make(rows, (i - start) * k)   when some rows[(i - start) * k + j] ≠ 0
 *            = undefined                     otherwise (also for i outside [start, end))
 *
 * Iteration is in instruction order.
 */

/** Builds the value of one insn from its k row slots `rows[base .. base + k)`. */
export type MakeValue<V> = (rows: Int32Array, base: number) => V;

/** insn → value, backed by a table of row ids (see the file header). */
export class RowView<V> implements ReadonlyMap<number, V> {
  private count = -1;

  constructor(
    private readonly start: number,
    private readonly rows: Int32Array,
    private readonly k: number,
    private readonly make: MakeValue<V>,
  ) {}

  private base(insn: number): number {
    const idx = insn - this.start;
    if (!Number.isInteger(idx) || idx < 0 || (idx + 1) * this.k > this.rows.length) return -1;
    for (let j = 0; j < this.k; j++) if (this.rows[idx * this.k + j] !== 0) return idx * this.k;
    return -1;
  }

  get(insn: number): V | undefined {
    const b = this.base(insn);
    return b < 0 ? undefined : this.make(this.rows, b);
  }

  has(insn: number): boolean {
    return this.base(insn) >= 0;
  }

  get size(): number {
    if (this.count < 0) {
      let n = 0;
      for (const _ of this.keys()) n++;
      this.count = n;
    }
    return this.count;
  }

  *keys(): MapIterator<number> {
    const span = this.rows.length / this.k;
    for (let idx = 0; idx < span; idx++) if (this.base(this.start + idx) >= 0) yield this.start + idx;
  }

  *entries(): MapIterator<[number, V]> {
    for (const i of this.keys()) yield [i, this.get(i)!];
  }

  *values(): MapIterator<V> {
    for (const i of this.keys()) yield this.get(i)!;
  }

  [Symbol.iterator](): MapIterator<[number, V]> {
    return this.entries();
  }

  forEach(f: (value: V, key: number, map: ReadonlyMap<number, V>) => void): void {
    for (const [i, v] of this.entries()) f(v, i, this);
  }
}
