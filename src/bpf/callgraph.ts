/**
 * Call sites and the call graph of a program (spec liveness.md §2 "Calls").
 *
 *     pseudo call          src = 1, callee = subprogram starting at I + imm + 1
 *     helper call          src = 0, id = imm
 *     kfunc call           src = 2, id = imm (a BTF id; its name comes from the loader's relocations)
 *     calls_callback(I)    helpers bpf_loop, bpf_for_each_map_elem, bpf_find_vma,
 *                          bpf_user_ringbuf_drain, and the kfunc bpf_rbtree_add_impl
 *     callback_of(I, ...)  the four helpers only, when the constant pass proves the callback
 *                          register holds one subprogram reference at I (table CALLBACK_HELPERS)
 *
 * Call graph: subprogram -> subprograms it calls (pseudo calls, then known callbacks, in
 * instruction order). `topo` lists subprograms leaves first: a DFS postorder from the main
 * program, then from every other subprogram in index order.
 */
import { topoOrder } from '../base/graph.js';
import type { Cfg } from './cfg.js';
import { flowKind } from './cfg-kind.js';
import { constSubprog, type ConstInfo } from './constfold.js';
import { helperId } from './helper-names.js';
import { isCallCode } from './opcode.js';
import type { AppliedReloc } from './object.js';

/** How a callback-calling helper passes its callback and context (registers 1..5). */
export interface CallbackConvention {
  /** Register holding the callback subprogram. */
  readonly callbackReg: number;
  /** Caller register holding the context pointer. */
  readonly ctxReg: number;
  /** Callback parameter register that receives the context. */
  readonly calleeCtxReg: number;
}

/** The callback-calling helpers (spec §2 table). */
export const CALLBACK_HELPERS: Readonly<Record<string, CallbackConvention>> = {
  bpf_loop: { callbackReg: 2, ctxReg: 3, calleeCtxReg: 2 },
  bpf_for_each_map_elem: { callbackReg: 2, ctxReg: 3, calleeCtxReg: 4 },
  bpf_find_vma: { callbackReg: 3, ctxReg: 4, calleeCtxReg: 3 },
  bpf_user_ringbuf_drain: { callbackReg: 2, ctxReg: 3, calleeCtxReg: 2 },
};

/** kfuncs that call a callback synchronously. */
export const CALLBACK_KFUNCS: readonly string[] = ['bpf_rbtree_add_impl'];

const CALLBACK_BY_ID: ReadonlyMap<number, CallbackConvention> = new Map(
  Object.entries(CALLBACK_HELPERS).flatMap(([name, c]) => {
    const id = helperId(name);
    return id === undefined ? [] : [[id, c] as const];
  }),
);

/** One call instruction. */
export type CallSite =
  | { readonly insn: number; readonly kind: 'pseudo'; readonly calleeStart: number; readonly callee: number }
  | { readonly insn: number; readonly kind: 'helper'; readonly id: number; readonly callsCallback: boolean; readonly callback?: CallbackSite }
  | { readonly insn: number; readonly kind: 'kfunc'; readonly id: number; readonly name?: string; readonly callsCallback: boolean };

/** A resolved callback of a helper call. */
export interface CallbackSite extends CallbackConvention {
  readonly start: number;
  readonly callee: number;
}

/** Call sites and call graph. */
export interface CallGraph {
  readonly sites: readonly CallSite[];
  /** Callee subprogram indexes per subprogram (pseudo calls and known callbacks). */
  readonly callees: readonly (readonly number[])[];
  /** Subprograms, leaves first. */
  readonly topo: readonly number[];
}

/**
 * The callback convention of helper `id`, if it calls one.
 *
 * @example
 * callbackConvention(181) // { callbackReg: 2, ctxReg: 3, calleeCtxReg: 2 } (bpf_loop)
 */
export function callbackConvention(id: number): CallbackConvention | undefined {
  return CALLBACK_BY_ID.get(id);
}

/**
 * Collects call sites (callbacks resolved with the constant pass) and the call graph.
 *
 * @example
 * const cg = callGraph(cfg, constFold(cfg, prog.maps), prog.relocs); cg.topo // [1, 0]
 */
export function callGraph(cfg: Cfg, consts: ConstInfo, relocs: readonly AppliedReloc[] = []): CallGraph {
  const startToIndex = new Map(cfg.subprogs.map(s => [s.start, s.index] as const));
  const kfuncNames = new Map(relocs.filter(r => r.kind === 'kfunc').map(r => [r.insn, r.symbol] as const));
  const sites: CallSite[] = [];
  const callees: number[][] = cfg.subprogs.map(() => []);
  const add = (from: number, to: number): void => {
    if (!callees[from]!.includes(to)) callees[from]!.push(to);
  };
  for (let i = 0; i < cfg.prog.length; i++) {
    if (!isCallCode(cfg.prog.insns.code(i))) continue;   // only calls are decoded
    const insn = cfg.prog.insns.at(i);
    if (insn === undefined) continue;
    const k = flowKind(insn);
    if (k.kind !== 'call') continue;
    const from = cfg.subprogOf[i]!;
    if (k.call === 'pseudo' && k.target !== undefined) {
      const callee = startToIndex.get(k.target) ?? -1;
      sites.push({ insn: i, kind: 'pseudo', calleeStart: k.target, callee });
      if (callee >= 0) add(from, callee);
    } else if (k.call === 'helper') {
      const conv = CALLBACK_BY_ID.get(insn.imm);
      const start = conv && constSubprog(consts, i, conv.callbackReg);
      const callee = start !== undefined ? startToIndex.get(start) : undefined;
      if (conv && start !== undefined && callee !== undefined) {
        sites.push({ insn: i, kind: 'helper', id: insn.imm, callsCallback: true, callback: { ...conv, start, callee } });
        add(from, callee);
      } else sites.push({ insn: i, kind: 'helper', id: insn.imm, callsCallback: conv !== undefined });
    } else if (k.call === 'kfunc') {
      const name = kfuncNames.get(i);
      sites.push({ insn: i, kind: 'kfunc', id: insn.imm, ...(name ? { name } : {}), callsCallback: name !== undefined && CALLBACK_KFUNCS.includes(name) });
    }
  }
  const roots = cfg.subprogs.map(s => s.index);
  return { sites, callees, topo: topoOrder(cfg.subprogs.length, v => callees[v]!, roots) };
}
