/**
 * Golden tests of the assembler's diagnostics: every `.s` file in test/fixtures/asm/errors/
 * must be rejected; the rendered diagnostics (file:line:col, code, message, caret line) are
 * compared with test/golden/asm-errors/<name>.txt.
 * Regenerate with `UPDATE_GOLDEN=1 npx ava test/bpf/asm-errors.test.ts`.
 */
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { formatDiagnostic } from '../../src/base/diagnostic.js';
import { assemble } from '../../src/bpf/asm/assemble.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = path.join(repoRoot, 'test/fixtures/asm/errors');
const golden = path.join(repoRoot, 'test/golden/asm-errors');

for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.s')).sort()) {
  test(`diagnostics: ${f}`, (t) => {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const name = `errors/${f}`;
    const r = assemble(name, text);
    if (E.isRight(r)) return t.fail('accepted');
    for (const d of r.left) t.truthy(d.span, `diagnostic without a span: ${d.message}`);
    const printed = `${r.left.map((d) => formatDiagnostic(d, new Map([[name, text]]))).join('\n')}\n`;
    const g = path.join(golden, f.replace(/\.s$/, '.txt'));
    if (process.env.UPDATE_GOLDEN) {
      fs.mkdirSync(golden, { recursive: true });
      fs.writeFileSync(g, printed);
    }
    t.is(printed, fs.readFileSync(g, 'utf8'));
  });
}
