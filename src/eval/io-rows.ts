/**
 * Validation of facts handed over as JS rows (library API, REPL): every row must have the
 * relation's arity and every value the carrier of its column (int32 for number, 0..2^32-1
 * for unsigned, finite number for float, string for symbol, array of the right length or
 * null for a record, anything for a lattice column). Problems are diagnostics naming the
 * relation, the row index and the column; the evaluator is only called with valid rows.
 */
import { error, type Diagnostic } from '../base/diagnostic.js';
import type { ColumnType, RelationInfo } from '../check/checked.js';

function problem(t: ColumnType, v: unknown): string | undefined {
  switch (t.kind) {
    case 'lattice':
      return v === undefined ? 'missing lattice value' : undefined;
    case 'record': {
      if (v === null) return undefined;
      if (!Array.isArray(v) || v.length !== t.fields.length) return `expected a record of ${t.fields.length} fields (array) or null`;
      for (let i = 0; i < v.length; i++) {
        const p = problem(t.fields[i]!, v[i]);
        if (p) return `field ${i + 1}: ${p}`;
      }
      return undefined;
    }
    case 'primitive':
      switch (t.carrier) {
        case 'symbol': return typeof v === 'string' ? undefined : `expected a string, got ${typeof v}`;
        case 'number': return Number.isInteger(v) && (v as number) >= -2147483648 && (v as number) <= 2147483647 ? undefined : `expected an int32, got ${String(v)}`;
        case 'unsigned': return Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 4294967295 ? undefined : `expected an unsigned 32-bit integer, got ${String(v)}`;
        case 'float': return typeof v === 'number' && Number.isFinite(v) ? undefined : `expected a finite number, got ${String(v)}`;
        default: return undefined;
      }
  }
}

/**
 * Checks rows for relation `rel`; returns one diagnostic per bad row (at most 20).
 *
 * @example
 * checkRows(edgeInfo, [[1, 'x']]) // [error E728: edge row 0, column 2 ('y': number): expected an int32, got x]
 */
export function checkRows(rel: RelationInfo, rows: Iterable<readonly unknown[]>): Diagnostic[] {
  const out: Diagnostic[] = [];
  let i = 0;
  for (const row of rows) {
    if (out.length >= 20) break;
    if (!Array.isArray(row) || row.length !== rel.columns.length) {
      out.push(error('E728', `facts of '${rel.name}', row ${i}: expected ${rel.columns.length} values, got ${Array.isArray(row) ? row.length : typeof row}`));
    } else {
      for (let c = 0; c < row.length; c++) {
        const col = rel.columns[c]!;
        const p = problem(col.type, row[c]);
        if (p) {
          out.push(error('E728', `facts of '${rel.name}', row ${i}, column ${c + 1} ('${col.name}': ${col.type.name}): ${p}`));
          break;
        }
      }
    }
    i++;
  }
  return out;
}
