/**
 * The shipped example programs (examples/**\/*.dl) and the fact schema rules/prelude.dl pass
 * the checker with the real built-in lattices and functors. (The analysis rule files need the
 * prelude and user functors registered by src/analysis; their own tests check them.)
 */
import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic } from '../../src/base/diagnostic.js';
import { check } from '../../src/check/check.js';
import { builtinFunctors } from '../../src/eval/functors.js';
import { builtinLattices } from '../../src/eval/lattices/index.js';
import { loadProgram } from '../../src/lang/load.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function dlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? dlFiles(p) : f.endsWith('.dl') ? [p] : [];
  });
}

for (const file of [...dlFiles(path.join(repo, 'examples')), path.join(repo, 'rules/prelude.dl')].filter(existsSync)) {
  const rel = path.relative(repo, file);
  test(`checks ${rel}`, (t) => {
    const read = (p: string): string | undefined => (existsSync(path.join(repo, p)) ? readFileSync(path.join(repo, p), 'utf8') : undefined);
    const loaded = loadProgram(rel, read);
    if (E.isLeft(loaded)) return t.fail(loaded.left.map((d) => formatDiagnostic(d)).join('\n'));
    const r = check(loaded.right, { lattices: builtinLattices, functors: builtinFunctors });
    if (E.isLeft(r)) return t.fail(r.left.map((d) => formatDiagnostic(d, loaded.right.sources)).join('\n'));
    t.true(r.right.strata.length > 0);
    t.is(new Set(r.right.strata.flatMap((s) => s.relations)).size, r.right.relations.size);
  });
}
