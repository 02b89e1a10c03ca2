import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compile } from '../../src/pipeline.js';
import { ReplSession } from '../../src/cli/repl-session.js';

function session(rules = 'examples/tc/tc.dl', facts: string | undefined = 'examples/tc'): ReplSession {
  const s = ReplSession.open(rules, facts);
  if (E.isLeft(s)) throw new Error(JSON.stringify(s.left));
  return s.right;
}

test('query prints an aligned table with variable headers and a count', (t) => {
  const s = session();
  t.is(s.eval('?- path(1, X).'), 'X\n-\n2\n3\n4\n3 answers\n');
  t.is(s.eval('?- edge(X, Y), X > 3.'), 'X  Y\n-  -\n4  2\n5  6\n2 answers\n');
  t.is(s.eval('?- edge(1, 2).'), 'yes\n');
  t.is(s.eval('?- edge(2, 1).'), 'no\n');
});

test('facts continue evaluation incrementally; rules re-run', (t) => {
  const s = session();
  t.is(s.eval('edge(6, 7).'), '');
  t.is(s.eval('?- path(5, X).'), 'X\n-\n6\n7\n2 answers\n');
  t.is(s.eval('.decl back(x: number, y: number)'), '');
  t.is(s.eval('back(y, x) :- path(x, y).'), '');
  t.is(s.eval('?- back(7, X).'), 'X\n-\n5\n6\n2 answers\n');
  // facts added after a rule change are still there after another rule change
  t.is(s.eval('edge(7, 8). ?- path(5, 8).'), 'yes\n');
  t.is(s.eval('.decl z(x: number)'), '');
  t.is(s.eval('?- path(5, 8).'), 'yes\n');
});

test('a bad line prints a diagnostic with a caret and the session goes on', (t) => {
  const s = session();
  const out = s.eval('?- nope(X).');
  t.regex(out, /error E201: undeclared relation 'nope'/);
  t.regex(out, /\n {2}1 \| \?- nope\(X\)\.\n {4}\| {4}\^+\n/);
  t.regex(s.eval('edge(1, "a").'), /error E30\d/);
  t.regex(s.eval('edge(1 2).'), /error/);
  t.is(s.eval('?- edge(1, X).'), 'X\n-\n2\n1 answer\n');
});

test('dot-commands: .rels .schema .help .load .quit', (t) => {
  const s = session();
  t.is(s.eval('.rels'), 'relation  size\n--------  ----\nedge      5\npath      13\n');
  t.is(s.eval('.schema edge'), '.decl edge(x: number, y: number)  // .input\n');
  t.is(s.eval('.schema nope'), "no relation 'nope'\n");
  t.regex(s.eval('.help'), /\.schema REL/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpfdl-repl-'));
  const more = path.join(dir, 'more.dl');
  fs.writeFileSync(more, '.decl loop(x: number)\nloop(x) :- path(x, x).\n');
  t.is(s.eval(`.load ${more}`), '');
  t.is(s.eval('?- loop(X).'), 'X\n-\n2\n3\n4\n3 answers\n');
  t.regex(s.eval('.load /no/such/file.dl'), /error/);
  t.false(s.finished);
  t.is(s.eval('.quit'), '');
  t.true(s.finished);
});

test('empty session: declare, add facts, query; lattice values are shown', (t) => {
  const s = ReplSession.open();
  if (E.isLeft(s)) return t.fail();
  const r = s.right;
  t.is(r.eval('.decl s(i: number, k: number)'), '');
  t.is(r.eval('.decl live(i: number, m: <mask>)'), '');
  t.is(r.eval('live(i, @mask_single(k)) :- s(i, k).'), '');
  t.is(r.eval('s(1, 3). s(1, 5). s(2, 0).'), '');
  t.is(r.eval('?- live(I, M).'), 'I  M\n-  -----\n1  {3,5}\n2  {0}\n2 answers\n');
});

test('completion of dot-commands and relation names', (t) => {
  const s = session();
  t.deepEqual(s.complete('.sc'), [['.schema'], '.sc']);
  t.deepEqual(s.complete('?- pa'), [['path'], 'pa']);
  t.deepEqual(s.complete('?- e'), [['edge'], 'e']);
});

test('fromProgram: the hook for other front ends', (t) => {
  const p = compile('.decl r(x: number)\n.decl q(x: number)\nq(x) :- r(x), x > 1.');
  if (E.isLeft(p)) return t.fail();
  const s = ReplSession.fromProgram(p.right, { r: [[1], [2], [3]] });
  if (E.isLeft(s)) return t.fail();
  t.is(s.right.eval('?- q(X).'), 'X\n-\n2\n3\n2 answers\n');
});

test('query variables bound only by expressions: number, else symbol', (t) => {
  const s = session();
  t.is(s.eval('?- X = 1 + 2.'), 'X\n-\n3\n1 answer\n');
  t.is(s.eval('?- X = cat("a", "b").'), 'X\n--\nab\n1 answer\n');
  t.is(s.eval('?- N = count : { edge(_, _) }.'), 'N\n-\n5\n1 answer\n');
});
