/**
 * The rule texts the build caches parsed (rule-cache.ts): every text `analysisRules` and the
 * analysis REPL parse when the user adds no rules of their own. The rule files are included
 * under two names (`prelude.dl` by the analysis, `rules/prelude.dl` by the REPL), and the name
 * is in every span of the items, so each file is cached under both; each flow's generated
 * root text (both named `<analysis>`) is cached too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analysisRuleSource } from './repl-open.js';
import type { RuleText } from './rule-cache.js';
import { ANALYSIS_ROOT, REPL_RULE_FILES, analysisRootText, rulesDir } from './rules.js';

/**
 * The bundled rule texts, under the names they are parsed as.
 *
 * @example
 * bundledRuleTexts().map((t) => t.file) // ['<analysis>', 'prelude.dl', ..., '<analysis>', 'rules/prelude.dl', ...]
 */
export function bundledRuleTexts(): RuleText[] {
  const files = REPL_RULE_FILES.map((f) => ({ f, text: readFileSync(join(rulesDir(), f), 'utf8') }));
  return [
    { file: ANALYSIS_ROOT, text: analysisRootText() },
    ...files.map(({ f, text }) => ({ file: f, text })),
    { file: ANALYSIS_ROOT, text: analysisRuleSource().text },
    ...files.map(({ f, text }) => ({ file: `rules/${f}`, text })),
  ];
}
