import test from 'ava';
import fc from 'fast-check';
import { Mask } from '../../src/eval/lattices/index.js';
import { Database } from '../../src/eval/database.js';
import { naiveEvaluate } from '../../src/eval/naive.js';
import { dispatchOf, showDispatch } from '../../src/eval/eager-dispatch.js';
import { checked, planOf, registry, rowSet } from './helpers.js';

// A forward flow whose step rules are keyed by the kind of the node the value leaves:
// `kind` and `tick` are complete (lower stratum) relations, so they decide which step can fire.
const KINDS = `.decl next(p:number, q:number)
.decl kind(p:number, k:number)
.decl tick(p:number)
.decl pair(a:number, p:number)
.decl seed(p:number, m:<mask>)
.decl v(p:number, m:<mask>)
v(p, m) :- seed(p, m).
v(q, @mask_union(m, @mask_single(1))) :- v(p, m), kind(p, 1), next(p, q).
v(q, @mask_union(m, @mask_single(2))) :- v(p, m), kind(p, 2), next(p, q).
v(q, m) :- v(p, m), !kind(p, _), !tick(p), next(p, q).
v(q, @mask_single(3)) :- v(p, _), tick(p), next(p, q).
v(p, @mask_single(4)) :- v(p, _), p > 10.
v(p, @mask_single(6)) :- v(p, _), pair(7, p).
`;

test('dispatch of the delta versions on v: guards keyed by the node the value leaves', (t) => {
  const p = planOf(KINDS);
  const s = p.strata.find((x) => x.relations.includes('v'))!;
  const versions = s.clauses.flatMap((c) => [...c.deltas.values()]).filter((v) => v.ops[0]?.kind === 'scan' && v.ops[0].atom.rel === 'v');
  const d = dispatchOf(versions, 1, (rel) => !s.relations.includes(rel));
  t.not(d, undefined);
  const shown = showDispatch(d!);
  t.true(shown.startsWith('on column 0\n'), shown);
  // the step rules need their kind (and `next`); the pass-through excludes both guards; the
  // last rule, with only a filter, has no guard and always runs
  t.regex(shown, /V0: \+kind\/0 \+next\/0|V0: \+next\/0 \+kind\/0/);
  t.regex(shown, /V2: (\+next\/0 )?−kind\/0 −tick\/0/);
  t.regex(shown, /: \(always\)/);
  // a lookup on two columns guards by the one that holds the value
  t.regex(shown, /: \+pair\/1$/m);
  t.is(d!.masks.length, versions.length);
  // the pass-through's negations are decided by its clear bits (the code skips their lookups);
  // no other version has a negation
  const pass = versions.findIndex((v) => v.ops.some((o) => o.kind === 'neg'));
  t.deepEqual(d!.decided[pass]!.map((o) => o.atom.rel).sort(), ['kind', 'tick']);
  t.true(d!.decided.every((n, i) => i === pass || n.length === 0));
});

/** Random graphs; node numbers from `nodes` (negative and huge ones disable the table). */
const graphs = (nodes: fc.Arbitrary<number>): fc.Arbitrary<Record<string, unknown[][]>> =>
  fc.record({
    next: fc.array(fc.tuple(nodes, nodes), { maxLength: 40 }),
    kind: fc.array(fc.tuple(nodes, fc.integer({ min: 1, max: 3 })), { maxLength: 12 }),
    tick: fc.array(fc.tuple(nodes), { maxLength: 4 }),
    pair: fc.array(fc.tuple(fc.constantFrom(7, 8), nodes), { maxLength: 6 }),
    seed: fc.array(fc.tuple(nodes, fc.integer({ min: 5, max: 9 })), { minLength: 1, maxLength: 3 }),
  }).map((r) => ({ ...r, seed: r.seed.map(([p, b]) => [p, maskOf(b)]) }));

function maskOf(b: number): unknown {
  return Mask.of(b);
}

for (const [name, nodes] of [
  ['small node numbers', fc.integer({ min: 0, max: 12 })],
  ['negative and huge node numbers (no table)', fc.constantFrom(-3, 0, 1, 2, 1 << 27)],
] as const) {
  test(`guard dispatch gives the naive fixpoint: ${name}`, (t) => {
    fc.assert(fc.property(graphs(nodes), (input) => {
      const db = new Database(planOf(KINDS));
      for (const [rel, rows] of Object.entries(input)) db.insertFacts(rel, rows);
      db.run();
      const slow = naiveEvaluate(checked(KINDS), registry, input);
      t.deepEqual(rowSet(db.relation('v')!.rows()), rowSet(slow.get('v')!));
    }), { numRuns: 60 });
  });
}

test('guard dispatch after new facts in a guard relation: the table is rebuilt', (t) => {
  const input: Record<string, unknown[][]> = {
    next: [[0, 1], [1, 2], [2, 3], [3, 4]], kind: [[1, 1]], tick: [], pair: [], seed: [[0, maskOf(6)]],
  };
  const db = new Database(planOf(KINDS));
  for (const [rel, rows] of Object.entries(input)) db.insertFacts(rel, rows);
  db.run();
  // node 2 becomes a `kind 2` node: its pass-through no longer fires, its step does
  db.insertFacts('kind', [[2, 2]]);
  db.run();
  const slow = naiveEvaluate(checked(KINDS), registry, { ...input, kind: [[1, 1], [2, 2]] });
  t.deepEqual(rowSet(db.relation('v')!.rows()), rowSet(slow.get('v')!));
  t.is(String(db.relation('v')!.lookup([3])), '{1,2,6}');
});
