/**
 * Fuzz test of the front end: 10,000+ mutated rule texts (golden inputs and the Soufflé
 * benchmarks with characters and tokens deleted, inserted, swapped, duplicated, truncated) go
 * through parseSource and loadProgram. Oracles:
 *   - nothing throws; the result is an Either;
 *   - a Left carries diagnostics, each with a code E0xx and a sane span (line, col >= 1,
 *     start <= end <= text length, the right file);
 *   - a Right prints to text that parses back to the same AST (modulo spans);
 *   - chunked parsing (src/lang/chunks.ts) gives exactly the result of one whole-text match.
 * The generator is a seeded PRNG, so a failure names a reproducible input.
 */
import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../src/base/diagnostic.js';
import { loadProgram } from '../../src/lang/load.js';
import { parseSource, parseSourceChunked } from '../../src/lang/parse.js';
import { printSource } from '../../src/lang/print.js';
import { repoRoot, stripSpans } from './helpers.js';
import { prng } from '../support/prng.js';

function corpus(): string[] {
  const out: string[] = [];
  const golden = join(repoRoot, 'test', 'golden', 'parse');
  for (const d of readdirSync(golden).sort()) out.push(readFileSync(join(golden, d, 'input.dl'), 'utf8'));
  const bench = join(repoRoot, '..', 'shared', 'bench');
  for (const f of ['tc.dl', 'sg.dl', 'live.dl']) if (existsSync(join(bench, f))) out.push(readFileSync(join(bench, f), 'utf8'));
  return out;
}


const CHARS = '(){}[],.;:!=<>-+*/%^@?_"\\#\n \t0x9aZu$\'é';
const TOKENS = [':-', '.decl', '.type', '.input', '.include "x.dl"', 'count', 'sum', 'min', 'join', 'meet', ' in ', '@mask_members(', '"', '/*', '*/', '//', '0x', '0b', '4294967296', '2147483648', '\\q', '<mask>', '<:', '?-', '!', 'nil', 'band', '-', '^', '[', ']', '{', '}', '|', '#'];

function mutate(text: string, rnd: () => number): string {
  const pick = (n: number): number => Math.floor(rnd() * n);
  let s = text;
  const steps = 1 + pick(3);
  for (let k = 0; k < steps; k++) {
    const at = pick(s.length + 1);
    switch (pick(6)) {
      case 0: // delete a range
        s = s.slice(0, at) + s.slice(at + 1 + pick(4));
        break;
      case 1: // insert a character
        s = s.slice(0, at) + CHARS[pick(CHARS.length)] + s.slice(at);
        break;
      case 2: // insert a token
        s = s.slice(0, at) + TOKENS[pick(TOKENS.length)] + s.slice(at);
        break;
      case 3: { // swap two characters
        const b = pick(s.length + 1);
        const [i, j] = at < b ? [at, b] : [b, at];
        if (j < s.length && i < j) s = s.slice(0, i) + s[j] + s.slice(i + 1, j) + s[i] + s.slice(j + 1);
        break;
      }
      case 4: // duplicate a slice
        s = s.slice(0, at) + s.slice(at, at + 1 + pick(12)) + s.slice(at);
        break;
      default: // truncate
        s = s.slice(0, at);
    }
  }
  return s;
}

function checkDiagnostics(ds: readonly Diagnostic[], files: ReadonlyMap<string, string>): string | undefined {
  if (ds.length === 0) return 'Left without diagnostics';
  for (const d of ds) {
    if (!/^E\d{3}$/.test(d.code)) return `bad code ${d.code}`;
    if (d.message.length === 0) return 'empty message';
    const sp = d.span;
    if (!sp) continue;
    const text = files.get(sp.file);
    if (text === undefined) return `span names unknown file ${sp.file}`;
    if (sp.line < 1 || sp.col < 1 || sp.start < 0 || sp.start > sp.end || sp.end > text.length) return `bad span ${JSON.stringify(sp)}`;
  }
  return undefined;
}

function checkParse(file: string, text: string, onLeft: () => void): string | undefined {
  const r = parseSource(file, text);
  if (E.isLeft(r)) {
    onLeft();
    return checkDiagnostics(r.left, new Map([[file, text]]));
  }
  const printed = printSource(r.right);
  const again = parseSource(file, printed);
  if (E.isLeft(again)) return `accepted text prints to text that does not parse:\n${printed}`;
  if (JSON.stringify(stripSpans(again.right)) !== JSON.stringify(stripSpans(r.right))) return `print/parse changed the AST:\n${printed}`;
  return undefined;
}

test('10,000 mutated texts: parseSource returns Either with sane diagnostics, never throws', (t) => {
  const seeds = corpus();
  const rnd = prng(0x5eed);
  let lefts = 0;
  const N = 10_000;
  for (let i = 0; i < N; i++) {
    const base = seeds[i % seeds.length] ?? '';
    const text = mutate(base, rnd);
    let problem: string | undefined;
    try {
      problem = checkParse('fuzz.dl', text, () => lefts++);
    } catch (e) {
      problem = `threw ${String(e)}`;
    }
    if (problem !== undefined) {
      t.fail(`input #${i} ${JSON.stringify(text)}: ${problem}`);
      return;
    }
  }
  t.true(lefts > N / 4, `most mutations should be rejected (${lefts} of ${N})`);
  t.true(lefts < N, 'some mutations should still parse');
});

test('1,000 mutated include graphs: loadProgram returns Either with sane diagnostics', (t) => {
  const seeds = corpus();
  const rnd = prng(0xfeed);
  for (let i = 0; i < 1000; i++) {
    const lib = mutate(seeds[i % seeds.length] ?? '', rnd);
    const main = mutate('.include "lib/a.dl"\n.include "lib/../lib/a.dl"\n.include "b.dl"\nx(1).\n', rnd);
    const files = new Map([
      ['main.dl', main],
      ['lib/a.dl', lib],
      ['b.dl', rnd() < 0.5 ? '.include "main.dl"' : 'y(2).'],
    ]);
    try {
      const r = loadProgram('main.dl', (p) => files.get(p));
      if (E.isLeft(r)) {
        const problem = checkDiagnostics(r.left, files);
        if (problem !== undefined) {
          t.fail(`graph #${i} ${JSON.stringify([...files])}: ${problem}`);
          return;
        }
      }
    } catch (e) {
      t.fail(`graph #${i} threw ${String(e)}`);
      return;
    }
  }
  t.pass();
});

test('1,000 mutated multi-file texts: chunked parsing equals whole-text parsing, spans included', (t) => {
  const seeds = corpus();
  const rnd = prng(0xc4a7);
  for (let i = 0; i < 1000; i++) {
    const parts: string[] = [];
    for (let k = 0, n = 2 + Math.floor(rnd() * 4); k < n; k++) {
      const base = seeds[Math.floor(rnd() * seeds.length)] ?? '';
      parts.push(rnd() < 0.3 ? mutate(base, rnd) : base);
    }
    const text = rnd() < 0.5 ? parts.join('\n') : mutate(parts.join('\n'), rnd);
    const whole = JSON.stringify(parseSourceChunked('c.dl', text, Infinity));
    for (const lines of [1, 3]) {
      const chunked = JSON.stringify(parseSourceChunked('c.dl', text, lines));
      if (chunked !== whole) {
        t.fail(`input #${i} (chunks of ${lines} lines) ${JSON.stringify(text)}:\nwhole   ${whole}\nchunked ${chunked}`);
        return;
      }
    }
  }
  t.pass();
});
