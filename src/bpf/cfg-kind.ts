/**
 * Control-flow kind of one instruction, the only opcode knowledge the CFG needs.
 *
 * Opcode byte (see insn.ts): class = code & 0x07 (JMP = 5, JMP32 = 6), op = code & 0xf0,
 * source bit = code & 0x08. Jump ops: JA 0x00, JEQ..JSLE 0x10-0x70 / 0xa0-0xd0, CALL 0x80,
 * EXIT 0x90, JCOND 0xe0 (may_goto). `JMP|JA|X` (0x0d) is the indirect jump `gotox`; `JMP32|JA`
 * (0x06) is `gotol`, whose displacement is `imm` instead of `off`. Calls: src 0 helper,
 * 1 bpf-to-bpf ("pseudo") call, 2 kfunc. `ld_imm64` (0x18) with src 4 (PSEUDO_FUNC) loads the
 * address of the subprogram at `I + imm + 1`.
 */
import type { Insn } from './insn.js';
import { BPF_CALL, BPF_EXIT, BPF_JA, BPF_JMP, BPF_JMP32, BPF_X, CLASS_MASK, OP_MASK, PSEUDO_CALL, PSEUDO_FUNC, PSEUDO_HELPER, PSEUDO_KFUNC_CALL } from './opcode.js';

/** What an instruction does to control flow. */
export type FlowKind =
  | { readonly kind: 'exit' }
  | { readonly kind: 'ja'; readonly target: number }
  | { readonly kind: 'cond'; readonly target: number }
  | { readonly kind: 'gotox' }
  | { readonly kind: 'call'; readonly call: 'helper' | 'pseudo' | 'kfunc' | 'other'; readonly target?: number }
  | { readonly kind: 'next'; readonly width: 1 | 2; readonly funcRef?: number };

/**
 * Classifies an instruction for the CFG.
 *
 * @example
 * flowKind(insn) // { kind: 'cond', target: 17 } for `if r1 == 0 goto pc+11` at 5
 */
export function flowKind(insn: Insn): FlowKind {
  const cls = insn.code & CLASS_MASK;
  if (insn.wide) {
    return insn.src === PSEUDO_FUNC ? { kind: 'next', width: 2, funcRef: insn.idx + insn.imm + 1 } : { kind: 'next', width: 2 };
  }
  if (cls !== BPF_JMP && cls !== BPF_JMP32) return { kind: 'next', width: 1 };
  switch (insn.code & OP_MASK) {
    case BPF_EXIT:
      return { kind: 'exit' };
    case BPF_CALL: {
      if (insn.src === PSEUDO_CALL) return { kind: 'call', call: 'pseudo', target: insn.idx + insn.imm + 1 };
      if (insn.src === PSEUDO_KFUNC_CALL) return { kind: 'call', call: 'kfunc' };
      return { kind: 'call', call: insn.src === PSEUDO_HELPER ? 'helper' : 'other' };
    }
    case BPF_JA:
      if (cls === BPF_JMP && (insn.code & BPF_X) !== 0) return { kind: 'gotox' };
      return { kind: 'ja', target: insn.idx + (cls === BPF_JMP32 ? insn.imm : insn.off) + 1 };
    default:
      return { kind: 'cond', target: insn.idx + insn.off + 1 };
  }
}
