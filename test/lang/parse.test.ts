import test from 'ava';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { spanOf } from '../../src/base/span.js';
import type { Rule, Term } from '../../src/lang/ast.js';
import { rewordExpected } from '../../src/lang/expected.js';
import { climb } from '../../src/lang/ops.js';
import { parseReplLine, parseSource } from '../../src/lang/parse.js';
import { printTerm } from '../../src/lang/print.js';
import { makeSpanner } from '../../src/lang/spanner.js';
import { decodeString, encodeString } from '../../src/lang/strings.js';

function firstRule(text: string): Rule {
  const r = parseSource('t.dl', text);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  const rule = r.right.items[0];
  if (rule?.kind !== 'rule') throw new Error('not a rule');
  return rule;
}

function termOf(expr: string): Term {
  const lit = firstRule(`a() :- x = ${expr}.`).body.alts[0]?.[0];
  if (lit?.kind !== 'cmp') throw new Error('not a constraint');
  return lit.right;
}

test('spans are exact: file, offsets, line and column', (t) => {
  const text = '// c\nedge(1, 2).\npath(x, y) :-\n  edge(x, y),\n  x < y + 10.';
  const r = parseSource('g.dl', text);
  if (E.isLeft(r)) return t.fail();
  const [fact, rule] = r.right.items;
  t.deepEqual(fact?.span, spanOf('g.dl', text, 5, 16));
  if (rule?.kind !== 'rule') return t.fail();
  t.is(text.slice(rule.span.start, rule.span.end), 'path(x, y) :-\n  edge(x, y),\n  x < y + 10.');
  const cmp = rule.body.alts[0]?.[1];
  if (cmp?.kind !== 'cmp') return t.fail();
  t.is(text.slice(cmp.span.start, cmp.span.end), 'x < y + 10');
  t.deepEqual([cmp.span.line, cmp.span.col], [5, 3]);
  t.is(text.slice(cmp.right.span.start, cmp.right.span.end), 'y + 10');
});

test('spanner agrees with spanOf everywhere', (t) => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('a', '\n', 'é', ' ') }), fc.nat(), fc.nat(), (text, a, b) => {
      const s = Math.min(a, b) % (text.length + 1);
      const e = Math.max(a, b) % (text.length + 1);
      const [lo, hi] = s <= e ? [s, e] : [e, s];
      t.deepEqual(makeSpanner('f', text)(lo, hi), spanOf('f', text, lo, hi));
    }),
  );
});

test('Soufflé operator precedence', (t) => {
  t.is(printTerm(termOf('1 + 2 * 3')), '1 + 2 * 3');
  const sum = termOf('1 + 2 * 3');
  t.true(sum.kind === 'binop' && sum.op === '+' && sum.right.kind === 'binop' && sum.right.op === '*');
  const pow = termOf('2 ^ 3 ^ 4');
  t.true(pow.kind === 'binop' && pow.right.kind === 'binop', '^ is right-associative');
  const sub = termOf('8 - 4 - 2');
  t.true(sub.kind === 'binop' && sub.left.kind === 'binop', '- is left-associative');
  const neg = termOf('-x ^ 2');
  t.true(neg.kind === 'unop' && neg.arg.kind === 'binop', 'unary minus binds looser than ^');
  const bits = termOf('a bor b band c lor d');
  t.true(bits.kind === 'binop' && bits.op === 'lor');
  t.is(printTerm(termOf('((a + b)) * c')), '(a + b) * c');
});

test('negative literals are folded, -0 is 0', (t) => {
  t.deepEqual(termOf('-5'), { kind: 'num', span: termOf('-5').span, value: -5, radix: 10, unsigned: false });
  const z = termOf('-0');
  t.true(z.kind === 'num' && Object.is(z.value, 0));
  t.is(termOf('- 5u').kind, 'unop');
});

test('parseReplLine accepts queries and other items', (t) => {
  const r = parseReplLine('?- path(1, x). edge(1, 2).');
  t.true(E.isRight(r) && r.right.map((i) => i.kind).join() === 'query,fact');
  const bad = parseReplLine('path(1, x)');
  t.true(E.isLeft(bad) && bad.left[0]?.span?.file === '<repl>');
});

test('aggregate targets: count has none, the others need one (E008)', (t) => {
  const a = parseSource('t.dl', 'a(c) :- c = count x : b(x).');
  const b = parseSource('t.dl', 'a(c) :- c = sum : b(x).');
  t.true(E.isLeft(a) && a.left[0]?.code === 'E008');
  t.true(E.isLeft(b) && b.left[0]?.code === 'E008');
});

test('all diagnostics of a file are reported, in source order', (t) => {
  const r = parseSource('t.dl', '#define X\na("\\q", 99999999999).\n.pragma x');
  t.true(E.isLeft(r));
  if (E.isLeft(r)) t.deepEqual(r.left.map((d) => d.code), ['E005', 'E006', 'E002', 'E007']);
});

test('string escapes round-trip', (t) => {
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => decodeString(encodeString(s)).value === s));
  t.deepEqual(decodeString('"a\\x41\\0\\\'"'), { value: "aA\0'", bad: [] });
  t.is(decodeString('"\\z"').bad[0]?.text, '\\z');
});

test('expected-token lists are summarised', (t) => {
  t.is(rewordExpected('"(", "_", a letter, "@", "[", a digit, or "!"'), 'a body literal');
  t.is(rewordExpected('":"'), '":"');
  t.is(rewordExpected('".", "+", "*", "-"'), '"." or an operator');
});

test('precedence climbing groups by binding strength', (t) => {
  const ops = ['+', '*', '-', 'band'] as const;
  const r = climb([1, 2, 3, 4, 5].map((v) => ({ value: String(v), start: v, end: v })), [...ops], (op, l, r) => ({ value: `(${l.value}${op}${r.value})`, start: l.start, end: r.end }));
  t.is(r.value, '(((1+(2*3))-4)band5)');
});

test('chunk boundaries fall on item starts outside comments', async (t) => {
  const { chunkStarts } = await import('../../src/lang/chunks.js');
  const text = 'a(1).\n/* x.\n*/ b(2).\n.decl c(x: number,\n  y: number)\nc(1, 2).\n#define X /*\nd("//").\ne(3).';
  const starts = chunkStarts(text, 1);
  t.deepEqual(starts.map((s) => text.slice(s, s + 6)), ['a(1).\n', '/* x.\n', '.decl ', '#defin', 'd("//"', 'e(3).']);
});

test('two-item expected lists are split on "or"', (t) => {
  t.is(rewordExpected('an identifier or "["'), 'an identifier or "["');
  t.is(rewordExpected('"or", "x"'), '"or" or "x"');
});
