/**
 * The analysis rule program: `rules/prelude.dl` (the facts' schema), `arg_tracking.dl`,
 * `stack_liveness.dl` and `reg_liveness.dl`, compiled once (load → check → plan) with the
 * built-in lattices and functors plus the argument-tracking lattice and functors
 * (argtrack-functors.ts, rule-functors.ts). Users extend it in the REPL or by passing their
 * own rule text, which is appended as one more included file. The bundled files' parsed items
 * come from the build's cache when their text matches it (rule-cache.ts).
 */
import { isAbsolute, join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Diagnostic } from '../base/diagnostic.js';
import type { Lattice } from '../base/lattice.js';
import { packageRoot } from '../base/package-root.js';
import { readTextOrUndefined } from '../base/read-text.js';
import { check } from '../check/check.js';
import type { CheckedProgram } from '../check/checked.js';
import type { Registry } from '../check/registry.js';
import { builtinFunctors } from '../eval/functors.js';
import { builtinLattices } from '../eval/lattices/index.js';
import { loadProgram } from '../lang/load.js';
import type { Plan } from '../plan/plan.js';
import { plan } from '../plan/planner.js';
import { argtrackFunctors, argtrackLattices } from './argtrack-functors.js';
import { argregsLattice, regsFunctors } from './argtrack-regvec.js';
import { argstackLattice, stackFunctors } from './argtrack-stackvec.js';
import { argstateLattice, stateFunctors } from './argtrack-state.js';
import { bundledParser } from './rule-cache.js';
import { ruleFunctors } from './rule-functors.js';

/** The rule files of the analyses, in include order. */
export const ANALYSIS_RULE_FILES: readonly string[] = ['prelude.dl', 'arg_tracking.dl', 'stack_liveness.dl', 'reg_liveness.dl'];

/** The analyses plus the one-row-per-member query views (rules/views.dl), for the REPL. */
export const REPL_RULE_FILES: readonly string[] = [...ANALYSIS_RULE_FILES, 'views.dl'];

/** A compiled analysis program. */
export interface AnalysisRules {
  readonly checked: CheckedProgram;
  readonly plan: Plan;
  readonly registry: Registry;
  readonly sources: ReadonlyMap<string, string>;
}

/**
 * The registry of the analysis rules: built-ins plus the argument-tracking lattice and functors.
 *
 * @example
 * analysisRegistry().lattices.has('argval') // true
 */
export function analysisRegistry(): Registry {
  const lattices = new Map<string, Lattice<unknown>>(builtinLattices);
  for (const l of [...argtrackLattices, argregsLattice, argstackLattice, argstateLattice] as Lattice<unknown>[]) lattices.set(l.name, l);
  const functors = new Map(builtinFunctors);
  for (const f of [...argtrackFunctors, ...regsFunctors, ...stackFunctors, ...stateFunctors, ...ruleFunctors]) functors.set(f.name, f);
  return { lattices, functors };
}

/** Directory of the bundled rule files. */
export function rulesDir(): string {
  return join(packageRoot(), 'rules');
}

let cached: E.Either<Diagnostic[], AnalysisRules> | undefined;

/** Name of the generated root text that includes the rule files. */
export const ANALYSIS_ROOT = '<analysis>';

/**
 * A root text of `.include` lines, one per file, each path prefixed with `dir`.
 *
 * @example
 * includeText(['prelude.dl', 'views.dl'], 'rules/') // '.include "rules/prelude.dl"\n.include "rules/views.dl"'
 */
export function includeText(files: readonly string[], dir = ''): string {
  return files.map((f) => `.include "${dir}${f}"`).join('\n');
}

/**
 * The root text `analysisRules` loads: an `.include` of each rule file, then of `extraFile`.
 *
 * @example
 * analysisRootText() // '.include "prelude.dl"\n.include "arg_tracking.dl"\n...'
 */
export function analysisRootText(extraFile?: string): string {
  return includeText([...ANALYSIS_RULE_FILES, ...(extraFile !== undefined ? [extraFile] : [])]);
}

/**
 * Compiles the analysis rules, optionally with extra user rule text (`extra`, shown in
 * diagnostics as `extraFile`). Without extra text the result is cached.
 *
 * @example
 * const rules = analysisRules(); // right({ checked, plan, registry, sources })
 */
export function analysisRules(extra?: string, extraFile = '<user rules>'): E.Either<Diagnostic[], AnalysisRules> {
  if (extra === undefined && cached) return cached;
  const dir = rulesDir();
  const main = ANALYSIS_ROOT;
  const text = analysisRootText(extra !== undefined ? extraFile : undefined);
  const read = (p: string): string | undefined => {
    if (p === main) return text;
    if (extra !== undefined && (p === extraFile || p.endsWith(extraFile))) return extra;
    // an absolute path that exists is read once; anything else is a bundled file by its name
    const own = isAbsolute(p) ? readTextOrUndefined(p) : undefined;
    return own ?? readTextOrUndefined(join(dir, p.replace(/^.*[\\/]/, '')));
  };
  const registry = analysisRegistry();
  const result = pipe(
    loadProgram(main, read, bundledParser()),                                 // rules text → Ast (bundled files: cached items)
    E.chain((loaded) => pipe(
      check(loaded, registry),                                                // → CheckedProgram
      E.map((checked) => ({ checked, plan: plan(checked, registry), registry, sources: loaded.sources })), // → Plan
    )),
  );
  if (extra === undefined) cached = result;
  return result;
}
