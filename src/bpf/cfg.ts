/**
 * Control-flow graph of one loaded program, with the kernel's semantics (check_subprogs,
 * check_cfg, compute_postorder, compute_scc of Linux 6.18; spec liveness.md §2).
 *
 * Nodes are instruction indexes; the second slot of an `ld_imm64` is never a node.
 *
 *     succ(I) = []                       exit
 *             = [target]                 ja / gotol          target = I + off + 1 (gotol: imm)
 *             = [I+1, target]            conditional jump, may_goto (fall-through first)
 *             = [I + width]              everything else, incl. every call; width 2 for ld_imm64
 *
 * Subprograms: the loader's `subprogs` plus every pseudo-call target and every `ld_imm64
 * PSEUDO_FUNC` target (`I + imm + 1`), sorted; subprogram S spans `[start(S), start(S+1))`.
 * Checks (each a diagnostic located at object/section/program/insn, like the kernel's):
 *
 *   E901 jump or call target outside the program      E902 jump into the middle of an ld_imm64
 *   E903 jump leaving its subprogram                    E904 last insn of a subprogram is not exit/ja
 *   E905 unreachable instruction                        E906 indirect jump (gotox) not supported
 *
 * Reachability (E905) follows the kernel: a DFS from insn 0 over succ, where a pseudo call also
 * reaches its callee and an `ld_imm64 PSEUDO_FUNC` the referenced subprogram.
 *
 * SCCs: Tarjan over the whole program (roots in instruction order, successors in succ order);
 * only non-trivial components (several insns, or a self-loop) get an id, numbered from 1 in
 * completion order, the numbers the kernel prints in its "Live regs before insn" table.
 */
import * as E from 'fp-ts/lib/Either.js';
import { bpfError, type BpfLocation, type Diagnostic } from '../base/diagnostic.js';
import { loopComponents } from '../base/graph.js';
import { flowKind, type FlowKind } from './cfg-kind.js';
import type { DecodedProgram } from './insn.js';
import type { LoadedProgram } from './object.js';
import { computePostorder } from './postorder.js';
import { Successors } from './successors.js';

/** One subprogram of the CFG. */
export interface CfgSubprog {
  readonly index: number;
  readonly start: number;
  /** One past the last slot. */
  readonly end: number;
  readonly name: string;
  readonly global: boolean;
}

/** The control-flow graph of a program. */
export interface Cfg {
  readonly where: BpfLocation;
  readonly prog: DecodedProgram;
  /** Successors per slot, in kernel order (none for non-nodes and exits). */
  readonly succ: Successors;
  readonly subprogs: readonly CfgSubprog[];
  /** Subprogram index per slot. */
  readonly subprogOf: Int32Array;
  /** Kernel postorder, all subprograms concatenated. */
  readonly postorder: readonly number[];
  /** `postorderStart[S]` = first position of S in `postorder`; one extra sentinel entry. */
  readonly postorderStart: readonly number[];
  /** Loop id per slot: 0 = not in a loop, else 1.. (kernel numbering). */
  readonly scc: Int32Array;
}

/** What the CFG needs to know about the program besides its instructions. */
export type CfgInput = Pick<LoadedProgram, 'object' | 'section' | 'name' | 'subprogs'>;

/** Options for `buildCfg`. */
export interface CfgOptions {
  /** Accept unreachable instructions instead of reporting E905 (default false). */
  readonly allowUnreachable?: boolean;
}

/**
 * Builds the CFG, or the diagnostics for bad control flow.
 *
 * @example
 * const cfg = buildCfg(loaded, decoded); if (E.isRight(cfg)) console.log(printCfg(cfg.right))
 */
export function buildCfg(input: CfgInput, prog: DecodedProgram, opts: CfgOptions = {}): E.Either<Diagnostic[], Cfg> {
  const where: BpfLocation = { object: input.object, section: input.section, program: input.name };
  const at = (insn: number): BpfLocation => ({ ...where, insn });
  const n = prog.length;
  const errors: Diagnostic[] = [];
  const isNode = (i: number): boolean => prog.insns.has(i);
  const checkTarget = (from: number, to: number, what: string): boolean => {
    if (to < 0 || to >= n) {
      errors.push(bpfError('E901', `${what} out of range from insn ${from} to ${to}`, at(from)));
      return false;
    }
    if (!isNode(to)) {
      errors.push(bpfError('E902', `${what} into the middle of ldimm64 insn ${to - 1} (from insn ${from})`, at(from)));
      return false;
    }
    return true;
  };

  // Subprogram starts and successors.
  const starts = new Set<number>(input.subprogs.map(s => s.start));
  if (n > 0) starts.add(0);
  const sb = Successors.builder(n);
  /** Call and function-reference edges (reachability only): insn -> target. */
  const extraEdges = new Map<number, number>();
  /** Jump target of ja / conditional jumps, -1 otherwise. */
  const jumpTo = new Int32Array(n).fill(-1);
  const kinds: (FlowKind['kind'] | undefined)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const insn = prog.insns.at(i);
    if (insn === undefined) continue;
    const k = flowKind(insn);
    kinds[i] = k.kind;
    if (k.kind === 'ja' || k.kind === 'cond') jumpTo[i] = k.target;
    switch (k.kind) {
      case 'exit':
        break;
      case 'gotox':
        errors.push(bpfError('E906', 'indirect jump (gotox) is not supported', at(i)));
        break;
      case 'ja':
        if (checkTarget(i, k.target, 'jump')) sb.add(i, k.target);
        break;
      case 'cond':
        if (checkTarget(i, i + 1, 'jump') && checkTarget(i, k.target, 'jump')) sb.add(i, i + 1, k.target);
        break;
      case 'call':
        if (k.target !== undefined && checkTarget(i, k.target, 'call')) {
          starts.add(k.target);
          extraEdges.set(i, k.target);
        }
        if (i + 1 < n) sb.add(i, i + 1);
        break;
      case 'next':
        if (k.funcRef !== undefined && checkTarget(i, k.funcRef, 'function reference')) {
          starts.add(k.funcRef);
          extraEdges.set(i, k.funcRef);
        }
        if (i + k.width < n) sb.add(i, i + k.width);
        break;
    }
  }
  if (errors.length > 0) return E.left(errors);
  const succ = sb.done();

  const sorted = [...starts].sort((a, b) => a - b);
  const byStart = new Map(input.subprogs.map(s => [s.start, s] as const));
  const subprogs: CfgSubprog[] = sorted.map((start, index) => {
    const info = byStart.get(start);
    return { index, start, end: sorted[index + 1] ?? n, name: info?.name ?? `subprog_${start}`, global: info?.global ?? false };
  });
  const subprogOf = new Int32Array(n);
  for (const s of subprogs) subprogOf.fill(s.index, s.start, s.end);

  // Jumps stay inside their subprogram; a subprogram ends with exit or ja.
  for (const s of subprogs) {
    let last = s.end - 1;
    while (last > s.start && !prog.insns.has(last)) last--;
    for (let i = s.start; i < s.end; i++) {
      const target = jumpTo[i]!;
      if (target >= 0 && (target < s.start || target >= s.end)) {
        errors.push(bpfError('E903', `jump out of range from insn ${i} to ${target} (leaves subprogram '${s.name}' [${s.start}, ${s.end}))`, at(i)));
      }
    }
    const lk = kinds[last];
    if (lk !== 'exit' && lk !== 'ja') {
      errors.push(bpfError('E904', `last insn of subprogram '${s.name}' is not an exit or jmp`, at(last)));
    }
  }
  if (errors.length > 0) return E.left(errors);

  if (!opts.allowUnreachable && n > 0) {
    const seen = new Uint8Array(n);
    const stack = [0];
    seen[0] = 1;
    while (stack.length > 0) {
      const v = stack.pop()!;
      for (let e = succ.from[v]!; e < succ.from[v + 1]!; e++) {
        const w = succ.to[e]!;
        if (!seen[w]) {
          seen[w] = 1;
          stack.push(w);
        }
      }
      const extra = extraEdges.get(v);
      if (extra !== undefined && !seen[extra]) {
        seen[extra] = 1;
        stack.push(extra);
      }
    }
    for (let i = 0; i < n; i++) {
      if (isNode(i) && !seen[i]) {
        errors.push(bpfError('E905', `unreachable insn ${i}`, at(i)));
        break;
      }
    }
    if (errors.length > 0) return E.left(errors);
  }

  const po = computePostorder(n, succ, subprogs.map(s => s.start));
  return E.right({
    where,
    prog,
    succ,
    subprogs,
    subprogOf,
    postorder: po.order,
    postorderStart: po.start,
    scc: buildLoopIds(n, succ, isNode),
  });
}

/**
 * Kernel-style loop ids: non-trivial SCCs (several nodes, or a self-loop) numbered from 1 in
 * Tarjan completion order (roots in instruction order); 0 for instructions in no loop.
 *
 * @example
 * buildLoopIds(3, Successors.fromLists([[1], [0, 2], []]), () => true) // Int32Array [1, 1, 0]
 */
export function buildLoopIds(n: number, succ: Successors, isNode: (i: number) => boolean): Int32Array {
  const roots: number[] = [];
  for (let i = 0; i < n; i++) if (isNode(i)) roots.push(i);
  return loopComponents(n, succ, roots);
}

/**
 * Instructions of subprogram S in reverse postorder (the forward-analysis order).
 *
 * @example
 * rpo(cfg, 0) // [0, 1, 2, ...]
 */
export function rpo(cfg: Cfg, s: number): number[] {
  return cfg.postorder.slice(cfg.postorderStart[s], cfg.postorderStart[s + 1]).reverse();
}
