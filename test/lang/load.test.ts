import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { formatDiagnostic } from '../../src/base/diagnostic.js';
import { loadProgram } from '../../src/lang/load.js';
import { printItem } from '../../src/lang/print.js';

const fs = (files: Record<string, string>) => (p: string): string | undefined => files[p];

test('includes are spliced in place, relative to the including file', (t) => {
  const r = loadProgram('rules/main.dl', fs({
    'rules/main.dl': 'a(0).\n.include "lib/x.dl"\na(3).',
    'rules/lib/x.dl': 'a(1).\n.include "../y.dl"',
    'rules/y.dl': 'a(2).',
  }));
  if (E.isLeft(r)) return t.fail(JSON.stringify(r.left));
  t.deepEqual(r.right.items.map(printItem), ['a(0).', 'a(1).', 'a(2).', 'a(3).']);
  t.deepEqual([...r.right.sources.keys()].sort(), ['rules/lib/x.dl', 'rules/main.dl', 'rules/y.dl']);
  t.is(r.right.items[1]?.span.file, 'rules/lib/x.dl');
});

test('a file included twice is read once', (t) => {
  let reads = 0;
  const files: Record<string, string> = { 'm.dl': '.include "a.dl"\n.include "./a.dl"\n.include "b.dl"', 'a.dl': 'a(1).', 'b.dl': '.include "a.dl"\nb(1).' };
  const r = loadProgram('m.dl', (p) => {
    reads++;
    return files[p];
  });
  if (E.isLeft(r)) return t.fail(JSON.stringify(r.left));
  t.deepEqual(r.right.items.map(printItem), ['a(1).', 'b(1).']);
  t.is(reads, 3);
});

test('a missing include is E003 at the .include', (t) => {
  const text = 'a(1).\n.include "nope.dl"\n';
  const r = loadProgram('m.dl', fs({ 'm.dl': text }));
  if (E.isRight(r)) return t.fail();
  t.is(r.left.length, 1);
  t.is(r.left[0]?.code, 'E003');
  t.is(r.left[0]?.span?.line, 2);
  t.is(formatDiagnostic(r.left[0]!, new Map([['m.dl', text]])), [
    "m.dl:2:1: error E003: cannot read included file 'nope.dl' (resolved to 'nope.dl')",
    '  2 | .include "nope.dl"',
    '    | ^^^^^^^^^^^^^^^^^^',
  ].join('\n'));
});

test('a missing root file is E003 without a span', (t) => {
  const r = loadProgram('m.dl', fs({}));
  t.true(E.isLeft(r) && r.left[0]?.code === 'E003' && r.left[0].span === undefined);
});

test('include cycles are E004 naming the cycle', (t) => {
  const r = loadProgram('a.dl', fs({ 'a.dl': '.include "b.dl"', 'b.dl': '.include "c.dl"', 'c.dl': '.include "a.dl"' }));
  if (E.isRight(r)) return t.fail();
  t.is(r.left.length, 1);
  t.is(r.left[0]?.code, 'E004');
  t.is(r.left[0]?.message, 'include cycle: a.dl -> b.dl -> c.dl -> a.dl');
  t.is(r.left[0]?.span?.file, 'c.dl');
});

test('a file including itself is a cycle', (t) => {
  const r = loadProgram('a.dl', fs({ 'a.dl': 'a(1).\n.include "a.dl"' }));
  t.true(E.isLeft(r) && r.left[0]?.message === 'include cycle: a.dl -> a.dl');
});

test('syntax errors of every file are reported', (t) => {
  const r = loadProgram('m.dl', fs({ 'm.dl': '.include "a.dl"\n.include "b.dl"\n', 'a.dl': 'a(', 'b.dl': 'b(1)' }));
  if (E.isRight(r)) return t.fail();
  t.deepEqual(r.left.map((d) => `${d.code} ${d.span?.file}`), ['E001 a.dl', 'E001 b.dl']);
});

test('the root file keeps the caller\'s spelling; includes back to it are cycles', (t) => {
  const r = loadProgram('./rules/../rules/m.dl', fs({ './rules/../rules/m.dl': 'a(1).', 'rules/x.dl': 'b(1).' }));
  t.true(E.isRight(r) && r.right.items[0]?.span.file === './rules/../rules/m.dl');
  const c = loadProgram('./m.dl', fs({ './m.dl': '.include "x.dl"', 'x.dl': '.include "m.dl"' }));
  t.true(E.isLeft(c) && c.left[0]?.message === 'include cycle: m.dl -> x.dl -> m.dl');
});
