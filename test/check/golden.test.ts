/**
 * Golden tests of the checker: every folder test/golden/check/<case>/ holds `input.dl` and
 * `expected.txt` — the rendered diagnostics (with carets) when the program is rejected, else
 * the printed CheckedProgram followed by any warnings. `UPDATE_GOLDEN=1` rewrites them.
 */
import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic } from '../../src/base/diagnostic.js';
import { check } from '../../src/check/check.js';
import { printChecked } from '../../src/check/print.js';
import { loadProgram } from '../../src/lang/load.js';
import { testRegistry } from './registry.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../golden/check');

/** Runs load + check on a golden folder and renders the result. */
export function render(dir: string): string {
  const read = (p: string): string | undefined => {
    const full = path.join(dir, p);
    return existsSync(full) ? readFileSync(full, 'utf8') : undefined;
  };
  const loaded = loadProgram('input.dl', read);
  if (E.isLeft(loaded)) return 'PARSE ERROR\n' + loaded.left.map((d) => formatDiagnostic(d)).join('\n') + '\n';
  const { sources } = loaded.right;
  const r = check(loaded.right, testRegistry);
  if (E.isLeft(r)) return r.left.map((d) => formatDiagnostic(d, sources)).join('\n') + '\n';
  const warnings = r.right.warnings ?? [];
  return printChecked(r.right) + (warnings.length ? 'warnings\n' + warnings.map((d) => formatDiagnostic(d, sources)).join('\n') + '\n' : '');
}

for (const name of readdirSync(root).sort()) {
  const dir = path.join(root, name);
  if (!existsSync(path.join(dir, 'input.dl'))) continue;
  test(`golden check/${name}`, (t) => {
    const actual = render(dir);
    const file = path.join(dir, 'expected.txt');
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(file, actual);
    if (!existsSync(file)) return t.fail(`missing ${file}; run with UPDATE_GOLDEN=1`);
    t.is(actual, readFileSync(file, 'utf8'));
  });
}
