/**
 * The worklist of one lattice relation in a fused eager function (compile-eager.ts): the rows
 * changed and not yet processed. Two disciplines:
 *
 *   stack     (no flow column) the newest change first: a change runs down a chain
 *             depth-first.
 *   priority  (flow column c, flow-order.ts) rows by key(r) = v = data[r][c], or ~v for a
 *             backward flow, smallest first: rows are processed in the order values move
 *             through the recursive rules (ascending instruction for a forward analysis,
 *             descending for a backward one), so that on an acyclic stretch every
 *             contribution to a row has arrived before the row is processed and each row
 *             changes about once instead of once per contribution.
 *
 * A priority worklist is a bucket queue while every v is in [0, span): `head[b]` lists the
 * rows of bucket b (linked by `next[r]`, newest first), b = v (ascending) or span-1-v
 * (descending), and `cursor` ≤ the smallest non-empty bucket. Pushing behind the cursor moves
 * it back; popping moves it forward over empty buckets. A flow that is mostly monotone thus
 * costs O(1) per operation (a binary heap cost ~150 ns per operation at a million rows). A
 * value outside [0, span) turns it into a binary min-heap on the keys: `keys[i]`, `rows[i]`
 * for i < len, keys[parent(i)] ≤ keys[i], parent(i) = (i - 1) >> 1.
 *
 * `top()` is the smallest key; for the stack it is -2^31, so stacks are drained first.
 */

/** A stack or a binary heap of row ids (see the file header). */
export class Worklist {
  rows: Int32Array = new Int32Array(16);
  keys: Int32Array = new Int32Array(0);
  len = 0;
  /** Flow column, or -1 for the stack discipline. */
  col = -1;
  /** 0: ascending keys first; -1: descending (key = ~value). */
  flip = 0;
  /** Bucket queue (span > 0): the bucket heads (row + 1, 0 = empty), links and cursor. */
  private span = 0;
  private head: Int32Array = new Int32Array(0);
  private next: Int32Array = new Int32Array(0);
  private cursor = 0;

  /**
   * Switches to priority order on column `col` (`descending`: largest value first), as a
   * bucket queue for values in [0, span) when span > 0, else as a heap; col = -1: the stack.
   */
  prioritise(col: number, descending: boolean, span = 0): void {
    if (this.len > 0) throw new Error('Worklist.prioritise: worklist not empty');
    this.col = col;
    this.flip = descending ? -1 : 0;
    this.span = col >= 0 ? span : 0;
    if (col >= 0 && span > 0) {
      if (this.head.length !== span) this.head = new Int32Array(span);
      this.cursor = span;
    } else if (col >= 0 && this.keys.length < this.rows.length) {
      this.keys = new Int32Array(this.rows.length);
    }
  }

  private grow(): void {
    const n = new Int32Array(this.rows.length * 2);
    n.set(this.rows);
    this.rows = n;
    if (this.col >= 0) {
      const k = new Int32Array(n.length);
      k.set(this.keys);
      this.keys = k;
    }
  }

  /** Adds row `r` whose flow-column value is `v` (ignored by the stack). */
  push(r: number, v: number): void {
    if (this.span > 0) {
      if (v >= 0 && v < this.span) {
        const b = this.flip === 0 ? v : this.span - 1 - v;
        if (r >= this.next.length) {
          const n = new Int32Array(Math.max(1024, 2 * (r + 1)));
          n.set(this.next);
          this.next = n;
        }
        this.next[r] = this.head[b]!;
        this.head[b] = r + 1;
        if (b < this.cursor) this.cursor = b;
        this.len++;
        return;
      }
      this.toHeap();
    }
    if (this.len === this.rows.length) this.grow();
    if (this.col < 0) {
      this.rows[this.len++] = r;
      return;
    }
    const key = v ^ this.flip;
    const keys = this.keys, rows = this.rows;
    let i = this.len++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p]! <= key) break;
      keys[i] = keys[p]!;
      rows[i] = rows[p]!;
      i = p;
    }
    keys[i] = key;
    rows[i] = r;
  }

  /** Removes and returns the next row (the worklist must not be empty). */
  pop(): number {
    if (this.span > 0) {
      const b = this.firstBucket();
      const r = this.head[b]! - 1;
      this.head[b] = this.next[r]!;
      this.len--;
      return r;
    }
    const rows = this.rows;
    if (this.col < 0) return rows[--this.len]!;
    const keys = this.keys;
    const out = rows[0]!;
    const n = --this.len;
    if (n === 0) return out;
    const key = keys[n]!, row = rows[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && keys[c + 1]! < keys[c]!) c++;
      if (keys[c]! >= key) break;
      keys[i] = keys[c]!;
      rows[i] = rows[c]!;
      i = c;
    }
    keys[i] = key;
    rows[i] = row;
    return out;
  }

  /** The key of the next row: -2^31 for the stack (drained first). */
  top(): number {
    if (this.span > 0) {
      const b = this.firstBucket();
      return this.flip === 0 ? b : ~(this.span - 1 - b);
    }
    return this.col < 0 ? -2147483648 : this.keys[0]!;
  }

  /** The smallest non-empty bucket (the worklist must not be empty). */
  private firstBucket(): number {
    const h = this.head;
    let b = this.cursor;
    while (h[b] === 0) b++;
    this.cursor = b;
    return b;
  }

  /** Leaves the bucket queue: every queued row moves to the heap. */
  private toHeap(): void {
    const queued: [number, number][] = [];
    for (let b = this.cursor; b < this.span; b++) {
      for (let r = this.head[b]! - 1; r >= 0; r = this.next[r]! - 1) queued.push([r, this.flip === 0 ? b : this.span - 1 - b]);
    }
    this.span = 0;
    this.head = new Int32Array(0);
    this.next = new Int32Array(0);
    this.len = 0;
    if (this.keys.length < this.rows.length) this.keys = new Int32Array(this.rows.length);
    for (const [r, v] of queued) this.push(r, v);
  }
}
