/**
 * Column values as text, by column type: the cell format of fact files (TSV/CSV) and of
 * printed output. Follows Soufflé's conventions where they exist:
 *
 *     number    signed 32-bit integer, decimal (input also accepts 0x.. hex and 0b.. binary)
 *     unsigned  0 .. 2^32-1, same notations
 *     float     32-bit float like the evaluator stores it (and Soufflé by default): input in
 *               JS Number syntax rounded to float32 (`nan`/`inf` rejected); output is the
 *               shortest decimal that reads back as the same float32 (`0.1`, not 0.100000001)
 *     symbol    the raw cell text, unquoted, kept verbatim (no trimming)
 *     record    `[a, b, ...]`, nested records in brackets, `nil` for the empty record;
 *               symbols inside records print as JSON strings (`["a b", 1]`), input accepts
 *               quoted or bare symbols
 *     lattice   the lattice's own `show`/`parse` text (e.g. mask `{0,1,5}`)
 *
 * In memory a value is a JS `number`, a `string`, a (nested) array for a record (`null` for
 * nil), or the lattice's carrier value. Parsing returns a cause string on failure (the caller
 * adds file, line and column), never throws.
 */
import type { Lattice } from '../base/lattice.js';
import type { ColumnType } from '../check/checked.js';

/**
 * A column value in memory (see the file header).
 *
 * @example
 * const v: Value = Mask.of(1, 5); // a mask column's value
 */
export type Value = unknown;

/**
 * Lattices by name, as the registry holds them.
 *
 * @example
 * const lattices: LatticeTable = builtinLattices;
 */
export type LatticeTable = ReadonlyMap<string, Lattice<unknown>>;

/**
 * Either a parsed value or the reason why the text is not one.
 *
 * @example
 * parseValue(num, 'x', lattices) // { ok: false, cause: "'x' is not an integer" }
 */
export type Parsed = { readonly ok: true; readonly value: Value } | { readonly ok: false; readonly cause: string };

const ok = (value: Value): Parsed => ({ ok: true, value });
const bad = (cause: string): Parsed => ({ ok: false, cause });

function parseInteger(s: string, lo: number, hi: number, what: string): Parsed {
  const t = s.trim();
  let n: number;
  if (/^[+-]?\d+$/.test(t)) n = Number(t);
  else if (/^0x[0-9a-fA-F]+$/.test(t) || /^0b[01]+$/.test(t)) n = Number(t);
  else return bad(`'${t}' is not ${what === 'unsigned' ? 'an unsigned integer' : 'an integer'}`);
  if (!(n >= lo && n <= hi)) return bad(`'${t}' is out of range for ${what} (${lo}..${hi})`);
  return ok(n);
}

/**
 * Parses one cell of type `type`.
 *
 * @example
 * parseValue({ kind: 'primitive', carrier: 'number', name: 'number' }, '42', lattices) // { ok: true, value: 42 }
 */
export function parseValue(type: ColumnType, text: string, lattices: LatticeTable): Parsed {
  switch (type.kind) {
    case 'primitive':
      switch (type.carrier) {
        case 'number': return parseInteger(text, -2147483648, 2147483647, 'number');
        case 'unsigned': return parseInteger(text, 0, 4294967295, 'unsigned');
        case 'float': {
          const t = text.trim();
          const n = Number(t);
          const f = Math.fround(n);
          return t !== '' && Number.isFinite(f) ? ok(f) : bad(`'${t}' is not a float`);
        }
        case 'symbol': return ok(text);
        case 'record': return bad(`record column without field types`);
      }
      break;
    case 'lattice': {
      const l = lattices.get(type.lattice);
      if (!l) return bad(`unknown lattice '${type.lattice}'`);
      const v = l.parse(text);
      return v === undefined ? bad(`'${text.trim()}' is not a value of lattice '${type.lattice}'`) : ok(v);
    }
    case 'record': {
      const r = new RecordReader(text, lattices);
      const v = r.record(type);
      if (!v.ok) return v;
      r.skipSpace();
      return r.pos === text.length ? v : bad(`unexpected '${text.slice(r.pos)}' after record`);
    }
  }
}

/** Recursive-descent reader for `[a, [b, c], "s"]` record text. */
class RecordReader {
  pos = 0;
  constructor(private readonly s: string, private readonly lattices: LatticeTable) {}

  skipSpace(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos]!)) this.pos++;
  }

  record(type: Extract<ColumnType, { kind: 'record' }>): Parsed {
    this.skipSpace();
    if (this.s.startsWith('nil', this.pos)) {
      this.pos += 3;
      return ok(null);
    }
    if (this.s[this.pos] !== '[') return bad(`expected '[' or 'nil' for record type '${type.name}'`);
    this.pos++;
    const out: Value[] = [];
    for (let i = 0; i < type.fields.length; i++) {
      if (i > 0) {
        this.skipSpace();
        if (this.s[this.pos] !== ',') return bad(`record '${type.name}' needs ${type.fields.length} fields`);
        this.pos++;
      }
      const v = this.field(type.fields[i]!);
      if (!v.ok) return v;
      out.push(v.value);
    }
    this.skipSpace();
    if (this.s[this.pos] !== ']') return bad(`record '${type.name}' needs ${type.fields.length} fields`);
    this.pos++;
    return ok(out);
  }

  field(type: ColumnType): Parsed {
    this.skipSpace();
    if (type.kind === 'record') return this.record(type);
    if (type.kind === 'primitive' && type.carrier === 'symbol' && this.s[this.pos] === '"') {
      const m = /^"(?:[^"\\]|\\.)*"/.exec(this.s.slice(this.pos));
      if (!m) return bad('unterminated string in record');
      this.pos += m[0].length;
      try {
        return ok(JSON.parse(m[0]) as string);
      } catch {
        return bad(`bad string ${m[0]} in record`);
      }
    }
    // a bare element runs to the next ',' or ']' at this nesting level (lattice text may
    // contain braces with commas, so count {} nesting too)
    let depth = 0;
    const start = this.pos;
    while (this.pos < this.s.length) {
      const c = this.s[this.pos]!;
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        if (depth === 0) break;
        depth--;
      } else if (c === ',' && depth === 0) break;
      this.pos++;
    }
    const text = this.s.slice(start, this.pos);
    return parseValue(type, type.kind === 'primitive' && type.carrier === 'symbol' ? text.trim() : text, this.lattices);
  }
}

/**
 * The shortest decimal text that reads back (rounded to float32) as the float32 value `v`.
 *
 * @example
 * showFloat32(Math.fround(0.1)) // '0.1'
 */
export function showFloat32(v: number): string {
  const f = Math.fround(v);
  if (!Number.isFinite(f) || Number.isInteger(f)) return String(f);
  for (let p = 1; p <= 9; p++) {
    const s = String(Number(f.toPrecision(p)));
    if (Math.fround(Number(s)) === f) return s;
  }
  return String(f);
}

/**
 * Renders one value of type `type` as cell text (inverse of `parseValue`).
 *
 * @example
 * showValue({ kind: 'primitive', carrier: 'symbol', name: 'symbol' }, 'a b', lattices) // 'a b'
 */
export function showValue(type: ColumnType, v: Value, lattices: LatticeTable): string {
  switch (type.kind) {
    case 'primitive':
      return type.carrier === 'float' ? showFloat32(v as number) : String(v);
    case 'lattice': {
      const l = lattices.get(type.lattice);
      return l ? l.show(v) : String(v);
    }
    case 'record': {
      if (v === null || v === undefined) return 'nil';
      const xs = v as readonly Value[];
      const parts = type.fields.map((f, i) =>
        f.kind === 'primitive' && f.carrier === 'symbol' ? JSON.stringify(String(xs[i])) : showValue(f, xs[i], lattices),
      );
      return `[${parts.join(', ')}]`;
    }
  }
}
