/**
 * Runs the `@example` of every item exported from src/index.ts (the same code, with its
 * commented result turned into an assertion).
 */
import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as api from '../../src/index.js';
import {
  compile, compileFile, registryWith, factDir, formatStats, sourcesOf, formatDiagnostic, Mask, maskLattice, maskMeetLattice,
  maxLattice, minLattice, isetLattice, isetOf, boolLattice, builtinLattices, checkLatticeLaws, builtinFunctors,
  type Diagnostic, type Lattice, type FunctorSpec,
} from '../../src/index.js';

const TC = '.decl e(x: number, y: number)\n.decl tc(x: number, y: number)\ntc(x, y) :- e(x, y).\ntc(x, z) :- tc(x, y), e(y, z).';

function right<T>(x: E.Either<Diagnostic[], T>): T {
  if (E.isLeft(x)) throw new Error(x.left.map((d) => formatDiagnostic(d)).join('\n'));
  return x.right;
}

test('index exports only documented runtime items', (t) => {
  t.deepEqual(Object.keys(api).sort(), [
    'Analysis', 'Database', 'Mask', 'Program', 'analyzeFile', 'boolLattice', 'builtinFunctors', 'builtinLattices', 'checkLatticeLaws',
    'compile', 'compileFile', 'factDir', 'formatDiagnostic', 'formatStats', 'isetLattice', 'isetOf', 'jsonRecord', 'kernelLog',
    'liveOfFile', 'maskLattice', 'maskMeetLattice', 'maxLattice', 'minLattice', 'registryWith', 'sourcesOf',
  ]);
});

test('compile + Program.run + Database.relation (compile, Program, Database examples)', (t) => {
  const p = compile(TC);
  t.true(E.isRight(p));
  const db = right(right(p).run({ e: [[1, 2], [2, 3]] }));
  t.deepEqual(db.relation<[number, number]>('tc').rows(), [[1, 2], [1, 3], [2, 3]]);
  t.deepEqual(db.relationNames(), ['e', 'tc']);
  t.is(db.relation('tc').size, 3);
  t.true(db.relation('tc').has([1, 3]));
  t.deepEqual(db.relation('tc').columns, [{ name: 'x', type: 'number' }, { name: 'y', type: 'number' }]);
  t.throws(() => db.relation('nope'), { message: "unknown relation 'nope'" });
});

test('compile reports diagnostics as values; formatDiagnostic renders carets', (t) => {
  const p = compile('.decl a(x: number)\na(x) :- b(x).', { file: 'a.dl' });
  t.true(E.isLeft(p));
  if (E.isLeft(p)) t.is(formatDiagnostic(p.left[0]!, new Map([['a.dl', '.decl a(x: number)\na(x) :- b(x).']])), "a.dl:2:9: error E201: undeclared relation 'b'\n  2 | a(x) :- b(x).\n    |         ^^^^");
});

test('compileFile + factDir + writeOutputs + printSizes', (t) => {
  const p = right(compileFile('examples/tc/tc.dl'));
  const db = right(p.run(factDir('examples/tc')));
  let out = '';
  t.deepEqual(p.writeOutputs(db, '-', (s) => (out += s)), E.right([]));
  t.true(out.startsWith('---------------\npath\n'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpfdl-api-'));
  t.deepEqual(p.writeOutputs(db, dir, () => t.fail()), E.right([path.join(dir, 'path.csv')]));
  t.is(p.printSizes(db), '');
  t.deepEqual(p.relationNames(), ['edge', 'path']);
  t.is(p.schema('edge'), '.decl edge(x: number, y: number)  // .input');
  t.true(p.explainPlan().startsWith('stratum 0'));
  t.true(p.printChecked().startsWith('relations'));
});

test('Program.run rejects ill-typed rows and unknown relations', (t) => {
  const p = right(compile(TC));
  const r = p.run({ e: [[1, 'x']], nope: [[1]] });
  t.true(E.isLeft(r));
  if (E.isLeft(r)) {
    t.deepEqual(r.left.map((d) => d.code).sort(), ['E728', 'E729']);
    t.regex(r.left.find((d) => d.code === 'E728')!.message, /row 0, column 2 \('y': number\): expected an int32/);
  }
});

test('Database.insertFacts continues the fixpoint; Database.query answers', (t) => {
  const db = right(right(compile(TC)).run({ e: [[1, 2]] }));
  right(db.insertFacts({ e: [[2, 3]] }));
  t.true(db.relation('tc').has([1, 3]));
  t.deepEqual(db.query('?- tc(1, X).'), E.right({ vars: ['X'], rows: [['2'], ['3']] }));
  t.true(E.isLeft(db.query('?- nope(X).')));
  t.true(E.isLeft(db.insertFacts({ e: [[1]] })));
});

test('Database.insertColumns bulk-loads int32 columns; bad shapes are diagnostics', (t) => {
  const db = right(right(compile(TC)).run({ e: [[1, 2]] }));
  right(db.insertColumns('e', [Int32Array.of(2, 3), Int32Array.of(3, 4)]));
  t.true(db.relation('tc').has([1, 4]));
  const bad = db.insertColumns('e', [Int32Array.of(5)]);
  t.true(E.isLeft(bad) && bad.left[0]!.code === 'E728' && /expected 2 key columns/.test(bad.left[0]!.message));
  const nope = db.insertColumns('nope', [Int32Array.of(5)]);
  t.true(E.isLeft(nope) && nope.left[0]!.code === 'E729');
  t.false(db.relation('tc').has([5, 5]), 'nothing was inserted by the failed calls');
});

test('Program.extend adds rules (run again to see them)', (t) => {
  const p = right(compile(TC));
  const p2 = right(p.extend('.decl sym(x: number, y: number)\nsym(x, y) :- tc(y, x).'));
  t.deepEqual(right(p2.run({ e: [[1, 2]] })).relation('sym').rows(), [[2, 1]]);
  t.true(E.isLeft(p.extend('x(')));
});

test('registryWith / compile options: user functors and lattices', (t) => {
  const inc: FunctorSpec = { name: 'inc', params: ['number'], result: 'number', fn: (x: number) => x + 1 };
  const r = registryWith({ functors: [inc] });
  t.is(r.functors.get('inc'), inc);
  t.true(r.lattices.has('mask'));
  // a user lattice: "last writer" over symbols is not a lattice; use the set of strings instead
  const strset: Lattice<readonly string[]> = {
    name: 'strset',
    bottom: [],
    join: (a, b) => [...new Set([...a, ...b])].sort(),
    leq: (a, b) => a.every((x) => b.includes(x)),
    equals: (a, b) => a.length === b.length && a.every((x, i) => x === b[i]),
    show: (v) => v.join('|'),
    parse: (s) => (s === '' ? [] : s.split('|').sort()),
  };
  const one: FunctorSpec = { name: 'one', params: ['symbol'], result: 'strset', fn: (s: string) => [s] };
  const p = right(compile('.decl n(x: number, s: symbol)\n.decl m(x: number, v: <strset>)\n.decl o(x: number)\nm(x, @one(s)) :- n(x, s).\no(@inc(x)) :- n(x, _).', { lattices: [strset as Lattice<unknown>], functors: [inc, one] }));
  const db = right(p.run({ n: [[1, 'b'], [1, 'a'], [2, 'c']] }));
  t.deepEqual(db.relation('m').lookup(1), ['a', 'b']);
  t.deepEqual(db.relation('o').rows(), [[2], [3]]);
});

test('formatStats (example: process.stderr.write(formatStats(db.stats())))', (t) => {
  const db = right(right(compile(TC)).run({ e: [[1, 2], [2, 3]] }, { stats: true }));
  const text = formatStats(db.stats());
  t.regex(text, /iterations per stratum/);
  t.regex(text, /tc 3/);
});

test('sourcesOf reads the files named by diagnostics', (t) => {
  const d: Diagnostic = { code: 'E1', severity: 'error', message: 'm', span: { file: 'examples/tc/tc.dl', start: 0, end: 1, line: 1, col: 1 } };
  t.is(sourcesOf([d]).get('examples/tc/tc.dl'), fs.readFileSync('examples/tc/tc.dl', 'utf8'));
});

test('Mask and the built-in lattices (their @examples)', (t) => {
  const m = Mask.of(0, 1, 5).union(Mask.single(64));
  t.true(m.has(64));
  t.is(m.toString(), '{0,1,5,64}');
  t.is(Mask.parse('{1, 3-4}')?.toString(), '{1,3,4}');
  t.is(maskLattice.join(Mask.of(1), Mask.of(2)).toString(), '{1,2}');
  t.is(maskMeetLattice.join(Mask.of(1, 2), Mask.of(2, 3)).toString(), '{2}');
  t.is(maxLattice.join(3, 7), 7);
  t.is(minLattice.join(3, 7), 3);
  t.deepEqual(isetLattice.join(isetOf(1, 3), isetOf(2)), [1, 2, 3]);
  t.is(boolLattice.join(false, true), true);
  t.is(builtinLattices.get('mask')?.bottom, Mask.EMPTY);
  t.is(checkLatticeLaws(maskLattice, Mask.of(1), Mask.of(2), Mask.EMPTY), undefined);
  t.true(builtinFunctors.get('mask_members')?.generator);
});

test('analyzeFile, Analysis, kernelLog, jsonRecord, liveOfFile examples', (t) => {
  const a = api.analyzeFile('examples/bpf/callee_reads_caller.s');
  if (E.isLeft(a)) return t.fail(a.left.map((d) => formatDiagnostic(d)).join('\n'));
  t.is(a.right.liveRegs(6), 0b111110);
  t.deepEqual(a.right.use({ callsite: 0, depth: 0 }, 0, 6).members(), [2, 3]);
  t.true(a.right.stackSlotAlive([6], 11, 0, 0));
  t.true(api.kernelLog(a.right).includes('  6: (85) call pc+3                    ; use: fp0-16'));
  t.is(api.jsonRecord(a.right).insnCount, 15);
  const text = api.liveOfFile('examples/bpf/callee_reads_caller.s', { json: true });
  t.true(E.isRight(text) && text.right.startsWith('{"object":"examples/bpf/callee_reads_caller.s"'));
  const missing = api.analyzeFile('examples/bpf/callee_reads_caller.s', 'nope');
  t.true(E.isLeft(missing) && missing.left[0]!.code === 'E911');
});
