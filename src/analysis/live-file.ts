/**
 * The `bpfdl live` flow over a file: every program of an object (or the one named), each
 * decoded, given its CFG and analysed, printed in the kernel's log formats or as JSON Lines.
 *
 *   file ─load/assemble→ programs ─decode→ ─cfg→ ─analyze→ Analysis ─kernelLog | jsonRecord→ text
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { bpfError, type Diagnostic } from '../base/diagnostic.js';
import { buildCfg } from '../bpf/cfg.js';
import { decodeProgram } from '../bpf/decode.js';
import { loadProgramFile } from '../bpf/load-file.js';
import type { LoadedProgram } from '../bpf/object.js';
import { analyze, type Analysis, type AnalyzeOptions } from './analyze.js';
import { jsonRecord, kernelLog } from './report.js';

/** Options of `bpfdl live`. */
export interface LiveOptions extends AnalyzeOptions {
  /** Program name or `section/name`; all programs when absent. */
  readonly program?: string;
  /** JSON Lines instead of the kernel's log formats. */
  readonly json?: boolean;
}

/**
 * Every program of an ELF object or a `.s` assembly file.
 *
 * @example
 * programsOfFile('test/fixtures/catalogue/caller_stack_read.s') // right([prog])
 */
export function programsOfFile(path: string): E.Either<Diagnostic[], readonly LoadedProgram[]> {
  return pipe(loadProgramFile(path), E.map((o) => o.programs));
}

/**
 * The programs named `want` (a name or `section/name`; all when undefined), or E911.
 *
 * @example
 * pickPrograms('x.o', progs, 'xdp_prog') // right([prog])
 */
export function pickPrograms(path: string, progs: readonly LoadedProgram[], want: string | undefined): E.Either<Diagnostic[], readonly LoadedProgram[]> {
  if (want === undefined) return E.right(progs);
  const hit = progs.filter((p) => p.name === want || `${p.section}/${p.name}` === want);
  if (hit.length > 0) return E.right(hit);
  const list = progs.map((p) => `${p.section}/${p.name}`).join(', ');
  return E.left([bpfError('E911', `no program '${want}' (programs: ${list || 'none'})`, { object: path })]);
}

/**
 * Analyses one loaded program (decode → CFG → rules).
 *
 * @example
 * analyzeLoaded(prog, { granularity: 8 }) // right(analysis)
 */
export function analyzeLoaded(prog: LoadedProgram, options: AnalyzeOptions = {}): E.Either<Diagnostic[], Analysis> {
  return pipe(
    decodeProgram(prog.bytes, { object: prog.object, section: prog.section, program: prog.name }), // bytes → DecodedProgram
    E.chain((decoded) => pipe(buildCfg(prog, decoded), E.map((cfg) => ({ prog, decoded, cfg })))), // → Cfg
    E.chain((input) => analyze(input, options)),                                                    // → Analysis
  );
}

/**
 * Runs `bpfdl live` on a file and returns the text to print. A program that fails to analyse
 * fails the whole command (its diagnostics are returned); nothing partial is printed.
 *
 * @example
 * liveOfFile('prog.o', { json: true }) // right('{"object":"prog.o",...}\n')
 */
export function liveOfFile(path: string, options: LiveOptions = {}): E.Either<Diagnostic[], string> {
  return pipe(
    programsOfFile(path),
    E.chain((progs) => pickPrograms(path, progs, options.program)),
    E.chain((progs) => {
      const out: string[] = [];
      const diags: Diagnostic[] = [];
      for (const p of progs) {
        const a = analyzeLoaded(p, options);
        if (E.isLeft(a)) {
          diags.push(...a.left);
          continue;
        }
        if (options.json) out.push(JSON.stringify(jsonRecord(a.right)));
        else {
          if (progs.length > 1) out.push(`; ${p.section}/${p.name}`);
          out.push(...kernelLog(a.right));
        }
      }
      return diags.length > 0 ? E.left(diags) : E.right(out.join('\n') + '\n');
    }),
  );
}

/**
 * Analyses one program of an ELF object or `.s` file: argument tracking, stack liveness and
 * register liveness. `program` (a name or `section/name`) may be left out when the file holds
 * a single program.
 *
 * @example
 * const a = analyzeFile('examples/bpf/callee_reads_caller.s');
 * E.isRight(a) && a.right.liveRegs(6) // 0b111110: r1..r5 are live before the call
 */
export function analyzeFile(path: string, program?: string, options: AnalyzeOptions = {}): E.Either<Diagnostic[], Analysis> {
  return pipe(
    programsOfFile(path),
    E.chain((progs) => pickPrograms(path, progs, program)),
    E.chain((progs) => progs.length === 1
      ? analyzeLoaded(progs[0]!, options)
      : E.left([bpfError('E913', `${progs.length} programs in the file; name one (${progs.map((p) => `${p.section}/${p.name}`).join(', ')})`, { object: path })])),
  );
}
