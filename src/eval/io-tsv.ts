/**
 * Delimited fact text (Soufflé's `.facts` / `.csv` layout): one tuple per line, fields
 * separated by a delimiter (tab by default), no quoting, no header unless `headers=true`.
 * A trailing `\r` is removed from each line; empty lines are skipped. Every malformed line
 * yields a diagnostic naming file, line, column (the field's first character) and cause;
 * after `MAX_ERRORS` diagnostics one more says how many further lines were bad. Never throws.
 *
 *     read:   text  -> Either<Diagnostic[], Row[]>
 *     write:  Row[] -> text      (same layout; `parse(show(v)) = v` for every cell)
 */
import * as E from 'fp-ts/lib/Either.js';
import { error, type Diagnostic } from '../base/diagnostic.js';
import type { Span } from '../base/span.js';
import type { ColumnType, RelationColumn } from '../check/checked.js';
import { parseValue, showValue, type LatticeTable, type Value } from './io-values.js';

/**
 * One tuple.
 *
 * @example
 * const r: Row = [1, 'a', [2, 3]];
 */
export type Row = readonly Value[];

/**
 * Layout options of a delimited file.
 *
 * @example
 * readDelimited(cols, 'e.csv', text, { delimiter: ',', headers: true }, lattices)
 */
export interface DelimitedOptions {
  readonly delimiter: string;
  readonly headers: boolean;
}

/**
 * Tab-separated, no header: Soufflé's default.
 *
 * @example
 * writeDelimited(cols, rows, defaultDelimited, lattices) // '1\t2\n'
 */
export const defaultDelimited: DelimitedOptions = { delimiter: '\t', headers: false };

/**
 * At most this many diagnostics per file (plus one summary).
 *
 * @example
 * readDelimited(cols, 'f', bigBadText, defaultDelimited, L) // left(MAX_ERRORS diagnostics + one summary)
 */
export const MAX_ERRORS = 20;

/**
 * Parses delimited text for a relation with `columns`; `file` names the text in diagnostics.
 *
 * @example
 * readDelimited(cols, 'edge.facts', '1\t2\n', defaultDelimited, lattices) // right([[1, 2]])
 */
export function readDelimited(
  columns: readonly RelationColumn[],
  file: string,
  text: string,
  opts: DelimitedOptions,
  lattices: LatticeTable,
): E.Either<Diagnostic[], Row[]> {
  const rows: Row[] = [];
  const diags: Diagnostic[] = [];
  let extra = 0;
  const report = (d: Diagnostic): void => {
    if (diags.length < MAX_ERRORS) diags.push(d);
    else extra++;
  };
  const delim = opts.delimiter === '' ? '\t' : opts.delimiter;
  const parsers = columns.map((c) => cellParser(c.type, lattices));
  const simple = columns.every((c) => c.type.kind !== 'record');
  const arity = columns.length;
  let offset = 0;
  let lineNo = 0;
  for (const rawLine of text.split('\n')) {
    lineNo++;
    const lineStart = offset;
    offset += rawLine.length + 1;
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line === '' || (opts.headers && lineNo === 1)) continue;
    const fields = arity === 1 ? [line] : simple ? line.split(delim) : splitFields(line, delim, columns);
    if (fields.length !== arity) {
      const fewer = fields.length < arity;
      const idx = fewer ? fields.length - 1 : arity;
      report(error('E722', `expected ${arity} fields separated by ${showDelim(delim)}, found ${fields.length}`, fieldSpan(file, lineNo, lineStart, fields, idx, delim)));
      continue;
    }
    const row: Value[] = new Array(arity);
    let good = true;
    for (let i = 0; i < arity; i++) {
      const v = parsers[i]!(fields[i]!);
      if (v instanceof CellError) {
        const c = columns[i]!;
        report(error('E723', `field ${i + 1} ('${c.name}': ${c.type.name}): ${v.cause}`, fieldSpan(file, lineNo, lineStart, fields, i, delim)));
        good = false;
        break;
      }
      row[i] = v;
    }
    if (good) rows.push(row);
  }
  if (extra > 0) diags.push(error('E724', `${file}: ${extra} more malformed lines not shown`));
  return diags.length > 0 ? E.left(diags) : E.right(rows);
}

/** Span of field `idx` of a line (computed only for diagnostics). */
function fieldSpan(file: string, line: number, lineStart: number, fields: readonly string[], idx: number, delim: string): Span {
  let col = 0;
  for (let i = 0; i < idx && i < fields.length; i++) col += fields[i]!.length + delim.length;
  const len = fields[idx]?.length ?? 0;
  return { file, start: lineStart + col, end: lineStart + col + Math.max(1, len), line, col: col + 1 };
}

/** A failed cell parse (a class, so the hot path tests it with one `instanceof`). */
class CellError {
  constructor(readonly cause: string) {}
}

/** A parser for the cells of one column: a fast path for plain decimal ints, else parseValue. */
function cellParser(type: ColumnType, lattices: LatticeTable): (text: string) => Value {
  const general = (text: string): Value => {
    const p = parseValue(type, text, lattices);
    return p.ok ? p.value : new CellError(p.cause);
  };
  if (type.kind === 'primitive' && type.carrier === 'symbol') return (text) => text;
  if (type.kind === 'primitive' && (type.carrier === 'number' || type.carrier === 'unsigned')) {
    const lo = type.carrier === 'number' ? -2147483648 : 0;
    const hi = type.carrier === 'number' ? 2147483647 : 4294967295;
    return (text) => {
      const n = text.length;
      if (n === 0 || n > 10) return general(text);
      let i = 0;
      let neg = false;
      if (text.charCodeAt(0) === 45) {
        if (n === 1) return general(text);
        neg = true;
        i = 1;
      }
      let v = 0;
      for (; i < n; i++) {
        const d = text.charCodeAt(i) - 48;
        if (d < 0 || d > 9) return general(text);
        v = v * 10 + d;
      }
      if (neg) v = -v;
      return v >= lo && v <= hi ? v : general(text);
    };
  }
  return general;
}

/**
 * Splits a line into fields. Record columns are scanned bracket- and quote-aware, so a symbol
 * inside a record may contain the delimiter; other columns end at the next delimiter.
 */
function splitFields(line: string, delim: string, columns: readonly RelationColumn[]): string[] {
  const out: string[] = [];
  let pos = 0;
  for (let i = 0; pos <= line.length; i++) {
    let from = pos;
    if (columns[i]?.type.kind === 'record' && line[pos] === '[') {
      let depth = 0;
      let inStr = false;
      for (; from < line.length; from++) {
        const c = line[from]!;
        if (inStr) {
          if (c === '\\') from++;
          else if (c === '"') inStr = false;
        } else if (c === '"') inStr = true;
        else if (c === '[') depth++;
        else if (c === ']' && --depth === 0) break;
      }
    }
    const end = line.indexOf(delim, from);
    if (end < 0) {
      out.push(line.slice(pos));
      break;
    }
    out.push(line.slice(pos, end));
    pos = end + delim.length;
  }
  return out;
}

function showDelim(d: string): string {
  return d === '\t' ? 'tabs' : JSON.stringify(d);
}

/**
 * Renders rows in the delimited layout (one line per row, each line ending in `\n`).
 *
 * @example
 * writeDelimited(cols, [[1, 2]], defaultDelimited, lattices) // '1\t2\n'
 */
export function writeDelimited(
  columns: readonly RelationColumn[],
  rows: Iterable<Row>,
  opts: DelimitedOptions,
  lattices: LatticeTable,
): string {
  const out: string[] = [];
  if (opts.headers) out.push(columns.map((c) => c.name).join(opts.delimiter) + '\n');
  const shows = columns.map((c) => cellShower(c.type, lattices));
  const d = opts.delimiter;
  const arity = columns.length;
  for (const r of rows) {
    let line = shows[0]!(r[0]);
    for (let i = 1; i < arity; i++) line += d + shows[i]!(r[i]);
    out.push(line + '\n');
  }
  return out.join('');
}

function cellShower(type: ColumnType, lattices: LatticeTable): (v: Value) => string {
  if (type.kind === 'primitive' && type.carrier !== 'float') return (v) => String(v);
  return (v) => showValue(type, v, lattices);
}
