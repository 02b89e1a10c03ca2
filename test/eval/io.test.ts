import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { formatDiagnostic } from '../../src/base/diagnostic.js';
import type { ColumnType } from '../../src/check/checked.js';
import { builtinLattices, Mask } from '../../src/eval/lattices/index.js';
import { parseValue, showValue } from '../../src/eval/io-values.js';
import { defaultDelimited, readDelimited, writeDelimited, type Row } from '../../src/eval/io-tsv.js';
import { readJson, writeJson } from '../../src/eval/io-json.js';
import { formatStdout, readInputs, writeOutputs, type FileSystem } from '../../src/eval/io.js';
import { cols, flt, mask, num, rec, rel, spec, sym, uns } from './io-helpers.js';

const L = builtinLattices;

test('values: numbers, unsigned, floats, symbols', (t) => {
  t.deepEqual(parseValue(num, ' -12 ', L), { ok: true, value: -12 });
  t.deepEqual(parseValue(num, '0x10', L), { ok: true, value: 16 });
  t.false(parseValue(num, '2147483648', L).ok);
  t.false(parseValue(num, '1.5', L).ok);
  t.false(parseValue(uns, '-1', L).ok);
  t.deepEqual(parseValue(uns, '4294967295', L), { ok: true, value: 4294967295 });
  t.deepEqual(parseValue(flt, '2.5e3', L), { ok: true, value: 2500 });
  t.deepEqual(parseValue(flt, '0.1', L), { ok: true, value: Math.fround(0.1) });
  t.is(showValue(flt, Math.fround(0.1), L), '0.1');
  t.is(showValue(flt, Math.fround(1e-7), L), '1e-7');
  t.is(showValue(flt, 3, L), '3');
  t.false(parseValue(flt, 'nan', L).ok);
  t.deepEqual(parseValue(sym, ' a b ', L), { ok: true, value: ' a b ' });
});

test('values: records and lattices', (t) => {
  const r = rec('R', num, sym, rec('P', num, num));
  t.deepEqual(parseValue(r, '[1, "x y", [2, 3]]', L), { ok: true, value: [1, 'x y', [2, 3]] });
  t.deepEqual(parseValue(r, '[1, bare, nil]', L), { ok: true, value: [1, 'bare', null] });
  t.is(showValue(r, [1, 'x,y', [2, 3]], L), '[1, "x,y", [2, 3]]');
  t.false(parseValue(r, '[1, 2]', L).ok);
  t.false(parseValue(r, '[1, "a", [2, 3]] x', L).ok);
  const m = parseValue(mask, '{1,5}', L);
  t.true(m.ok && (m.value as Mask).equals(Mask.of(1, 5)));
  t.false(parseValue(mask, '{200}', L).ok);
  t.deepEqual(parseValue(rec('M', num, mask), '[1, {0,2}]', L).ok, true);
});

test('TSV read with diagnostics naming file, line, column and cause', (t) => {
  const c = cols(num, sym);
  t.deepEqual(readDelimited(c, 'e.facts', '1\ta\n2\tb\r\n\n', defaultDelimited, L), E.right([[1, 'a'], [2, 'b']]));
  const bad = readDelimited(c, 'e.facts', '1\ta\nx\tb\n3\n4\tc\td\n', defaultDelimited, L);
  t.true(E.isLeft(bad));
  const ds = E.isLeft(bad) ? bad.left : [];
  t.is(ds.length, 3);
  t.is(formatDiagnostic(ds[0]!), "e.facts:2:1: error E723: field 1 ('c0': number): 'x' is not an integer");
  t.is(ds[1]!.code, 'E722');
  t.is(ds[1]!.span?.line, 3);
  t.is(ds[2]!.span?.line, 4);
  t.is(ds[2]!.span?.col, 5);
});

test('TSV delimiter and headers', (t) => {
  const c = cols(num, num);
  t.deepEqual(readDelimited(c, 'e.csv', 'a,b\n1,2\n', { delimiter: ',', headers: true }, L), E.right([[1, 2]]));
  t.is(writeDelimited(c, [[1, 2]], { delimiter: ',', headers: true }, L), 'c0,c1\n1,2\n');
});

test('too many errors are summarised, not dropped', (t) => {
  const text = Array.from({ length: 30 }, () => 'x').join('\n');
  const r = readDelimited(cols(num), 'e.facts', text, defaultDelimited, L);
  const ds = E.isLeft(r) ? r.left : [];
  t.is(ds.length, 21);
  t.regex(ds[20]!.message, /10 more malformed lines/);
});

// ---- property tests

// plain symbols cannot contain the delimiter (as in Soufflé); symbols inside records can
const symArb = fc.string({ maxLength: 8 }).filter((s) => !/[\t\n\r|]/.test(s) && s !== '');
const recSymArb = fc.string({ maxLength: 8 });
const colType: fc.Arbitrary<ColumnType> = fc.constantFrom<ColumnType>(num, uns, flt, sym, mask, rec('R', num, sym), rec('Q', rec('R', num, sym), num));
function valueArb(ty: ColumnType, inRecord = false): fc.Arbitrary<unknown> {
  if (ty.kind === 'lattice') return fc.array(fc.integer({ min: 0, max: 127 }), { maxLength: 6 }).map((ks) => Mask.of(...ks));
  if (ty.kind === 'record') return fc.oneof(fc.constant(null), fc.tuple(...ty.fields.map((f) => valueArb(f, true))));
  switch (ty.carrier) {
    case 'number': return fc.integer({ min: -2147483648, max: 2147483647 });
    case 'unsigned': return fc.integer({ min: 0, max: 4294967295 });
    case 'float': return fc.float({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x));
    default: return inRecord ? recSymArb : symArb;
  }
}
const relArb = fc.array(colType, { minLength: 1, maxLength: 4 }).chain((types) =>
  fc.tuple(fc.constant(types), fc.array(fc.tuple(...types.map((ty) => valueArb(ty))), { maxLength: 8 })),
);
const norm = (rows: readonly Row[]): string =>
  JSON.stringify(rows, (_k, v: unknown) => (v instanceof Mask ? v.toString() : v));

test('TSV write -> read roundtrip', (t) => {
  fc.assert(fc.property(relArb, fc.constantFrom('\t', '|'), ([types, rows], delimiter) => {
    const c = cols(...types);
    const opts = { delimiter, headers: false };
    const text = writeDelimited(c, rows, opts, L);
    const back = readDelimited(c, 'x', text, opts, L);
    // a one-column symbol relation cannot carry '' (an empty line is skipped); symbols never are ''
    return E.isRight(back) && norm(back.right) === norm(rows);
  }), { numRuns: 300 });
  t.pass();
});

test('JSON write -> read roundtrip (arrays and objects)', (t) => {
  fc.assert(fc.property(relArb, fc.constantFrom<'array' | 'object'>('array', 'object'), ([types, rows], format) => {
    const c = cols(...types);
    const back = readJson(c, 'x.json', writeJson(c, rows, format, L), L);
    return E.isRight(back) && norm(back.right) === norm(rows);
  }), { numRuns: 300 });
  t.pass();
});

test('random malformed text gives diagnostics or rows, never throws', (t) => {
  fc.assert(fc.property(fc.array(colType, { minLength: 1, maxLength: 3 }), fc.string({ maxLength: 60 }), (types, text) => {
    const c = cols(...types);
    const r = readDelimited(c, 'f', text, defaultDelimited, L);
    const j = readJson(c, 'f.json', text, L);
    const okDiag = (x: typeof r): boolean =>
      E.isRight(x) || x.left.every((d) => d.severity === 'error' && d.message.length > 0 && (d.span === undefined || d.span.line >= 1));
    return okDiag(r) && okDiag(j);
  }), { numRuns: 500 });
  t.pass();
});

test('JSON diagnostics point at the row', (t) => {
  const c = cols(num, sym);
  const r = readJson(c, 'e.json', '[\n  [1, "a"],\n  [2, 3],\n  {"c0": 1}\n]', L);
  const ds = E.isLeft(r) ? r.left : [];
  t.is(ds.length, 2);
  t.is(formatDiagnostic(ds[0]!), "e.json:3:3: error E723: row 1, field 2 ('c1': symbol): expected a string, found 3");
  t.regex(ds[1]!.message, /missing c1/);
  t.is(ds[1]!.span?.line, 4);
  t.true(E.isLeft(readJson(c, 'e.json', '{', L)));
  t.true(E.isLeft(readJson(c, 'e.json', '{"a": 1}', L)));
});

// ---- directory level with an in-memory file system

function memFs(init: Record<string, string> = {}): FileSystem & { files: Map<string, string> } {
  const files = new Map(Object.entries(init));
  return { files, readFile: (p) => files.get(p), writeFile: (p, s) => void files.set(p, s) };
}

test('readInputs: default .facts, .csv fallback, filename/delimiter, json, missing file', (t) => {
  const fsys = memFs({
    'in/a.facts': '1\t2\n',
    'in/b.csv': '3\t4\n',
    'in/c.txt': '5,6\n',
    'in/d.json': '[{"c0": 7, "c1": 8}]',
  });
  const rels = new Map([
    ['a', rel('a', cols(num, num), { inputs: [spec()] })],
    ['b', rel('b', cols(num, num), { inputs: [spec()] })],
    ['c', rel('c', cols(num, num), { inputs: [spec({ filename: 'c.txt', delimiter: ',' })] })],
    ['d', rel('d', cols(num, num), { inputs: [spec({ IO: 'json' })] })],
  ]);
  const r = readInputs(rels, 'in', L, fsys);
  t.true(E.isRight(r));
  if (E.isRight(r)) t.deepEqual([...r.right], [['a', [[1, 2]]], ['b', [[3, 4]]], ['c', [[5, 6]]], ['d', [[7, 8]]]]);
  const missing = readInputs(new Map([['z', rel('z', cols(num), { inputs: [spec()] })]]), 'in', L, fsys);
  t.true(E.isLeft(missing) && missing.left[0]!.code === 'E721');
  const badIo = readInputs(new Map([['z', rel('z', cols(num), { inputs: [spec({ IO: 'sqlite' })] })]]), 'in', L, fsys);
  t.true(E.isLeft(badIo) && badIo.left[0]!.code === 'E726');
});

test('writeOutputs: sorted TSV files, json, and Soufflé stdout framing', (t) => {
  const fsys = memFs();
  const rels = new Map([
    ['p', rel('p', cols(num, sym), { outputs: [spec()] })],
    ['q', rel('q', cols(num, mask), { outputs: [spec({ IO: 'json', format: 'object' })] })],
  ]);
  const data: Record<string, Row[]> = { p: [[2, 'b'], [-1, 'z'], [2, 'a']], q: [[1, Mask.of(0, 3)]] };
  const r = writeOutputs(rels, (n) => data[n]!, 'out', L, () => t.fail(), fsys);
  t.deepEqual(r, E.right(['out/p.csv', 'out/q.json']));
  t.is(fsys.files.get('out/p.csv'), '-1\tz\n2\ta\n2\tb\n');
  t.is(fsys.files.get('out/q.json'), '[\n  {"c0": 1, "c1": "{0,3}"}\n]\n');
  let printed = '';
  writeOutputs(new Map([['p', rels.get('p')!]]), (n) => data[n]!, '-', L, (s) => (printed += s), fsys);
  t.is(printed, '---------------\np\n===============\n-1\tz\n2\ta\n2\tb\n===============\n');
  t.is(formatStdout(rels.get('p')!, [], L), '---------------\np\n===============\n===============\n');
});
