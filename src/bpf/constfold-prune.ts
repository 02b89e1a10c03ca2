/**
 * Dead-branch pruning after the constant pre-pass (the newer kernels' `prune_dead_branches`,
 * spec liveness.md §1 pipeline; the Linux 6.18 oracle kernel does not run it, so it is off by
 * default in the facts): a conditional jump (not may_goto) whose operands are known constants
 * becomes an unconditional `ja`, and the postorder and loops are recomputed.
 *
 *     operands   dst: const_scalar(I, dst) (fits u32, zero-extended to 64 bits)
 *                src: const_scalar(I, src) for the register form, else imm sign-extended
 *     JMP32      both operands are sign-extended from their low 32 bits first
 *     outcome    JEQ/JNE/JGT/JGE/JLT/JLE unsigned, JSGT/JSGE/JSLT/JSLE signed, JSET (d & s) != 0
 *     rewrite    taken: `ja off` (succ = [target]); not taken: `ja 0` (succ = [I+1])
 *
 * The constant facts stay those computed before the rewrite (as in the kernel).
 */
import { buildLoopIds, type Cfg } from './cfg.js';
import { constScalar, type ConstInfo } from './constfold.js';
import type { Insn } from './insn.js';
import * as op from './opcode.js';
import { computePostorder } from './postorder.js';
import { Successors } from './successors.js';

/** The CFG after pruning, and the rewritten instructions. */
export interface Pruned {
  readonly cfg: Cfg;
  readonly pruned: readonly number[];
}

const M64 = (1n << 64n) - 1n;

function outcome(code: number, d: bigint, s: bigint): boolean | undefined {
  const sd = BigInt.asIntN(64, d);
  const ss = BigInt.asIntN(64, s);
  switch (code & op.OP_MASK) {
    case op.BPF_JEQ: return d === s;
    case op.BPF_JNE: return d !== s;
    case op.BPF_JGT: return d > s;
    case op.BPF_JGE: return d >= s;
    case op.BPF_JLT: return d < s;
    case op.BPF_JLE: return d <= s;
    case op.BPF_JSGT: return sd > ss;
    case op.BPF_JSGE: return sd >= ss;
    case op.BPF_JSLT: return sd < ss;
    case op.BPF_JSLE: return sd <= ss;
    case op.BPF_JSET: return (d & s) !== 0n;
    default: return undefined;
  }
}

/**
 * Rewrites constant-outcome conditional jumps; returns the input CFG when nothing changes.
 *
 * @example
 * pruneDeadBranches(cfg, constFold(cfg, maps)).pruned // [5] when insn 5 tests a known constant
 */
export function pruneDeadBranches(cfg: Cfg, consts: ConstInfo): Pruned {
  const patches: [number, Insn][] = [];
  const succ = cfg.succ.lists();
  const pruned: number[] = [];
  for (const insn of cfg.prog.insns) {
    if (insn === undefined) continue;
    const cls = insn.code & op.CLASS_MASK;
    const code = insn.code & op.OP_MASK;
    if (cls !== op.BPF_JMP && cls !== op.BPF_JMP32) continue;
    if (code === op.BPF_JA || code === op.BPF_CALL || code === op.BPF_EXIT || code === op.BPF_JCOND) continue;
    const i = insn.idx;
    const dv = constScalar(consts, i, insn.dst);
    if (dv === undefined) continue;
    let sv: bigint;
    if ((insn.code & op.SRC_MASK) === op.BPF_X) {
      const c = constScalar(consts, i, insn.src);
      if (c === undefined) continue;
      sv = BigInt(c);
    } else sv = BigInt.asUintN(64, BigInt(insn.imm));
    let d = BigInt(dv);
    if (cls === op.BPF_JMP32) {
      d = BigInt.asIntN(32, d) & M64;
      sv = BigInt.asIntN(32, sv) & M64;
    }
    const taken = outcome(insn.code, d, sv);
    if (taken === undefined) continue;
    const off = taken ? insn.off : 0;
    const ja: Insn = { ...insn, code: op.BPF_JMP | op.BPF_JA, dst: 0, src: 0, imm: 0, off };
    patches.push([i, ja]);
    succ[i] = [i + off + 1];
    pruned.push(i);
  }
  if (pruned.length === 0) return { cfg, pruned };
  const insns = cfg.prog.insns.patched(patches);
  const prog = { ...cfg.prog, insns };
  const table = Successors.fromLists(succ);
  const po = computePostorder(prog.length, table, cfg.subprogs.map(s => s.start));
  return {
    cfg: { ...cfg, prog, succ: table, postorder: po.order, postorderStart: po.start, scc: buildLoopIds(prog.length, table, i => insns.has(i)) },
    pruned,
  };
}
