/**
 * JSON fact files (`IO="json"` or a `.json` filename). Input is an array of rows, each row
 * either an array of column values or an object keyed by column name:
 *
 *     [[1, "a", [2, 3]], ...]        or        [{"x": 1, "s": "a", "r": [2, 3]}, ...]
 *
 * Cell values: numbers as JSON numbers (or strings in the text notation), symbols as strings,
 * records as (nested) arrays or `null` for nil, lattice values as their text (`"{0,5}"`) or a
 * JSON number/boolean that the lattice's `parse` accepts. The top-level shape is decoded with
 * io-ts; every bad row gives a diagnostic at the row's line and column. Output is an array of
 * arrays, or of objects when the directive says `format="object"`.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { error, type Diagnostic } from '../base/diagnostic.js';
import { lineCol } from '../base/span.js';
import type { ColumnType, RelationColumn } from '../check/checked.js';
import { parseValue, showFloat32, showValue, type LatticeTable, type Parsed, type Value } from './io-values.js';
import { MAX_ERRORS, type Row } from './io-tsv.js';

const JsonRows = t.array(t.union([t.array(t.unknown), t.UnknownRecord]));

/** Start offsets of the top-level array elements of a JSON text (for diagnostics). */
function elementOffsets(text: string): number[] {
  const out: number[] = [];
  let depth = 0;
  let inStr = false;
  let expect = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
      continue;
    }
    if (expect && !/\s/.test(c) && c !== ']') {
      out.push(i);
      expect = false;
    }
    if (c === '"') inStr = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1) expect = true;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expect = true;
  }
  return out;
}

function cell(type: ColumnType, v: unknown, lattices: LatticeTable): Parsed {
  if (typeof v === 'string') return parseValue(type, v, lattices);
  if (type.kind === 'record') {
    if (v === null) return { ok: true, value: null };
    if (!Array.isArray(v) || v.length !== type.fields.length)
      return { ok: false, cause: `expected an array of ${type.fields.length} fields for record '${type.name}'` };
    const out: Value[] = [];
    for (let i = 0; i < v.length; i++) {
      const p = cell(type.fields[i]!, v[i], lattices);
      if (!p.ok) return p;
      out.push(p.value);
    }
    return { ok: true, value: out };
  }
  if (type.kind === 'primitive' && type.carrier === 'symbol') return { ok: false, cause: `expected a string, found ${JSON.stringify(v)}` };
  if (typeof v === 'number' || typeof v === 'boolean') return parseValue(type, String(v), lattices);
  return { ok: false, cause: `unexpected JSON value ${JSON.stringify(v)}` };
}

/**
 * Decodes a JSON fact file for a relation with `columns`.
 *
 * @example
 * readJson(cols, 'edge.json', '[[1, 2]]', lattices) // right([[1, 2]])
 */
export function readJson(
  columns: readonly RelationColumn[],
  file: string,
  text: string,
  lattices: LatticeTable,
): E.Either<Diagnostic[], Row[]> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return E.left([error('E725', `malformed JSON: ${(e as Error).message}`, { file, start: 0, end: 1, line: 1, col: 1 })]);
  }
  const top = JsonRows.decode(json);
  if (E.isLeft(top))
    return E.left([error('E725', 'expected a JSON array of rows (arrays or objects)', { file, start: 0, end: 1, line: 1, col: 1 })]);
  const offsets = elementOffsets(text);
  const rows: Row[] = [];
  const diags: Diagnostic[] = [];
  const spanOfRow = (i: number) => {
    const start = offsets[i] ?? 0;
    return { file, start, end: start + 1, ...lineCol(text, start) };
  };
  top.right.forEach((r, i) => {
    if (diags.length >= MAX_ERRORS) return;
    const cells: unknown[] = [];
    if (Array.isArray(r)) {
      if (r.length !== columns.length) {
        diags.push(error('E722', `row ${i}: expected ${columns.length} values, found ${r.length}`, spanOfRow(i)));
        return;
      }
      cells.push(...r);
    } else {
      const obj = r as Record<string, unknown>;
      const missing = columns.filter((c) => !(c.name in obj)).map((c) => c.name);
      const unknown = Object.keys(obj).filter((k) => !columns.some((c) => c.name === k));
      if (missing.length || unknown.length) {
        const what = [missing.length ? `missing ${missing.join(', ')}` : '', unknown.length ? `unknown ${unknown.join(', ')}` : '']
          .filter(Boolean)
          .join('; ');
        diags.push(error('E722', `row ${i}: fields do not match the columns (${what})`, spanOfRow(i)));
        return;
      }
      for (const c of columns) cells.push(obj[c.name]);
    }
    const row: Value[] = [];
    for (let k = 0; k < columns.length; k++) {
      const c = columns[k]!;
      const p = cell(c.type, cells[k], lattices);
      if (!p.ok) {
        diags.push(error('E723', `row ${i}, field ${k + 1} ('${c.name}': ${c.type.name}): ${p.cause}`, spanOfRow(i)));
        return;
      }
      row.push(p.value);
    }
    rows.push(row);
  });
  return diags.length > 0 ? E.left(diags) : E.right(rows);
}

function toJson(type: ColumnType, v: Value, lattices: LatticeTable): unknown {
  if (type.kind === 'record') {
    if (v === null || v === undefined) return null;
    return type.fields.map((f, i) => toJson(f, (v as readonly Value[])[i], lattices));
  }
  if (type.kind === 'lattice') return showValue(type, v, lattices);
  if (type.carrier === 'float') return Number(showFloat32(v as number));
  return v;
}

/**
 * Renders rows as a JSON array (of arrays, or of objects keyed by column name).
 *
 * @example
 * writeJson(cols, [[1, 2]], 'array', lattices) // '[\n  [1, 2]\n]\n'
 */
export function writeJson(
  columns: readonly RelationColumn[],
  rows: Iterable<Row>,
  format: 'array' | 'object',
  lattices: LatticeTable,
): string {
  const lines: string[] = [];
  for (const r of rows) {
    const cells = columns.map((c, i) => toJson(c.type, r[i], lattices));
    if (format === 'array') lines.push(`  [${cells.map((x) => JSON.stringify(x)).join(', ')}]`);
    else lines.push(`  {${columns.map((c, i) => `${JSON.stringify(c.name)}: ${JSON.stringify(cells[i])}`).join(', ')}}`);
  }
  return lines.length === 0 ? '[]\n' : `[\n${lines.join(',\n')}\n]\n`;
}
