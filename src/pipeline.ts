/**
 * The flows of bpfdl, one stage per line (see docs/architecture.md).
 *
 *   1. rules:  text ─loadProgram→ Ast ─check→ CheckedProgram ─plan→ Plan ─evaluate→ Database
 *   2. bpf:    X.o ─loadObjectFile→ ObjectFile ─decode→ insns ─cfg→ Cfg ─facts→ Edb
 *              (spelled out in bpf/inspect.ts; re-exported below for the CLI)
 *
 * `compileRules` runs the first three stages (`compileItems` the last two, for programs
 * assembled from items, e.g. in the REPL); `evaluateRules` is the fourth. Every stage returns
 * `Either<Diagnostic[], T>` or cannot fail. `compile`/`compileFile` wrap the result in the
 * library's `Program` (pipeline-program.ts); the BPF flows (ELF → facts → analyses) are
 * added here by their owners.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Diagnostic } from './base/diagnostic.js';
import type { FunctorSpec, Lattice } from './base/lattice.js';
import { readTextOrUndefined } from './base/read-text.js';
import { check } from './check/check.js';
import type { CheckedProgram } from './check/checked.js';
import type { Registry } from './check/registry.js';
import { Database as EngineDatabase, type FactInput } from './eval/database.js';
import { builtinFunctors } from './eval/functors.js';
import { builtinLattices } from './eval/lattices/index.js';
import { loadProgram, type LoadedProgram, type ParseFile } from './lang/load.js';
import type { Plan } from './plan/plan.js';
import { plan } from './plan/planner.js';
import { Program, type Compiler } from './pipeline-program.js';

// flow 2 (BPF front end), as the CLI's cfg/facts commands use it
export { cfgOfFile, writeFactsOfFile, printFactsOfFile } from './bpf/inspect.js';

export {
  Mask, maskLattice, maskMeetLattice, maxLattice, minLattice, isetLattice, isetOf, boolLattice, builtinLattices,
  checkLatticeLaws, type ISet, type LawViolation,
} from './eval/lattices/index.js';
export { builtinFunctors } from './eval/functors.js';
export { Program, Database, factDir, formatStats, sourcesOf, type FactDir, type Facts, type RelationHandle, type Answers, type RunOptions } from './pipeline-program.js';

/**
 * A program through the static stages: what was loaded, checked and planned.
 *
 * @example
 * const c: Compiled = E.getOrElseW(() => undefined)(compileRules(file, read, registry))!;
 */
export interface Compiled {
  readonly loaded: LoadedProgram;
  readonly checked: CheckedProgram;
  readonly plan: Plan;
  readonly registry: Registry;
}

/**
 * Stages check → plan over already loaded items.
 *
 * @example
 * compileItems(loaded, registry) // right({ loaded, checked, plan, registry })
 */
export function compileItems(loaded: LoadedProgram, registry: Registry): E.Either<Diagnostic[], Compiled> {
  return pipe(
    check(loaded, registry),                                          // Ast → CheckedProgram
    E.map((checked) => ({ loaded, checked, plan: plan(checked, registry), registry })), // → Plan
  );
}

/**
 * Stages load → check → plan of the rules flow.
 *
 * @example
 * compileRules('tc.dl', (p) => files.get(p), registryWith({})) // right(compiled)
 */
export function compileRules(
  file: string, readFile: (path: string) => string | undefined, registry: Registry, parse?: ParseFile,
): E.Either<Diagnostic[], Compiled> {
  return pipe(
    loadProgram(file, readFile, parse),                               // text → Ast (.include resolved)
    E.chain((loaded) => compileItems(loaded, registry)),              // → CheckedProgram → Plan
  );
}

/**
 * Stage evaluate: a fresh database of `compiled.plan` with `input` inserted, run to the
 * fixpoint. Input rows must already be valid (Program.run checks them).
 *
 * @example
 * evaluateRules(compiled, { edge: [[1, 2]] }, false).relation('path')
 */
export function evaluateRules(compiled: Compiled, input: FactInput, stats: boolean): EngineDatabase {
  const db = new EngineDatabase(compiled.plan, stats);
  const entries = input instanceof Map ? [...input] : Object.entries(input);
  for (const [rel, rows] of entries) db.insertFacts(rel, rows);
  db.run();
  return db;
}

/**
 * User additions to the built-in lattices and functors (same name replaces a built-in).
 *
 * @example
 * registryWith({ lattices: [argLattice], functors: [incSpec] })
 */
export interface RegistryOptions {
  /** Extra lattices (e.g. the BPF argument-tracking lattice). */
  readonly lattices?: readonly Lattice<unknown>[];
  /** Extra functors, plain or generators. */
  readonly functors?: readonly FunctorSpec[];
}

/**
 * The built-in registry plus user lattices and functors.
 *
 * @example
 * registryWith({ functors: [{ name: 'inc', params: ['number'], result: 'number', fn: (x: number) => x + 1 }] })
 */
export function registryWith(options: RegistryOptions): Registry {
  const lattices = new Map(builtinLattices);
  for (const l of options.lattices ?? []) lattices.set(l.name, l);
  const functors = new Map(builtinFunctors);
  for (const f of options.functors ?? []) functors.set(f.name, f);
  return { lattices, functors };
}

/**
 * Options of `compile` and `compileFile`.
 *
 * @example
 * compile(text, { file: 'rules.dl', functors: [incSpec] })
 */
export interface CompileOptions extends RegistryOptions {
  /** File name of the text in diagnostics (default `<input>`; `compileFile`: the path). */
  readonly file?: string;
  /** Reads `.include`d files (default: node's fs; undefined = missing). */
  readonly readFile?: (path: string) => string | undefined;
}

const compiler: Compiler = { compileItems, compileRules, evaluateRules };

/**
 * Compiles rule text into a runnable `Program`.
 *
 * @example
 * const p = compile('.decl e(x: number, y: number)\n.decl tc(x: number, y: number)\ntc(x, y) :- e(x, y).\ntc(x, z) :- tc(x, y), e(y, z).');
 * if (E.isRight(p)) p.right.run({ e: [[1, 2], [2, 3]] });
 */
export function compile(text: string, options: CompileOptions = {}): E.Either<Diagnostic[], Program> {
  return compileParsing(text, options);
}

/** `compile` with the parser of each file given (the analysis REPL's: bundled rules from the build's cache). */
function compileParsing(text: string, options: CompileOptions, parse?: ParseFile): E.Either<Diagnostic[], Program> {
  const file = options.file ?? '<input>';
  const read = options.readFile ?? readTextOrUndefined;
  const registry = registryWith(options);
  return pipe(
    compileRules(file, (p) => (p === file ? text : read(p)), registry, parse),
    E.map((c) => new Program(c, compiler, read)),
  );
}

/**
 * Compiles the rule file at `path` (and its includes).
 *
 * @example
 * const p = compileFile('examples/tc/tc.dl');
 */
export function compileFile(path: string, options: CompileOptions = {}): E.Either<Diagnostic[], Program> {
  const read = options.readFile ?? readTextOrUndefined;
  const registry = registryWith(options);
  return pipe(
    compileRules(options.file ?? path, (p) => (p === (options.file ?? path) ? read(path) : read(p)), registry),
    E.map((c) => new Program(c, compiler, read)),
  );
}

// ---- BPF front end: ELF objects -> ObjectFile (src/bpf/load.ts), objdump (src/bpf/print-object.ts) ----
export { loadObject, loadObjectFile, type LoadOptions } from './bpf/load.js';
export { objdumpFile, objdumpRecord, objdumpText, printObject, type ObjdumpRecord } from './bpf/print-object.js';

// ---- Analyses: program → facts → rules/{arg_tracking,stack_liveness,reg_liveness}.dl → Analysis ----
export { analyze, Analysis, type AnalyzeOptions, type InstanceKey, type ProgramInput } from './analysis/analyze.js';
export { analyzeFile, analyzeLoaded, liveOfFile, type LiveOptions } from './analysis/live-file.js';
export { analysisRules, ANALYSIS_RULE_FILES } from './analysis/rules.js';
export { kernelLog, jsonRecord, type LiveRecord } from './analysis/report.js';

// ---- REPL on a BPF program: rules/*.dl + one program's facts and roots (analysis/repl-open.ts) ----
import { openAnalysisReplWith, type AnalysisRepl, type AnalysisReplOptions } from './analysis/repl-open.js';
export { type AnalysisRepl, type AnalysisReplOptions, type AnalysisReplCommand } from './analysis/repl-open.js';
/**
 * The analysis rules as a `Program` plus the facts of program `prog` of the object or `.s` file
 * at `path` (and the `.insn` REPL command).
 *
 * @example
 * openAnalysisRepl('test/fixtures/catalogue/caller_stack_read.s', undefined) // right({ program, facts, analysis, commands })
 */
export function openAnalysisRepl(path: string, prog: string | undefined, options: AnalysisReplOptions = {}): E.Either<Diagnostic[], AnalysisRepl<Program>> {
  return openAnalysisReplWith((text, o) => compileParsing(text, o, o.parse), path, prog, options);
}
