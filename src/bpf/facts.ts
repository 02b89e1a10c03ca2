/**
 * Base facts of one program for the analysis rules (schema: facts-schema.ts, declared in
 * rules/prelude.dl, documented in docs/facts.md). Everything here is imperative and computed
 * once: instruction fields, CFG, subprograms, postorder, loops, calls and callbacks, the
 * constant pre-pass, helper access sizes (spec §4.2), call summaries and register use/def.
 *
 *     num_params(I, K)        helper: argument count of protoFor(id, program type), 5 if refused;
 *                             kfunc: min(5, its BTF parameter count): the object's own BTF
 *                             (opts.kfuncParams) first, else the kfunc table by name
 *                             (kfuncs-table.ts), else 5; pseudo call: 5 (no summary)
 *     helper_arg_bytes(I,A,N) A = 0 .. num_params-1, N per helpers-access.ts
 *                             (UNKNOWN_BYTES = -2147483648 = read of unknown extent)
 *     kfunc_arg_bytes(I,A,N)  A = 0..4, N per kfuncs-access.ts from the kfunc's metadata by
 *                             name (UNKNOWN_BYTES for a call without a known name)
 *     const_*(I, R, ...)      state BEFORE insn I; const_scalar only for values that fit in u32
 *     pruneDeadBranches       option: instructions, succ, postorder and loops after the
 *                             constant-branch rewrite (constfold-prune.ts); consts from before
 *
 * The rows are built as columns (`programFactTables`, fact-table.ts: no array per row, which is
 * what the analysis loads; `insn`, `code`, `succ`, `reg_use_mask` and `reg_def_mask`
 * row-major, which the engine takes as its own row storage); `programFacts` gives them as
 * arrays of numbers in column order for printers and tests. Relations appear in schema
 * order. Rows come in a fixed order (by instruction, then by register / successor order /
 * argument), not sorted.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callGraph, type CallGraph } from './callgraph.js';
import type { Cfg } from './cfg.js';
import { constFold, constMap, constScalar, type ConstInfo } from './constfold.js';
import { pruneDeadBranches } from './constfold-prune.js';
import { helperArgBytes } from './helpers-access.js';
import { ORACLE_ENV, protoFor, type HelperEnv } from './helpers.js';
import { regUseDefOf } from './facts-regs.js';
import { FACT_RELATIONS, FACT_SCHEMA } from './facts-schema.js';
import type { DecodedProgram } from './insn.js';
import type { KfuncMeta } from './kfuncs.js';
import { kfuncMeta } from './kfuncs-table.js';
import { kfuncArgBytes } from './kfuncs-access.js';
import type { LoadedProgram } from './object.js';
import * as op from './opcode.js';
import { FactTable } from './fact-table.js';

/** Rows per relation name. */
export type Facts = Map<string, number[][]>;

/** Column storage per relation name (what the analysis loads). */
export type FactTables = Map<string, FactTable>;

/** Optional precomputed inputs and the kernel environment. */
export interface FactOptions {
  readonly consts?: ConstInfo;
  readonly calls?: CallGraph;
  readonly env?: HelperEnv;
  /** Parameter counts of kfuncs by name (facts-kfunc.ts); without it kfunc calls have no summary. */
  readonly kfuncParams?: ReadonlyMap<string, number>;
  /** kfunc metadata by name (access sizes, parameter count). Default: the built-in table, kfuncMeta. */
  readonly kfuncs?: (name: string) => KfuncMeta | undefined;
  /** Rewrite constant-outcome branches first (newer kernels; Linux 6.18 does not). Default false. */
  readonly pruneDeadBranches?: boolean;
  /**
   * Build only these relations; the others are left empty. Default: all. (`analyze` builds
   * what its rules read: at a million insns the per-insn constant, postorder and subprogram
   * rows nothing reads cost ~0.2 s.)
   */
  readonly only?: ReadonlySet<string>;
}

/** What facts need from the loaded program. */
export type FactInput = Pick<LoadedProgram, 'type' | 'maps' | 'relocs'>;

/**
 * Computes all base facts of a program.
 *
 * @example
 * const facts = programFacts(loaded, decoded, cfg); facts.get('succ') // [[0, 1, 0], ...]
 */
export function programFacts(prog: FactInput, decoded: DecodedProgram, cfg0: Cfg, opts: FactOptions = {}): Facts {
  const tables = programFactTables(prog, decoded, cfg0, opts);
  return new Map([...tables].map(([rel, t]) => [rel, t.rows()]));
}

/**
 * `programFacts` as columns (fact-table.ts): the same rows in the same order, without a row
 * array per fact.
 *
 * @example
 * programFactTables(loaded, decoded, cfg).get('succ')!.column(1) // Float64Array [1, ...]
 */
export function programFactTables(prog: FactInput, decoded: DecodedProgram, cfg0: Cfg, opts: FactOptions = {}): FactTables {
  const n = decoded.length;
  const want = (r: string): boolean => opts.only === undefined || opts.only.has(r);
  const sizeHint: Readonly<Record<string, number>> = { insn_subprog: n, postorder: n, reg_use: n, reg_def: n };
  const facts: FactTables = new Map(FACT_RELATIONS.map(r => [r, new FactTable(FACT_SCHEMA[r]!.length, want(r) ? sizeHint[r] ?? 16 : 1)] as [string, FactTable]));
  // the table of a relation to build, or undefined when it is left empty
  const wanted = (name: string): FactTable | undefined => (want(name) ? facts.get(name)! : undefined);
  const emit = (rel: string, ...row: number[]): void => {
    wanted(rel)?.push(...row);
  };
  // constants are read at helper and kfunc calls only, unless a const_* relation or the
  // pruning asks for them everywhere: then subprograms without such a call are skipped
  const everywhere = want('const_scalar') || want('const_map') || want('const_subprog') || opts.pruneDeadBranches === true;
  const consts = opts.consts ?? constFold(cfg0, prog.maps, everywhere ? {} : { subprogs: subprogsWithCalls(cfg0) });
  const cfg = opts.pruneDeadBranches ? pruneDeadBranches(cfg0, consts).cfg : cfg0;
  const insns = cfg.prog.insns;
  const calls = opts.calls ?? callGraph(cfg, consts, prog.relocs);
  const usedMaps = usedMapIndexes(decoded);
  const env = opts.env ?? ORACLE_ENV;
  const numParams = new Map<number, number>();

  // Calls first (num_params feeds reg_use).
  for (const site of calls.sites) {
    const i = site.insn;
    if (site.kind === 'pseudo') {
      emit('call_pseudo', i, site.calleeStart);
      numParams.set(i, 5);
    } else if (site.kind === 'kfunc') {
      emit('call_kfunc', i, site.id);
      if (site.callsCallback) emit('calls_callback', i);
      const meta = site.name !== undefined ? (opts.kfuncs ?? kfuncMeta)(site.name) : undefined;
      const k = (site.name !== undefined ? opts.kfuncParams?.get(site.name) : undefined) ?? meta?.params.length;
      numParams.set(i, k === undefined ? 5 : Math.min(5, k));
      const scalar = (r: number): number | undefined => constScalar(consts, i, r);
      for (let a = 0; a < 5; a++) emit('kfunc_arg_bytes', i, a, kfuncArgBytes(meta, a, scalar));
    } else {
      emit('call_helper', i, site.id);
      if (site.callsCallback) emit('calls_callback', i);
      if (site.callback) emit('callback_of', i, site.callback.start, site.callback.ctxReg, site.callback.calleeCtxReg);
      const proto = protoFor(site.id, prog.type, env);
      const k = proto ? proto.args.length : 5;
      numParams.set(i, k);
      const cc = { scalar: (r: number) => constScalar(consts, i, r), map: (r: number) => constMap(consts, i, r) };
      for (let a = 0; a < k; a++) emit('helper_arg_bytes', i, a, helperArgBytes(proto, a, cc, prog.maps, usedMaps));
    }
    emit('num_params', i, numParams.get(i)!);
  }

  const [rInsn, rCode, rLd, rSucc, rExit, rInSub, rScc, rUse, rDef, rUseM, rDefM, rScalar, rMap, rSub] =
    ['insn', 'code', 'ldimm64', 'succ', 'exit', 'insn_subprog', 'scc', 'reg_use', 'reg_def', 'reg_use_mask', 'reg_def_mask', 'const_scalar', 'const_map', 'const_subprog'].map(wanted);
  // insn and code: one row per instruction, filled row-major (the engine's layout: it takes
  // these arrays without a copy, fact-table.ts)
  const nInsn = insns.count();
  const ic = new Int32Array(rInsn ? 9 * nInsn : 0);
  const cc = new Int32Array(rCode ? 2 * nInsn : 0);
  // the packed use/def sets too (nonzero rows only): row-major, taken without a copy
  const um = new Int32Array(rUseM ? 2 * nInsn : 0);
  const dm = new Int32Array(rDefM ? 2 * nInsn : 0);
  let k = 0, nu = 0, nd = 0;
  for (let i = 0; i < decoded.length; i++) {
    if (!insns.has(i)) continue;
    const code = insns.code(i);
    if (rInsn) {
      const b = 9 * k;
      ic[b] = i; ic[b + 1] = code & op.CLASS_MASK; ic[b + 2] = code & op.OP_MASK; ic[b + 3] = code & op.MODE_MASK;
      ic[b + 4] = insns.size(i); ic[b + 5] = insns.src(i); ic[b + 6] = insns.dst(i); ic[b + 7] = insns.off(i); ic[b + 8] = insns.imm(i);
    }
    if (rCode) { cc[2 * k] = i; cc[2 * k + 1] = code; }
    k++;
    if (rLd && code === op.OPC_LD_IMM64) rLd.push(i);
    if (rExit && (code & op.CLASS_MASK) === op.BPF_JMP && (code & op.OP_MASK) === op.BPF_EXIT) rExit.push(i);
    rInSub?.push2(i, cfg.subprogOf[i]!);
    if (rScc && cfg.scc[i]) rScc.push2(i, cfg.scc[i]!);
    if (rUse || rDef || rUseM || rDefM) {
      // only calls have a parameter count; the sets come packed (no object per insn)
      const ud = regUseDefOf(code, insns.dst(i), insns.src(i), insns.imm(i), op.isCallCode(code) ? numParams.get(i) ?? 5 : 5);
      if (rUse) for (let m = ud & 0xffff, r = 0; m !== 0; m >>>= 1, r++) if (m & 1) rUse.push2(i, r);
      if (rDef) for (let m = ud >>> 16, r = 0; m !== 0; m >>>= 1, r++) if (m & 1) rDef.push2(i, r);
      if (rUseM && (ud & 0xffff) !== 0) { um[2 * nu] = i; um[2 * nu + 1] = ud & 0xffff; nu++; }
      if (rDefM && ud >>> 16 !== 0) { dm[2 * nd] = i; dm[2 * nd + 1] = ud >>> 16; nd++; }
    }
    const st = rScalar || rMap || rSub ? consts.before[i] : undefined;
    if (st === undefined) continue;
    for (let r = 0; r < st.length; r++) {
      const v = st[r]!;
      if (v.kind === 'scalar') {
        if (rScalar && v.v <= 0xffffffffn) rScalar.push3(i, r, Number(v.v));
      } else if (v.kind === 'map') rMap?.push3(i, r, v.map);
      else if (v.kind === 'subprog') rSub?.push3(i, r, v.start);
    }
  }

  if (rSucc) facts.set('succ', succRows(cfg));
  if (rInsn) facts.set('insn', FactTable.rowMajor(9, ic, k));
  if (rCode) facts.set('code', FactTable.rowMajor(2, cc, k));
  if (rUseM) facts.set('reg_use_mask', FactTable.rowMajor(2, um, nu));
  if (rDefM) facts.set('reg_def_mask', FactTable.rowMajor(2, dm, nd));

  for (const s of cfg.subprogs) {
    emit('subprog', s.index, s.start, s.end);
    if (s.global) emit('global', s.index);
    const from = cfg.postorderStart[s.index]!;
    const to = cfg.postorderStart[s.index + 1]!;
    const po = wanted('postorder');
    if (po) for (let p = from; p < to; p++) po.push3(s.index, p - from, cfg.postorder[p]!);
  }
  calls.callees.forEach((cs, s) => cs.forEach(c => emit('call_graph', s, c)));
  calls.topo.forEach((s, pos) => emit('subprog_topo', pos, s));
  prog.maps.forEach((m, idx) => emit('map', idx, m.type, m.keySize, m.valueSize, m.maxEntries));
  return facts;
}

/**
 * succ(I, J, Order) row-major, straight from the CFG's successor table (edge e of insn i is
 * row e: the rows come in insn order, then successor order).
 */
function succRows(cfg: Cfg): FactTable {
  const { from, to } = cfg.succ;
  const n = from.length - 1;
  const m = from[n]!;
  const rows = new Int32Array(3 * m);
  for (let i = 0; i < n; i++) {
    for (let e = from[i]!; e < from[i + 1]!; e++) { rows[3 * e] = i; rows[3 * e + 1] = to[e]!; rows[3 * e + 2] = e - from[i]!; }
  }
  return FactTable.rowMajor(3, rows, m);
}

/** Indices of the subprograms that contain a helper or kfunc call (any call but a bpf-to-bpf one). */
function subprogsWithCalls(cfg: Cfg): Set<number> {
  const out = new Set<number>();
  const insns = cfg.prog.insns;
  for (let i = 0; i < insns.length; i++) {
    if (insns.has(i) && op.isCallCode(insns.code(i)) && insns.src(i) !== op.PSEUDO_CALL) out.add(cfg.subprogOf[i]!);
  }
  return out;
}

/** Map indexes referenced by ld_imm64 (MAP_FD, MAP_VALUE, MAP_IDX, MAP_IDX_VALUE), sorted. */
function usedMapIndexes(decoded: DecodedProgram): number[] {
  const used = new Set<number>();
  const insns = decoded.insns;
  for (let i = 0; i < insns.length; i++) {
    if (!insns.has(i) || insns.code(i) !== op.OPC_LD_IMM64) continue;
    if ([op.PSEUDO_MAP_FD, op.PSEUDO_MAP_VALUE, op.PSEUDO_MAP_IDX, op.PSEUDO_MAP_IDX_VALUE].includes(insns.src(i))) used.add(insns.imm(i));
  }
  return [...used].sort((a, b) => a - b);
}

/**
 * Renders one relation in Soufflé's TSV layout (one row per line, tab-separated).
 *
 * @example
 * factsTsv([[0, 1, 0]]) // "0\t1\t0\n"
 */
export function factsTsv(rows: readonly (readonly number[])[]): string {
  return rows.map(r => r.join('\t') + '\n').join('');
}

/**
 * Writes `<dir>/<relation>.facts` for every relation of the schema (empty files included).
 *
 * @example
 * writeFactsTsv(programFacts(loaded, decoded, cfg), 'out/facts')
 */
export function writeFactsTsv(facts: Facts, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const rel of FACT_RELATIONS) writeFileSync(join(dir, `${rel}.facts`), factsTsv(facts.get(rel) ?? []));
}

/**
 * Prints facts as `rel(a, b, c).` lines in schema order (golden tests, `bpfdl facts --print`).
 *
 * @example
 * printFacts(facts) // "insn(0, 7, 176, 160, 0, 0, 1, 0, 5).\n..."
 */
export function printFacts(facts: Facts): string {
  const out: string[] = [];
  for (const rel of FACT_RELATIONS) {
    if (FACT_SCHEMA[rel] === undefined) continue;
    for (const row of facts.get(rel) ?? []) out.push(`${rel}(${row.join(', ')}).`);
  }
  return out.join('\n') + '\n';
}
