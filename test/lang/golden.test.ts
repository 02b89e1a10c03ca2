/**
 * Golden tests of the parser: every folder of test/golden/parse holds `input.dl` and
 * `expected.txt`, the canonical print of the parsed AST or the rendered diagnostics.
 * `UPDATE_GOLDEN=1 npx ava test/lang/golden.test.ts` rewrites the expected files.
 * Successful cases are also checked to be a fixpoint of print ∘ parse.
 */
import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiagnostic } from '../../src/base/diagnostic.js';
import { parseSource } from '../../src/lang/parse.js';
import { printSource } from '../../src/lang/print.js';
import { repoRoot, stripSpans } from './helpers.js';

const dir = join(repoRoot, 'test', 'golden', 'parse');
const update = process.env['UPDATE_GOLDEN'] === '1';

for (const name of readdirSync(dir).sort()) {
  test(`golden parse: ${name}`, (t) => {
    const input = readFileSync(join(dir, name, 'input.dl'), 'utf8');
    const file = `${name}/input.dl`;
    const r = parseSource(file, input);
    const actual = E.isRight(r)
      ? printSource(r.right)
      : r.left.map((d) => formatDiagnostic(d, new Map([[file, input]]))).join('\n') + '\n';
    const expectedPath = join(dir, name, 'expected.txt');
    if (update || !existsSync(expectedPath)) writeFileSync(expectedPath, actual);
    t.is(actual, readFileSync(expectedPath, 'utf8'));
    t.is(name.startsWith('err_'), E.isLeft(r), 'cases named err_* and only those fail');
    if (E.isRight(r)) {
      const again = parseSource(file, actual);
      t.true(E.isRight(again));
      if (E.isRight(again)) t.deepEqual(stripSpans(again.right.items), stripSpans(r.right.items));
    }
  });
}
