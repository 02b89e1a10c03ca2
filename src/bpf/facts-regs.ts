/**
 * Fixed register use/def per instruction for register liveness (spec liveness.md §7.4, the
 * kernel's compute_live_registers). Registers r0..r9 only (r10 is never shown or tracked).
 *
 *     ld_imm64                  def dst
 *     LD_ABS / LD_IND           use r0..r9, def nothing
 *     LDX                       use src, def dst
 *     ST                        use dst
 *     STX (MEM)                 use dst, src
 *     cmpxchg                   use r0, dst, src; def r0
 *     load-acquire              use src; def dst
 *     store-release             use dst, src
 *     other atomics             use dst, src; def src iff FETCH
 *     mov                       def dst; use src (register form)
 *     END                       use dst, def dst
 *     other ALU                 use dst (+ src, register form); def dst
 *     ja / gotol / may_goto     nothing (gotox: use dst)
 *     exit                      use r0
 *     call                      use r1..rN (N = call summary, 5 without one); def r0..r5
 *     conditional jumps         use dst (+ src, register form)
 */
import type { Insn } from './insn.js';
import * as op from './opcode.js';

const bit = (r: number): number => (r < 10 ? 1 << r : 0);
const upTo = (n: number): number => (n <= 0 ? 0 : ((1 << (n + 1)) - 1) & ~1);

/** The fields use/def depends on (an `Insn` has them). */
export type UseDefFields = Pick<Insn, 'code' | 'dst' | 'src' | 'imm'>;

/** use | def << 16: the two register sets (bit j = rj) in one number, no object per insn. */
const pack = (use: number, def: number): number => use | (def << 16);

/**
 * Use/def of one instruction, packed as `use | def << 16`. `numParams` is the call summary
 * for calls (5 if none).
 *
 * @example
 * regUseDef(callInsn, 2) // 0b110 | 0b111111 << 16
 */
export function regUseDef(insn: UseDefFields, numParams = 5): number {
  return regUseDefOf(insn.code, insn.dst, insn.src, insn.imm, numParams);
}

/**
 * `regUseDef` from the fields themselves (the facts loop reads them from the instruction
 * bytes: no object per insn).
 *
 * @example
 * regUseDefOf(0xbf, 1, 2, 0, 5) // mov r1, r2: use r2, def r1 = 0b100 | 0b10 << 16
 */
export function regUseDefOf(opcode: number, dst: number, src: number, imm: number, numParams = 5): number {
  const cls = opcode & op.CLASS_MASK;
  const isReg = (opcode & op.SRC_MASK) === op.BPF_X;
  const mode = opcode & op.MODE_MASK;
  const code = opcode & op.OP_MASK;
  if (opcode === op.OPC_LD_IMM64) return pack(0, bit(dst));
  switch (cls) {
    case op.BPF_LD: // LD_ABS / LD_IND (the only one-slot LD forms)
      return pack(0x3ff, 0);
    case op.BPF_LDX:
      return pack(bit(src), bit(dst));
    case op.BPF_ST:
      return pack(bit(dst), 0);
    case op.BPF_STX:
      if (mode !== op.BPF_ATOMIC) return pack(bit(dst) | bit(src), 0);
      if (imm === op.ATOMIC_CMPXCHG) return pack(bit(0) | bit(dst) | bit(src), bit(0));
      if (imm === op.ATOMIC_LOAD_ACQ) return pack(bit(src), bit(dst));
      if (imm === op.ATOMIC_STORE_REL) return pack(bit(dst) | bit(src), 0);
      return pack(bit(dst) | bit(src), imm & op.BPF_FETCH ? bit(src) : 0);
    case op.BPF_ALU:
    case op.BPF_ALU64:
      if (code === op.BPF_MOV) return pack(isReg ? bit(src) : 0, bit(dst));
      if (code === op.BPF_END) return pack(bit(dst), bit(dst));
      return pack(bit(dst) | (isReg ? bit(src) : 0), bit(dst));
    default: // BPF_JMP / BPF_JMP32
      if (code === op.BPF_JA) return pack(cls === op.BPF_JMP && isReg ? bit(dst) : 0, 0);
      if (code === op.BPF_JCOND) return pack(0, 0);
      if (code === op.BPF_EXIT) return pack(bit(0), 0);
      if (code === op.BPF_CALL) return pack(upTo(Math.min(5, numParams)), 0x3f);
      return pack(bit(dst) | (isReg ? bit(src) : 0), 0);
  }
}
