/**
 * Value encoding: every non-lattice column value is one int32.
 *
 *   number    the value itself (arithmetic wraps around at 32 bits)
 *   unsigned  the 32-bit pattern (`x | 0`); read back with `x >>> 0`
 *   float     the IEEE-754 single-precision bit pattern
 *   symbol    index in the symbol table (interned strings, first come first numbered)
 *   record    0 for `nil`, else 1 + row of the record table of that arity, which interns
 *             the tuple of encoded fields (so equal records have equal ids)
 *
 * Lattice values stay JS values of the lattice's carrier `T`. `encode`/`decode` convert at the
 * API boundary (facts in, rows out, functor arguments and results).
 */
import type { ColumnType } from '../check/checked.js';
import { Relation } from './relation.js';

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** Float → int32 bit pattern. */
export function f2i(x: number): number {
  f32[0] = x;
  return i32[0]!;
}
/** Int32 bit pattern → float. */
export function i2f(x: number): number {
  i32[0] = x;
  return f32[0]!;
}

/** Interned strings. */
export class SymbolTable {
  private readonly ids = new Map<string, number>();
  private readonly strs: string[] = [];
  /** Id of `s`, interning it. */
  intern(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strs.length;
      this.strs.push(s);
      this.ids.set(s, id);
    }
    return id;
  }
  /** Id of `s` if interned, else undefined (never interns). */
  lookup(s: string): number | undefined {
    return this.ids.get(s);
  }
  /** The string of id `id`. */
  str(id: number): string {
    const s = this.strs[id];
    if (s === undefined) throw new Error(`symbol table: no symbol ${id}`);
    return s;
  }
  get size(): number {
    return this.strs.length;
  }
}

/** Interned records, one table per arity. */
export class RecordTable {
  private readonly tables: Relation[] = [];
  private readonly scratch: Int32Array[] = [];
  /** The table of records of `arity` fields (its rows are the records, id = row + 1). */
  table(arity: number): Relation {
    let t = this.tables[arity];
    if (!t) {
      t = new Relation(`$record${arity}`, arity);
      this.tables[arity] = t;
      this.scratch[arity] = new Int32Array(arity);
    }
    return t;
  }
  /** Id of the record with the encoded fields `f`. */
  intern(f: ArrayLike<number>, arity: number): number {
    const t = this.table(arity);
    const r = t.find(f);
    return (r >= 0 ? r : t.insert(f)) + 1;
  }
  /** Scratch buffer of `arity` fields for building a record without allocating. */
  buf(arity: number): Int32Array {
    this.table(arity);
    return this.scratch[arity]!;
  }
  /** Field `i` of record `id` (of `arity` fields). */
  field(arity: number, id: number, i: number): number {
    return this.table(arity).at(id - 1, i);
  }
}

/** The state that encodings live in. */
export interface ValueContext {
  readonly symbols: SymbolTable;
  readonly records: RecordTable;
}

/**
 * Encodes a JS value of column type `t` (lattice values pass through).
 *
 * @example
 * encode(ctx, { kind: 'primitive', carrier: 'symbol', name: 'symbol' }, 'a') // 0 (first symbol)
 */
export function encode(ctx: ValueContext, t: ColumnType, v: unknown): unknown {
  switch (t.kind) {
    case 'lattice': return v;
    case 'record': {
      if (v === null || v === undefined || v === 0) return 0;
      if (!Array.isArray(v) || v.length !== t.fields.length) throw new TypeError(`expected a record of ${t.fields.length} fields, got ${String(v)}`);
      const enc = t.fields.map((ft, i) => encode(ctx, ft, v[i]) as number);
      return ctx.records.intern(enc, enc.length);
    }
    case 'primitive':
      switch (t.carrier) {
        case 'symbol':
          if (typeof v !== 'string') throw new TypeError(`expected a symbol (string), got ${typeof v}`);
          return ctx.symbols.intern(v);
        case 'float':
          if (typeof v !== 'number') throw new TypeError(`expected a number, got ${typeof v}`);
          return f2i(v);
        case 'record':
          return typeof v === 'number' ? v | 0 : 0;
        default:
          if (typeof v !== 'number') throw new TypeError(`expected a number, got ${typeof v}`);
          return v | 0;
      }
  }
}

/**
 * Decodes an encoded value of column type `t` to JS (`nil` becomes `null`).
 *
 * @example
 * decode(ctx, { kind: 'primitive', carrier: 'unsigned', name: 'unsigned' }, -1) // 4294967295
 */
export function decode(ctx: ValueContext, t: ColumnType, v: unknown): unknown {
  switch (t.kind) {
    case 'lattice': return v;
    case 'record': {
      const id = v as number;
      if (id === 0) return null;
      return t.fields.map((ft, i) => decode(ctx, ft, ctx.records.field(t.fields.length, id, i)));
    }
    case 'primitive':
      switch (t.carrier) {
        case 'symbol': return ctx.symbols.str(v as number);
        case 'unsigned': return (v as number) >>> 0;
        case 'float': return i2f(v as number);
        default: return v;
      }
  }
}
