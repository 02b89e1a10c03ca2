import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MESSAGES } from '../../src/check/messages.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const codes = Object.keys(MESSAGES);

test('every code the checker emits is in the catalogue', (t) => {
  const dir = path.join(repo, 'src/check');
  const emitted = new Set<string>();
  for (const f of readdirSync(dir)) {
    if (f === 'messages.ts') continue;
    for (const m of readFileSync(path.join(dir, f), 'utf8').matchAll(/['"]([EW]\d{3})['"]/g)) emitted.add(m[1]!);
  }
  t.true(emitted.size > 20);
  t.deepEqual([...emitted].filter((c) => !codes.includes(c)), []);
  t.deepEqual(codes.filter((c) => !emitted.has(c)), [], 'catalogue lists codes nobody emits');
});

test('docs/diagnostics.md lists every checker code with its explanation', (t) => {
  const doc = readFileSync(path.join(repo, 'docs/diagnostics.md'), 'utf8');
  for (const [code, text] of Object.entries(MESSAGES)) t.true(doc.includes(`| ${code} | ${text} |`), code);
});

test('every checker code is exercised by a golden case', (t) => {
  const root = path.join(repo, 'test/golden/check');
  const all = readdirSync(root)
    .map((d) => readFileSync(path.join(root, d, 'expected.txt'), 'utf8'))
    .join('\n');
  t.deepEqual(codes.filter((c) => !all.includes(` ${c}:`)), []);
});
