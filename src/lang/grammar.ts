/**
 * Loads `grammar/datalog.ohm` once, from the package root (base/package-root.ts), so the same
 * code works from `src/lang/grammar.ts` (tsx) and from `dist/src/lang/grammar.js` (compiled).
 *
 * ohm-js itself is loaded on first use too (`createRequire`): a process whose rule files all
 * come from the build's cache (analysis/rule-cache.ts) never parses, and skips its ~70 ms load.
 */
import type * as ohm from 'ohm-js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot } from '../base/package-root.js';

let cached: ohm.Grammar | undefined;

/**
 * The rule-language grammar (compiled on first use).
 *
 * @example
 * datalogGrammar().match('a(1).').succeeded() // true
 */
export function datalogGrammar(): ohm.Grammar {
  if (!cached) {
    const lib = createRequire(import.meta.url)('ohm-js') as typeof ohm;
    cached = lib.grammar(readFileSync(join(packageRoot(), 'grammar', 'datalog.ohm'), 'utf8'));
  }
  return cached;
}
