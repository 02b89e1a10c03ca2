/**
 * Column storage for the rows of one fact relation: one growable typed array per column,
 * `Int32Array` while every value of the column is an int32, `Float64Array` (exact for every
 * number the front end emits, such as u32 constants above 2^31) from the first that is not.
 *
 * A million-instruction program has about 6.5 million fact rows. As `number[]` rows they cost
 * ~550 MB of heap that the garbage collector must trace and then free; as columns they are a
 * few typed arrays, and the engine loads them with `Database.insertColumns` without building
 * a row array. `rows()` gives the row view for printers and tests.
 *
 * A table may instead hold its rows row-major in one `Int32Array` (`FactTable.rowMajor`: the
 * `insn`, `code` and `succ` rows, `data[i * arity + c]`), the layout of the engine's own row
 * storage: `Database.insertRowMajor` then takes the array as it is instead of copying it (at a
 * million instructions, 58 MB less to copy and to fault in). `column(c)` copies one
 * column out of it; appending to such a table first converts it to columns.
 */
type Column = Int32Array | Float64Array;

/** The rows of one relation, column by column (or row-major, `FactTable.rowMajor`). */
export class FactTable {
  private data: Column[];
  /**
   * The rows row-major (`FactTable.rowMajor`), or null: the columns are in `data`. Set in the
   * constructor, so every table has one shape whichever it holds.
   */
  private rm: Int32Array | null;
  /** Number of rows. */
  length = 0;

  constructor(readonly arity: number, capacity = 16, rowMajor: Int32Array | null = null) {
    this.rm = rowMajor;
    this.data = rowMajor !== null ? [] : Array.from({ length: arity }, () => new Int32Array(Math.max(1, capacity)));
  }

  /**
   * A table of the `n` rows stored row-major in `data` (`data[i * arity + c]`, at least
   * `n * arity` long), taken without a copy.
   *
   * @example
   * FactTable.rowMajor(2, Int32Array.of(1, 2, 3, 4), 2).rows() // [[1, 2], [3, 4]]
   */
  static rowMajor(arity: number, data: Int32Array, n: number): FactTable {
    if (data.length < n * arity) throw new RangeError(`expected ${n} rows of ${arity} columns`);
    const t = new FactTable(arity, 1, data);
    t.length = n;
    return t;
  }

  /** The row-major rows when the table holds them so (`rowMajor`), else undefined. */
  rowMajorData(): Int32Array | undefined {
    return this.rm ?? undefined;
  }

  /** Moves row-major rows into columns (before an append). */
  private toColumns(): void {
    if (this.rm === null) return;
    this.data = Array.from({ length: this.arity }, (_, c) => (this.length > 0 ? this.column(c) as Int32Array : new Int32Array(1)));
    this.rm = null;
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
    for (let c = 0; c < this.arity; c++) this.set(c, row[c]!);
    this.length++;
  }

  /**
   * Takes `columns` (one per column, int32 values, `n` rows each) as the whole content.
   *
   * @example
   * const t = new FactTable(2); t.setColumns([Int32Array.of(1, 2), Int32Array.of(3, 4)], 2); t.rows() // [[1, 3], [2, 4]]
   */
  setColumns(columns: readonly Int32Array[], n: number): void {
    if (columns.length !== this.arity || columns.some((c) => c.length < n)) throw new RangeError(`expected ${this.arity} columns of ${n} rows`);
    for (let c = 0; c < this.arity; c++) this.data[c] = columns[c]!;
    this.rm = null;
    this.length = n;
  }

  /** Appends a two-column row without a rest array (the hot path of the front end). */
  push2(a: number, b: number): void {
    this.reserve(1);
    this.set(0, a);
    this.set(1, b);
    this.length++;
  }

  /** Appends a three-column row without a rest array. */
  push3(a: number, b: number, c: number): void {
    this.reserve(1);
    this.set(0, a);
    this.set(1, b);
    this.set(2, c);
    this.length++;
  }

  /** Stores `v` in column c of the row being appended (a non-int32 value widens the column). */
  private set(c: number, v: number): void {
    let d = this.data[c]!;
    if ((v | 0) !== v && d instanceof Int32Array) {
      const w = new Float64Array(d.length);
      w.set(d);
      this.data[c] = d = w;
    }
    d[this.length] = v;
  }

  /** Room for `n` more rows (a row-major table moves to columns first). */
  reserve(n: number): void {
    this.toColumns();
    const cap = this.data[0]?.length ?? 0;
    if (this.length + n <= cap) return;
    const next = Math.max(this.length + n, cap * 2);
    for (let c = 0; c < this.arity; c++) {
      const old = this.data[c]!;
      const d = old instanceof Int32Array ? new Int32Array(next) : new Float64Array(next);
      d.set(old.subarray(0, this.length));
      this.data[c] = d;
    }
  }

  /** Column `c` of the rows (a view, `length` long; a copy when the table is row-major). */
  column(c: number): Column {
    const rm = this.rm;
    if (rm !== null) {
      const out = new Int32Array(this.length);
      for (let i = 0, a = this.arity; i < out.length; i++) out[i] = rm[i * a + c]!;
      return out;
    }
    return this.data[c]!.subarray(0, this.length);
  }

  /** Row `i` as an array. */
  row(i: number): number[] {
    const rm = this.rm;
    if (rm !== null) return Array.from(rm.subarray(i * this.arity, (i + 1) * this.arity));
    return this.data.map((d) => d[i]!);
  }

  /** Every row as an array, in insertion order. */
  rows(): number[][] {
    return Array.from({ length: this.length }, (_, i) => this.row(i));
  }
}
