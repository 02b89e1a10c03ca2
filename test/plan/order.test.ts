import test from 'ava';
import { planOf } from '../eval/helpers.js';
import type { Op } from '../../src/plan/plan.js';
import { Database } from '../../src/eval/database.js';
import { adaptVersion } from '../../src/eval/adaptive.js';

const opsText = (ops: readonly Op[]): string[] => ops.map((o) => (o.kind === 'scan' ? `${o.source}:${o.atom.rel}[${o.bound.join(',')}]` : o.kind));

test('delta version starts from the delta atom and looks the others up by bound columns', (t) => {
  const p = planOf(`.decl e(x:number, y:number)
.decl tc(x:number, y:number)
tc(x, y) :- e(x, y).
tc(x, z) :- tc(y, z), e(x, y).`);
  const c = p.strata.flatMap((s) => s.clauses).find((x) => x.clause.body.length === 2)!;
  t.deepEqual(opsText(c.deltas.get(0)!.ops), ['delta:tc[]', 'full:e[1]']);
  t.deepEqual(opsText(c.deltas.get(1)!.ops), ['delta:e[]', 'old:tc[0]']);
});

test('the written order of atoms does not change the plan of a delta version', (t) => {
  const mk = (body: string): string[] => {
    const p = planOf(`.decl e(x:number, y:number)
.decl s(x:number, y:number)
s(x, y) :- e(x, y).
s(x, y) :- ${body}.`);
    const c = p.strata.flatMap((st) => st.clauses).find((x) => x.clause.body.length === 3)!;
    const i = c.clause.body.findIndex((l) => l.kind === 'atom' && l.rel === 's');
    return opsText(c.deltas.get(i)!.ops).map((x) => x.replace(/^(old|full):/, ''));
  };
  t.deepEqual(mk('e(a, x), s(a, b), e(b, y)'), mk('e(b, y), e(a, x), s(a, b)'));
});

test('constraints and negations are placed as soon as their variables are bound', (t) => {
  const p = planOf(`.decl e(x:number, y:number)
.decl d(x:number)
.decl o(x:number, y:number)
o(x, z) :- e(x, y), e(y, z), !d(x), x < 3.`);
  const c = p.strata.flatMap((s) => s.clauses).find((x) => x.clause.head.rel === 'o')!;
  t.deepEqual(opsText(c.full.ops), ['full:e[]', 'neg', 'filter', 'full:e[0]']);
});

test('a lookup bound by variables uses those columns only; the constants are checked on the rows found', (t) => {
  const p = planOf(`.decl op(i:number, code:number, d:number)
.decl s(i:number, m:<mask>)
s(i, m) :- op(i, 7, _), m = @mask_single(1).
s(j, m) :- s(i, m), op(i, 176, j).
`);
  const [scanOnly, recursive] = p.strata.flatMap((st) => st.clauses).sort((a, b) => a.clause.body.length - b.clause.body.length);
  // only a constant bound, outermost scan of a full version (runs once): read op through
  // and check 7 on each row, no index on the code column
  t.deepEqual(opsText(scanOnly!.full.ops).filter((x) => x.includes(':')), ['full:op[]']);
  // the delta version scans the delta rows: no index either
  t.deepEqual(p.relations.get('op')!.indexes, [[0]]);
  // i bound by the delta: look up by i, check 176 on the rows of i
  t.deepEqual(opsText(recursive!.deltas.get(0)!.ops), ['delta:s[]', 'full:op[0]']);
  const db = new Database(p);
  db.insertFacts('op', [[0, 7, 0], [0, 176, 1], [1, 176, 2], [1, 5, 9], [2, 3, 4]]);
  db.run();
  t.deepEqual([...db.relation('s')!.rows()].map((r) => r[0]).sort(), [0, 1, 2]);
});

test('a variable bound to a constant counts as a constant: the outermost scan reads the relation through', (t) => {
  const p = planOf(`.decl acc(i:number, n:number)
.decl unknown(i:number)
unknown(i) :- acc(i, n), n = -2147483648.
`);
  const c = p.strata.flatMap((st) => st.clauses)[0]!;
  t.deepEqual(opsText(c.full.ops).filter((x) => x.includes(':')), ['full:acc[]'], 'no lookup of acc by n');
  t.deepEqual(p.relations.get('acc')!.indexes, []);
  const db = new Database(p);
  db.insertFacts('acc', [[1, -2147483648], [2, 8], [3, -2147483648]]);
  db.run();
  t.deepEqual([...db.relation('unknown')!.rows()].map((r) => r[0]).sort(), [1, 3]);
});

test('planned indexes are those of the versions a first evaluation runs, not of incremental-only deltas', (t) => {
  const p = planOf(`.decl big(i:number, c:number, k:number)
.decl small(r:number)
.decl out(i:number, r:number)
out(i, r) :- big(i, 5, 128), small(r).
`);
  const c = p.strata.flatMap((st) => st.clauses).find((x) => x.clause.head.rel === 'out')!;
  // the delta version on small (it runs only when small gains facts later) looks big up by
  // its constants; the full version scans big first and needs no index
  t.deepEqual(opsText(c.deltas.get(1)!.ops), ['delta:small[]', 'old:big[1,2]']);
  t.deepEqual(p.relations.get('big')!.indexes, []);
  const db = new Database(p);
  db.insertFacts('big', [[1, 5, 128], [2, 5, 7]]);
  db.insertFacts('small', [[0]]);
  db.run();
  db.insertFacts('small', [[4]]);
  db.run();
  t.deepEqual([...db.relation('out')!.rows()].map((r) => r.join(' ')).sort(), ['1 0', '1 4']);
});

test('a generator waits while no atom left mentions its variable, and goes before one that does', (t) => {
  const p = planOf(`.decl big(i:number, c:number)
.decl pair(r:number, x:number)
.decl out(i:number, r:number)
.decl out2(i:number, x:number)
out(i, r) :- r in @mask_members(@mask_range(0, 5)), big(i, 5).
out2(r, x) :- pair(r, x), r in @mask_members(@mask_range(0, 5)).
`);
  const cs = p.strata.flatMap((st) => st.clauses);
  const of = (rel: string): string[] => opsText(cs.find((x) => x.clause.head.rel === rel)!.full.ops);
  t.deepEqual(of('out'), ['full:big[]', 'gen'], 'big is read once, not once per register');
  t.deepEqual(of('out2'), ['gen', 'full:pair[0]'], 'r is bound first: pair is looked up by it, not scanned');
  const db = new Database(p);
  db.insertFacts('big', [[1, 5], [2, 7], [3, 5]]);
  db.insertFacts('pair', [[2, 20], [9, 90]]);
  db.run();
  t.is(db.relation('out')!.size, 12);
  t.deepEqual([...db.relation('out2')!.rows()].map((r) => r.join(':')).sort(), ['2:20']);
});

test('outermost scans fixing the same column to constants share an index on it (from four rules on)', (t) => {
  const prog = (n: number): string => `.decl insn(i:number, cls:number, op:number)
${Array.from({ length: n }, (_, k) => `.decl k${k}(i:number)\nk${k}(I) :- insn(I, ${k}, ${k + 10}).`).join('\n')}
.decl any(i:number)
any(I) :- insn(I, _, _).`;
  const firsts = (n: number): string[] => planOf(prog(n)).strata.flatMap((s) => s.clauses).map((c) => opsText(c.full.ops)[0]!);
  // three rules: each reads insn through and checks its constants
  t.deepEqual(firsts(3), ['full:insn[]', 'full:insn[]', 'full:insn[]', 'full:insn[]']);
  // four: they look up the class column (the op constant is checked on the rows found); the
  // scan without a constant still reads everything
  t.deepEqual(firsts(4).sort(), ['full:insn[1]', 'full:insn[1]', 'full:insn[1]', 'full:insn[1]', 'full:insn[]'].sort());
  const p = planOf(prog(4));
  t.true(p.relations.get('insn')!.indexes.some((ix) => ix.join(',') === '1'));
  // same results either way
  const db = new Database(p);
  db.insertFacts('insn', [[0, 0, 10], [1, 1, 11], [2, 1, 99], [3, 3, 13], [4, 2, 12]]);
  db.run();
  t.deepEqual([0, 1, 2, 3].map((k) => [...db.relation(`k${k}`)!.rows()].map((r) => r[0])), [[0], [1], [4], [3]]);
});

test('the shared constant-column lookup survives the evaluator reordering a version by statistics', (t) => {
  const p = planOf(`.decl insn(i:number, cls:number, op:number)
.decl code(i:number, c:number)
${[0, 1, 2, 3].map((k) => `.decl k${k}(i:number)\nk${k}(I) :- insn(I, ${k}, ${k + 10}), code(I, C), C > 0.`).join('\n')}`);
  t.is(p.relations.get('insn')!.constColumn, 1);
  const db = new Database(p);
  db.insertFacts('insn', [[0, 0, 10], [1, 1, 11], [2, 1, 99], [3, 3, 13]]);
  db.insertFacts('code', [[0, 5], [1, 5], [2, 5], [3, 0]]);
  db.run();
  for (const c of p.strata.flatMap((s) => s.clauses)) {
    const v = adaptVersion(p, c.full, (n) => db.rel(n));
    t.is(opsText(v.ops)[0], 'full:insn[1]', c.clause.head.rel);
  }
  t.deepEqual([0, 1, 2, 3].map((k) => [...db.relation(`k${k}`)!.rows()].map((r) => r[0])), [[0], [1], [], []]);
});
