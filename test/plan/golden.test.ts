/**
 * Golden plans: every `test/golden/plan/<name>.dl` is planned and printed; the text must equal
 * `<name>.plan`. Regenerate with `UPDATE_GOLDEN=1 npx ava test/plan/golden.test.ts`.
 */
import test from 'ava';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printPlan } from '../../src/plan/print.js';
import { planOf } from '../eval/helpers.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../golden/plan');

for (const f of readdirSync(dir).filter((x) => x.endsWith('.dl')).sort()) {
  test(`plan of ${f}`, (t) => {
    const text = printPlan(planOf(readFileSync(path.join(dir, f), 'utf8')));
    const gold = path.join(dir, f.replace(/\.dl$/, '.plan'));
    if (process.env.UPDATE_GOLDEN || !existsSync(gold)) writeFileSync(gold, text);
    t.is(text, readFileSync(gold, 'utf8'));
  });
}
