/**
 * Float conversions: a literal argument of `to_float` is the number it spells (not already a
 * float bit pattern), in rules and in ground facts.
 */
import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { compile } from '../../src/pipeline.js';

test('to_float of a literal and float division, in a rule and in a fact', (t) => {
  const p = compile('.decl s(y: number)\ns(3).\n.decl z(x: float)\nz(x) :- s(y), x = to_float(y) / to_float(10).\n.decl q(x: float)\nq(to_float(3)).\n.decl h(x: float)\nh(to_float(7) * to_float(2)).');
  if (E.isLeft(p)) return t.fail(p.left.map((d) => d.message).join('; '));
  const db = p.right.run({});
  if (E.isLeft(db)) return t.fail(db.left.map((d) => d.message).join('; '));
  const [[z]] = db.right.relation<[number]>('z').rows();
  t.true(Math.abs(z! - 0.3) < 1e-6);
  t.deepEqual(db.right.relation('q').rows(), [[3]]);
  t.deepEqual(db.right.relation('h').rows(), [[14]]);
});
