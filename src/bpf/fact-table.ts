/**
 * Column storage for the rows of one fact relation: one growable `Float64Array` per column.
 *
 * A million-instruction program has about 6.5 million fact rows. As `number[]` rows they cost
 * ~550 MB of heap that the garbage collector must trace and then free; as columns they are a
 * few typed arrays (8 bytes per cell, exact for every number the front end emits, including
 * u32 constants above 2^31), and the engine loads them with `Database.insertColumns` without
 * building a row array. `rows()` gives the row view for printers and tests.
 */

/** The rows of one relation, column by column. */
export class FactTable {
  private readonly data: Float64Array[];
  /** Number of rows. */
  length = 0;

  constructor(readonly arity: number, capacity = 16) {
    this.data = Array.from({ length: arity }, () => new Float64Array(Math.max(1, capacity)));
  }

  /**
   * Appends one row (`row.length` must be the arity).
   *
   * @example
   * const t = new FactTable(2); t.push(1, 2); t.rows() // [[1, 2]]
   */
  push(...row: number[]): void {
    if (row.length !== this.arity) throw new RangeError(`fact row of ${row.length} columns, expected ${this.arity}`);
    this.reserve(1);
    for (let c = 0; c < this.arity; c++) this.data[c]![this.length] = row[c]!;
    this.length++;
  }

  /** Appends a two-column row without a rest array (the hot path of the front end). */
  push2(a: number, b: number): void {
    this.reserve(1);
    this.data[0]![this.length] = a;
    this.data[1]![this.length] = b;
    this.length++;
  }

  /** Appends a three-column row without a rest array. */
  push3(a: number, b: number, c: number): void {
    this.reserve(1);
    this.data[0]![this.length] = a;
    this.data[1]![this.length] = b;
    this.data[2]![this.length] = c;
    this.length++;
  }

  /** Room for `n` more rows. */
  reserve(n: number): void {
    const cap = this.data[0]?.length ?? 0;
    if (this.length + n <= cap) return;
    const next = Math.max(this.length + n, cap * 2);
    for (let c = 0; c < this.arity; c++) {
      const d = new Float64Array(next);
      d.set(this.data[c]!.subarray(0, this.length));
      this.data[c] = d;
    }
  }

  /** Column `c` of the rows (a view, `length` long). */
  column(c: number): Float64Array {
    return this.data[c]!.subarray(0, this.length);
  }

  /** Row `i` as an array. */
  row(i: number): number[] {
    return this.data.map((d) => d[i]!);
  }

  /** Every row as an array, in insertion order. */
  rows(): number[][] {
    return Array.from({ length: this.length }, (_, i) => this.row(i));
  }
}
