/**
 * `bpfdl repl X.o --prog NAME`: a REPL session on one BPF program's facts and the analysis
 * rules, as a library `Program` the user can query and extend.
 *
 *   file ─load/assemble→ program ─analyze→ Analysis        (the driver decides the roots)
 *   rules/*.dl ─compile (analysis lattices + functors)→ Program
 *   facts = analysis.facts ∪ root(final root set) ∪ granularity(4 | 8)
 *
 * The driver adds roots one at a time (main and globals, then unreached subprograms), but
 * `root` is an input relation and every rule is monotone in it, so giving the final root set
 * up front reaches the same fixpoint. Fact values are wrapped to int32 as the engine stores
 * them (`v | 0`; the prelude's columns are all `number`). The library compiler comes in as a parameter
 * (`compile` of pipeline.ts) because this layer does not import the pipeline.
 *
 * The session also gets the `.insn N` command (repl-insn.ts).
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { join } from 'node:path';
import { bpfError, type Diagnostic } from '../base/diagnostic.js';
import type { FunctorSpec, Lattice } from '../base/lattice.js';
import { readTextOrUndefined } from '../base/read-text.js';
import type { ParseFile } from '../lang/load.js';
import type { Analysis } from './analyze.js';
import { analyzeLoaded, pickPrograms, programsOfFile } from './live-file.js';
import { INSN_COMMAND_HELP, insnCommand, type RelationReader } from './repl-insn.js';
import { ANALYSIS_ROOT, REPL_RULE_FILES, analysisRegistry, includeText, rulesDir } from './rules.js';
import { bundledParser } from './rule-cache.js';

/** Options of `openAnalysisReplWith`. */
export interface AnalysisReplOptions {
  /** Stack-liveness granularity: 4 (half slots, default) or 8 (Linux 6.18 slots). */
  readonly slots?: 4 | 8;
}

/** What the library's `compile` takes (a subset of pipeline.ts `CompileOptions`). */
export interface ReplCompileOptions {
  readonly file: string;
  readonly readFile: (path: string) => string | undefined;
  /** Parses one file (the bundled rule files come from the build's cache, rule-cache.ts). */
  readonly parse: ParseFile;
  readonly lattices: readonly Lattice<unknown>[];
  readonly functors: readonly FunctorSpec[];
}

/** The library's `compile`, injected (returns a program that knows its relation names). */
export type ReplCompile<P> = (text: string, options: ReplCompileOptions) => E.Either<Diagnostic[], P>;

/** One extra REPL dot-command (name without the dot in `AnalysisRepl.commands`). */
export interface AnalysisReplCommand {
  /** The `.help` line. */
  readonly help: string;
  /** Runs the command with its argument text against the session's current database. */
  run(arg: string, db: RelationReader): string;
}

/** A REPL session's ingredients for one BPF program. */
export interface AnalysisRepl<P> {
  /** The analysis rules as a library program. */
  readonly program: P;
  /** Input facts: the program's facts, the final roots and the granularity. */
  readonly facts: Readonly<Record<string, readonly (readonly number[])[]>>;
  /** The analysis the roots came from (its results equal the session's initial fixpoint). */
  readonly analysis: Analysis;
  /** Extra dot-commands (`insn`). */
  readonly commands: ReadonlyMap<string, AnalysisReplCommand>;
}

/**
 * The rule text that includes the analysis rules (as `rules/<file>`) and a reader that serves
 * those from the bundled rules directory and everything else (e.g. `.load`ed files) from disk.
 *
 * @example
 * analysisRuleSource().text // '.include "rules/prelude.dl"\n...'
 */
export function analysisRuleSource(): { text: string; readFile: (path: string) => string | undefined } {
  const text = includeText(REPL_RULE_FILES, 'rules/') + '\n';
  const dir = rulesDir();
  const readFile = (p: string): string | undefined => {
    if (p === ANALYSIS_ROOT) return text;
    const m = /^rules\/([\w.-]+\.dl)$/.exec(p);
    if (m && REPL_RULE_FILES.includes(m[1]!)) return readTextOrUndefined(join(dir, m[1]!));
    return readTextOrUndefined(p);
  };
  return { text, readFile };
}

/**
 * Opens the REPL ingredients for program `prog` (a name or `section/name`; may be omitted
 * when the file has one program) of the ELF object or `.s` file at `path`.
 *
 * @example
 * openAnalysisReplWith(compile, 'test/fixtures/catalogue/caller_stack_read.s', undefined) // right({ program, facts, analysis, commands })
 */
export function openAnalysisReplWith<P extends { relationNames(): string[] }>(
  compile: ReplCompile<P>, path: string, prog: string | undefined, options: AnalysisReplOptions = {},
): E.Either<Diagnostic[], AnalysisRepl<P>> {
  const granularity = options.slots ?? 4;
  return pipe(
    programsOfFile(path),                                                   // file → programs
    E.chain((progs) => pickPrograms(path, progs, prog)),
    E.chain((progs) => progs.length === 1 ? E.right(progs[0]!) : E.left(manyPrograms(path, progs.map((p) => `${p.section}/${p.name}`)))),
    E.chain((p) => analyzeLoaded(p, { granularity })),                      // → Analysis (roots)
    E.chain((analysis) => pipe(
      compileAnalysisRules(compile),                                        // rules → Program
      E.map((program) => ({ program, facts: replFacts(program, analysis), analysis, commands: commandsOf(analysis) })),
    )),
  );
}

function manyPrograms(path: string, names: readonly string[]): Diagnostic[] {
  return [bpfError('E913', `${names.length} programs in the file; choose one with --prog NAME (${names.join(', ')})`, { object: path })];
}

function compileAnalysisRules<P>(compile: ReplCompile<P>): E.Either<Diagnostic[], P> {
  const { text, readFile } = analysisRuleSource();
  const registry = analysisRegistry();
  return compile(text, { file: ANALYSIS_ROOT, readFile, parse: bundledParser(), lattices: [...registry.lattices.values()], functors: [...registry.functors.values()] });
}

function replFacts(program: { relationNames(): string[] }, a: Analysis): Record<string, (readonly number[])[]> {
  const declared = new Set(program.relationNames());
  const facts: Record<string, (readonly number[])[]> = {};
  // the engine stores `number` columns as int32 (`v | 0`) and the driver inserts the facts as
  // they are, so u32 constants (const_scalar) wrap; the library checks int32 range: wrap here
  for (const [rel, rows] of a.facts) if (declared.has(rel)) facts[rel] = rows.map((r) => r.map((v) => v | 0));
  facts.root = [...a.db.relation('root')!.rows()].map((r) => [r[0] as number]);
  facts.granularity = [[a.granularity]];
  return facts;
}

function commandsOf(a: Analysis): ReadonlyMap<string, AnalysisReplCommand> {
  const prog = { decoded: a.input.decoded, cfg: a.input.cfg };
  return new Map([['insn', { help: INSN_COMMAND_HELP, run: (arg: string, db: RelationReader) => insnCommand(prog, db, arg) }]]);
}
