import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import type { Diagnostic } from '../../src/base/diagnostic.js';
import { check } from '../../src/check/check.js';
import type { CheckedProgram } from '../../src/check/checked.js';
import { emptyRegistry } from '../../src/check/registry.js';
import { parseSource } from '../../src/lang/parse.js';
import { testRegistry } from './registry.js';

function run(text: string): E.Either<Diagnostic[], CheckedProgram> {
  const src = parseSource('t.dl', text);
  if (E.isLeft(src)) throw new Error('test program does not parse');
  return check({ sources: new Map([['t.dl', text]]), items: src.right.items }, testRegistry);
}

function ok(t: { fail(m: string): void }, text: string): CheckedProgram {
  const r = run(text);
  if (E.isLeft(r)) {
    t.fail(r.left.map((d) => d.message).join('; '));
    throw new Error('unreachable');
  }
  return r.right;
}

test('every declared relation is in exactly one stratum; inputs get clause-free strata', (t) => {
  const p = ok(t, '.decl e(x: number)\n.input e\n.decl unused(x: symbol)\n.decl p(x: number)\np(x) :- e(x).\n');
  t.deepEqual(
    p.strata.map((s) => [s.relations, s.clauses.length, s.recursive]),
    [
      [['e'], 0, false],
      [['unused'], 0, false],
      [['p'], 1, false],
    ],
  );
});

test('multi-head rules with disjunctions: one clause per head and alternative, same ruleIndex', (t) => {
  const p = ok(t, '.decl a(x: number)\n.decl b(x: number)\n.decl c(x: number)\na(1).\nb(x), c(x) :- a(x) ; a(y), x = y + 1.\nc(x) :- b(x).\n');
  const clauses = p.strata.flatMap((s) => s.clauses);
  t.is(clauses.length, 5);
  t.deepEqual(
    clauses.map((c) => [c.head.rel, c.ruleIndex]),
    [
      ['b', 0],
      ['b', 0],
      ['c', 0],
      ['c', 0],
      ['c', 1],
    ],
  );
  t.deepEqual([...clauses[1]!.varTypes.keys()], ['x', 'y']);
});

test('queries list named variables in order of first occurrence across alternatives', (t) => {
  const p = ok(t, '.decl e(x: number, y: number)\n?- e(B, A), A < 3 ; e(C, B).\n');
  t.deepEqual(
    p.queries[0]!.vars.map((v) => v.name),
    ['B', 'A', 'C'],
  );
  t.is(p.queries[0]!.body.length, 2);
});

test('warnings do not fail the check and are returned with the program', (t) => {
  const p = ok(t, '.decl e(x: number, y: number)\n.decl p(x: number)\np(x) :- e(x, y).\n');
  t.deepEqual(
    (p.warnings ?? []).map((d) => [d.code, d.severity]),
    [['W401', 'warning']],
  );
});

test('all errors are reported, sorted by position, each with a span', (t) => {
  const r = run('.decl p(x: number)\np(x) :- q(x).\np(y) :- p(x).\np("s").\n');
  t.true(E.isLeft(r));
  if (E.isRight(r)) return;
  t.deepEqual(
    r.left.filter((d) => d.severity === 'error').map((d) => d.code),
    ['E201', 'E401', 'E301'],
  );
  t.true(r.left.every((d) => d.span !== undefined && d.span.line > 0));
});

test('@-functors need a registry entry', (t) => {
  const text = '.decl p(m: <mask>)\np(@mask_empty()).\n';
  const src = parseSource('t.dl', text);
  if (E.isLeft(src)) return t.fail('parse');
  const r = check({ sources: new Map([['t.dl', text]]), items: src.right.items }, emptyRegistry);
  t.deepEqual(E.isLeft(r) ? r.left.map((d) => d.code) : [], ['E106', 'E203']);
});

test('recursive flag and stratum order follow dependencies', (t) => {
  const p = ok(t, '.decl late(x: number)\n.decl early(x: number)\nlate(x) :- early(x), !early(x + 1).\nearly(1).\nearly(x + 1) :- early(x), x < 3.\n');
  t.deepEqual(
    p.strata.map((s) => [s.relations[0], s.recursive]),
    [
      ['early', true],
      ['late', false],
    ],
  );
});

test('inflationary lattice relations are exempt from the monotonicity check (E503)', (t) => {
  const text = [
    '.decl succ(i: number, j: number)',
    '.input succ',
    '.decl at(i: number, m: <mask>)',
    'at(0, @mask_all()).',
    'at(j, @mask_not(M)) :- succ(i, j), at(i, M).',
    '',
  ].join('\n');
  const src = parseSource('t.dl', text);
  if (E.isLeft(src)) return t.fail('parse');
  const plain = check({ sources: new Map([['t.dl', text]]), items: src.right.items }, testRegistry);
  t.deepEqual(E.isLeft(plain) ? plain.left.map((d) => d.code) : [], ['E503']);
  // The grammar may not know the qualifier yet: add it to the AST directly.
  const items = src.right.items.map((it) => (it.kind === 'decl' && it.names.includes('at') ? { ...it, qualifiers: ['inflationary'] } : it));
  const infl = check({ sources: new Map([['t.dl', text]]), items }, testRegistry);
  t.true(E.isRight(infl));
  if (E.isRight(infl)) t.true(infl.right.relations.get('at')?.inflationary);
});

test('queries carry the types of their variables', (t) => {
  const p = ok(t, '.decl l(k: number, m: <mask>)\n.decl s(x: symbol)\n?- l(K, M) ; s(S).\n');
  const types = p.queries[0]!.varTypes!;
  t.deepEqual(
    [...types].map(([n, ty]) => [n, ty.kind === 'lattice' ? `<${ty.lattice}>` : ty.name]),
    [
      ['K', 'number'],
      ['M', '<mask>'],
      ['S', 'symbol'],
    ],
  );
});

test('a registered functor may declare monotone argument positions', (t) => {
  const text = '.decl s(i: number, j: number)\n.input s\n.decl l(i: number, m: <mask>)\nl(0, @mask_all()).\nl(j, @grow(M)) :- s(i, j), l(i, M).\n';
  const src = parseSource('t.dl', text);
  if (E.isLeft(src)) return t.fail('parse');
  const withSpec = (monotone?: number[]) => {
    const spec = { name: 'grow', params: ['mask'], result: 'mask', fn: () => 0, ...(monotone ? { monotone } : {}) };
    const functors = new Map(testRegistry.functors);
    functors.set('grow', spec);
    return check({ sources: new Map([['t.dl', text]]), items: src.right.items }, { lattices: testRegistry.lattices, functors });
  };
  const plain = withSpec();
  t.deepEqual(E.isLeft(plain) ? plain.left.map((d) => d.code) : [], ['E503']);
  t.true(E.isRight(withSpec([0])));
});
