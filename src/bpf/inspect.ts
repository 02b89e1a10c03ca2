/**
 * The BPF front-end flow for inspection commands, one stage per line:
 *
 *     file ─loadObject/assemble→ LoadedProgram ─decodeProgram→ DecodedProgram ─buildCfg→ Cfg
 *          ─constFold→ ConstInfo ─programFacts→ Facts
 *
 * Used by `bpfdl cfg` and `bpfdl facts` (through pipeline.ts). An object path ending in `.s`
 * is assembled (bpf/asm) instead of loaded as ELF. `program` selects a program by name or by
 * `section/name`; it may be omitted when the object has exactly one program.
 *
 *   E910 file cannot be read    E911 program not found or ambiguous
 */
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { bpfError, type Diagnostic } from '../base/diagnostic.js';
import { assembleObject, isAssemblySource } from './asm/as-object.js';
import { buildCfg, type Cfg } from './cfg.js';
import { cfgToDot, printCfg, type InsnShow } from './cfg-print.js';
import { cfgToSvg } from './cfg-svg.js';
import { decodeProgram } from './decode.js';
import { disasmInsn } from './disasm.js';
import { printFacts, programFacts, writeFactsTsv, type Facts } from './facts.js';
import { kfuncParamCounts } from './facts-kfunc.js';
import type { DecodedProgram } from './insn.js';
import { loadObject } from './load.js';
import type { LoadedProgram } from './object.js';

/** A program through the front end up to the CFG. */
export interface Inspected {
  /** Parameter counts of the object's BTF functions (kfunc call summaries). */
  readonly kfuncParams: ReadonlyMap<string, number>;
  readonly prog: LoadedProgram;
  readonly decoded: DecodedProgram;
  readonly cfg: Cfg;
}

/** Output formats of `bpfdl cfg`. */
export type CfgFormat = 'text' | 'dot' | 'svg';

function programsOf(path: string, bytes: Uint8Array): E.Either<Diagnostic[], readonly LoadedProgram[]> {
  const obj = isAssemblySource(path, bytes) ? assembleObject(path, new TextDecoder().decode(bytes)) : loadObject(path, bytes);
  return pipe(obj, E.map(o => o.programs));
}

function select(path: string, progs: readonly LoadedProgram[], want: string | undefined): E.Either<Diagnostic[], LoadedProgram> {
  const matches = want === undefined ? progs : progs.filter(p => p.name === want || `${p.section}/${p.name}` === want);
  if (matches.length === 1) return E.right(matches[0]!);
  const list = progs.map(p => `${p.section}/${p.name}`).join(', ');
  const why = want === undefined ? `the object has ${progs.length} programs; choose one with --prog` : matches.length === 0 ? `no program '${want}'` : `'${want}' is ambiguous`;
  return E.left([bpfError('E911', `${why} (programs: ${list || 'none'})`, { object: path })]);
}

/**
 * Loads (or assembles), decodes and builds the CFG of one program.
 *
 * @example
 * inspectProgram('xdp.o', bytes, 'xdp_prog') // right({ prog, decoded, cfg })
 */
export function inspectProgram(path: string, bytes: Uint8Array, program?: string): E.Either<Diagnostic[], Inspected> {
  return pipe(
    programsOf(path, bytes),                                                         // file → LoadedProgram[]
    E.chain(progs => select(path, progs, program)),                                  // → LoadedProgram
    E.chain(prog => pipe(
      decodeProgram(prog.bytes, { object: prog.object, section: prog.section, program: prog.name }), // → DecodedProgram
      E.chain(decoded => pipe(buildCfg(prog, decoded), E.map(cfg => ({ prog, decoded, cfg, kfuncParams: isAssemblySource(path, bytes) ? new Map<string, number>() : kfuncParamCounts(path, bytes) })))), // → Cfg
    )),
  );
}

function readBytes(path: string): E.Either<Diagnostic[], Uint8Array> {
  try {
    return E.right(readFileSync(path));
  } catch (e) {
    return E.left([bpfError('E910', `cannot read file: ${(e as Error).message}`, { object: path })]);
  }
}

/**
 * `inspectProgram` on a file path.
 *
 * @example
 * inspectFile('test/fixtures/crossframe/xf_callback.o', 'xf_loop')
 */
export function inspectFile(path: string, program?: string): E.Either<Diagnostic[], Inspected> {
  return pipe(readBytes(path), E.chain(bytes => inspectProgram(path, bytes, program)));
}

/** Instruction text in the verifier-log syntax. */
export const showInsn: InsnShow = insn => disasmInsn(insn);

/**
 * The CFG of one program of a file, rendered as text, DOT or SVG.
 *
 * @example
 * await cfgOfFile('x.o', 'xdp_prog', 'dot') // right('digraph cfg {...')
 */
export async function cfgOfFile(path: string, program: string | undefined, format: CfgFormat): Promise<E.Either<Diagnostic[], string>> {
  const r = inspectFile(path, program);
  if (E.isLeft(r)) return r;
  if (format === 'svg') return E.right(await cfgToSvg(r.right.cfg, showInsn));
  return E.right(format === 'dot' ? cfgToDot(r.right.cfg, showInsn) : printCfg(r.right.cfg, showInsn));
}

/**
 * The base facts of one program of a file.
 *
 * @example
 * factsOfFile('x.o', 'xdp_prog') // right(Map { 'insn' => [...], ... })
 */
export function factsOfFile(path: string, program?: string): E.Either<Diagnostic[], Facts> {
  return pipe(inspectFile(path, program), E.map(({ prog, decoded, cfg, kfuncParams }) => programFacts(prog, decoded, cfg, { kfuncParams })));
}

/**
 * Writes the facts of one program as Soufflé TSV files into `dir`; returns the row counts.
 *
 * @example
 * writeFactsOfFile('x.o', 'xdp_prog', 'out/facts') // right([['insn', 120], ...])
 */
export function writeFactsOfFile(path: string, program: string | undefined, dir: string): E.Either<Diagnostic[], [string, number][]> {
  return pipe(
    factsOfFile(path, program),
    E.map(facts => {
      writeFactsTsv(facts, dir);
      return [...facts].map(([rel, rows]) => [rel, rows.length] as [string, number]);
    }),
  );
}

/**
 * The base facts of one program of a file as `rel(a, b).` lines.
 *
 * @example
 * printFactsOfFile('x.o', 'xdp_prog') // right('insn(0, 7, ...).\n...')
 */
export function printFactsOfFile(path: string, program?: string): E.Either<Diagnostic[], string> {
  return pipe(factsOfFile(path, program), E.map(printFacts));
}
