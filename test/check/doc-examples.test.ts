/** The `@example`s of src/check, run. */
import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { check } from '../../src/check/check.js';
import { orderedSccs, shortestPath } from '../../src/check/depgraph.js';
import { MESSAGES } from '../../src/check/messages.js';
import { printChecked, printClause, showType } from '../../src/check/print.js';
import { emptyRegistry } from '../../src/check/registry.js';
import { latticeType, prim } from '../../src/check/resolve.js';
import { latticeFamily, showTy } from '../../src/check/typerel.js';
import { parseSource } from '../../src/lang/parse.js';

test('depgraph examples', (t) => {
  t.deepEqual(orderedSccs([[], [0], [1, 2]]), [[2], [1], [0]]);
  t.deepEqual(shortestPath([[1], [2], [0]], 0, 0), [0, 1, 2, 0]);
});

test('type helpers examples', (t) => {
  t.is(latticeFamily('mask_meet'), 'mask');
  t.is(showTy({ kind: 'anynum' }), 'number');
  t.is(showType(prim('number')), 'number');
  t.is(showType(latticeType('mask')), '<mask>');
  t.is(MESSAGES.E201, 'a rule, fact or query uses a relation that is not declared');
});

test('check + print examples', (t) => {
  const text = '.decl q(x: number)\n.decl p(x: number)\np(x) :- q(x).\n';
  const src = parseSource('a.dl', text);
  if (E.isLeft(src)) return t.fail('parse');
  const r = check({ sources: new Map([['a.dl', text]]), items: src.right.items }, emptyRegistry);
  if (E.isLeft(r)) return t.fail('check');
  t.true(printChecked(r.right).startsWith('relations\n'));
  t.is(printClause(r.right.strata[1]!.clauses[0]!), 'p(x) :- q(x).  % x: number');
  t.deepEqual(r.right.strata[0]!.relations, ['q']);
});

test('suggest examples', async (t) => {
  const { editDistance, didYouMean } = await import('../../src/check/suggest.js');
  t.is(editDistance('edgee', 'edge'), 1);
  t.is(editDistance('edeg', 'edge'), 1);
  t.is(didYouMean('edgee', ['edge', 'path']), " (did you mean 'edge'?)");
  t.is(didYouMean('x', ['y']), '');
  t.is(didYouMean('abc', ['xyz']), '');
});
