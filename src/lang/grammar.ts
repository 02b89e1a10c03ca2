/**
 * Loads `grammar/datalog.ohm` once. The file is found by walking up from this module to the
 * directory holding `package.json`, so the same code works from `src/lang/grammar.ts` (tsx)
 * and from `dist/src/lang/grammar.js` (compiled).
 */
import * as ohm from 'ohm-js';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'grammar', 'datalog.ohm'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('bpfdl: cannot find grammar/datalog.ohm above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

let cached: ohm.Grammar | undefined;

/**
 * The rule-language grammar (compiled on first use).
 *
 * @example
 * datalogGrammar().match('a(1).').succeeded() // true
 */
export function datalogGrammar(): ohm.Grammar {
  if (!cached) cached = ohm.grammar(readFileSync(join(packageRoot(), 'grammar', 'datalog.ohm'), 'utf8'));
  return cached;
}
