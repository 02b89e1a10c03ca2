/** Soufflé compatibility: the benchmark programs of ../shared/bench parse unchanged. */
import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSource } from '../../src/lang/parse.js';
import { repoRoot } from './helpers.js';

const bench = join(repoRoot, '..', 'shared', 'bench');
const expectations: Record<string, { decls: number; rules: number; io: number }> = {
  'tc.dl': { decls: 2, rules: 2, io: 2 },
  'sg.dl': { decls: 2, rules: 2, io: 2 },
  'live.dl': { decls: 4, rules: 2, io: 4 },
};

for (const [name, want] of Object.entries(expectations)) {
  const path = join(bench, name);
  (existsSync(path) ? test : test.skip)(`Soufflé program ${name} parses`, (t) => {
    const r = parseSource(name, readFileSync(path, 'utf8'));
    if (E.isLeft(r)) return t.fail(JSON.stringify(r.left));
    const count = (k: string) => r.right.items.filter((i) => i.kind === k).length;
    t.deepEqual({ decls: count('decl'), rules: count('rule'), io: count('io') }, want);
  });
}
