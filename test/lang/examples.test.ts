/** The `@example`s of the doc comments in src/lang, run as written. */
import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { chunkStarts } from '../../src/lang/chunks.js';
import { rewordExpected } from '../../src/lang/expected.js';
import { datalogGrammar } from '../../src/lang/grammar.js';
import { loadProgram } from '../../src/lang/load.js';
import { climb } from '../../src/lang/ops.js';
import { parseReplLine, parseSource, parseSourceChunked } from '../../src/lang/parse.js';
import { printItem, printSource } from '../../src/lang/print.js';
import { makeSpanner } from '../../src/lang/spanner.js';
import { decodeString, encodeString } from '../../src/lang/strings.js';
import { stripSpans } from './helpers.js';

test('grammar, spanner, strings, chunks, expected, ops', (t) => {
  t.true(datalogGrammar().match('a(1).').succeeded());
  t.deepEqual(makeSpanner('a.dl', 'x.\ny.')(3, 4), { file: 'a.dl', start: 3, end: 4, line: 2, col: 1 });
  t.deepEqual(decodeString('"a\\tb"'), { value: 'a\tb', bad: [] });
  t.is(encodeString('say "hi"\n'), '"say \\"hi\\"\\n"');
  t.deepEqual(chunkStarts('a(1).\nb(2).\n', 1), [0, 6]);
  t.is(rewordExpected('"(", "_", a letter, "@", "[", a digit, or "!"'), 'a body literal');
  const c = climb([1, 2, 3].map((v) => ({ value: String(v), start: 0, end: 0 })), ['+', '*'], (op, l, r) => ({ ...l, value: `(${l.value}${op}${r.value})` }));
  t.is(c.value, '(1+(2*3))');
});

test('parseSource, parseReplLine, parseSourceChunked, printing', (t) => {
  const r = parseSource('tc.dl', '.decl e(x: number, y: number)\ne(1, 2).');
  t.true(E.isRight(r) && r.right.file === 'tc.dl' && r.right.items.map((i) => i.kind).join() === 'decl,fact');
  t.true(E.isRight(parseReplLine('?- path(1, x).')));
  t.deepEqual(stripSpans(parseSourceChunked('a.dl', 'a(1).\nb(2).', 1)), stripSpans(parseSource('a.dl', 'a(1).\nb(2).')));
  const d = parseSource('a.dl', '.decl e(x:number,y:number)');
  t.true(E.isRight(d) && d.right.items[0] !== undefined && printItem(d.right.items[0]) === '.decl e(x: number, y: number)');
  const s = parseSource('a.dl', '.decl e(x: number)\ne(1).');
  t.true(E.isRight(s) && printSource(s.right) === '.decl e(x: number)\ne(1).\n');
});

test('loadProgram', (t) => {
  const files = new Map([['main.dl', '.include "lib.dl"\na(1).'], ['lib.dl', '.decl a(x: number)']]);
  const r = loadProgram('main.dl', (p) => files.get(p));
  t.true(E.isRight(r) && r.right.items.map(printItem).join('\n') === '.decl a(x: number)\na(1).');
});
