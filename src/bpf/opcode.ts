/**
 * BPF instruction encoding: named constants for every field value of the current ISA
 * (Linux 6.18), so that no other file needs a magic number.
 *
 * One instruction slot is 8 bytes, little-endian:
 *
 *     byte 0      code: opcode
 *     byte 1      regs: dst_reg = bits 0-3, src_reg = bits 4-7
 *     bytes 2-3   off   (s16)
 *     bytes 4-7   imm   (s32)
 *
 * The opcode byte, by class (bits 0-2):
 *
 *     ALU, ALU64, JMP, JMP32:   7   6   5   4 | 3 | 2   1   0
 *                               op (0x?0)     |src| class        src: K=0 (imm), X=8 (reg)
 *     LD, LDX, ST, STX:         7   6   5 | 4   3 | 2   1   0
 *                               mode      | size  | class        size: W=0 H=8 B=0x10 DW=0x18
 *
 * Overloaded fields (besides the plain meanings):
 *
 *     ALU/ALU64 DIV, MOD     off = 1: signed (sdiv, smod)
 *     ALU/ALU64 MOV X        off = 8/16/32: sign-extending move (movsx; 32 only for ALU64)
 *     ALU64 MOV X            off = 1: addr_space_cast, imm = dst_as << 16 | src_as
 *     ALU END                src bit = TO_LE (0) / TO_BE (8), imm = 16/32/64
 *     ALU64 END              bswap (src bit must be 0), imm = 16/32/64
 *     JMP32 JA               gotol: the target offset is imm, not off
 *     JMP JCOND              src_reg = MAY_GOTO (0): may_goto pc+off
 *     JMP CALL               src_reg = 0 helper id in imm, 1 bpf-to-bpf call (imm = pc-relative),
 *                            2 kfunc (imm = BTF id, off = BTF fd index)
 *     LD IMM DW (ld_imm64)   two slots; src_reg = pseudo kind (see PSEUDO_*)
 *     STX ATOMIC             imm = atomic operation (ATOMIC_*), size W or DW
 *                            (B and H too for load-acquire / store-release)
 */

/** An opcode byte (0..255). */
export type Opcode = number & { readonly __brand: 'Opcode' };
/** A register number 0..10 (r10 is the read-only frame pointer). */
export type Reg = number & { readonly __brand: 'Reg' };

/** Instruction classes: `code & CLASS_MASK`. */
export const CLASS_MASK = 0x07;
export const BPF_LD = 0x00;
export const BPF_LDX = 0x01;
export const BPF_ST = 0x02;
export const BPF_STX = 0x03;
export const BPF_ALU = 0x04;
export const BPF_JMP = 0x05;
export const BPF_JMP32 = 0x06;
export const BPF_ALU64 = 0x07;

/** Source bit of ALU/JMP: `code & SRC_MASK`. For END it selects the byte order. */
export const SRC_MASK = 0x08;
export const BPF_K = 0x00;
export const BPF_X = 0x08;
export const BPF_TO_LE = 0x00;
export const BPF_TO_BE = 0x08;

/** ALU operations: `code & OP_MASK` for ALU/ALU64. */
export const OP_MASK = 0xf0;
export const BPF_ADD = 0x00;
export const BPF_SUB = 0x10;
export const BPF_MUL = 0x20;
export const BPF_DIV = 0x30;
export const BPF_OR = 0x40;
export const BPF_AND = 0x50;
export const BPF_LSH = 0x60;
export const BPF_RSH = 0x70;
export const BPF_NEG = 0x80;
export const BPF_MOD = 0x90;
export const BPF_XOR = 0xa0;
export const BPF_MOV = 0xb0;
export const BPF_ARSH = 0xc0;
export const BPF_END = 0xd0;

/** Jump operations: `code & OP_MASK` for JMP/JMP32. */
export const BPF_JA = 0x00;
export const BPF_JEQ = 0x10;
export const BPF_JGT = 0x20;
export const BPF_JGE = 0x30;
export const BPF_JSET = 0x40;
export const BPF_JNE = 0x50;
export const BPF_JSGT = 0x60;
export const BPF_JSGE = 0x70;
export const BPF_CALL = 0x80;
export const BPF_EXIT = 0x90;
export const BPF_JLT = 0xa0;
export const BPF_JLE = 0xb0;
export const BPF_JSLT = 0xc0;
export const BPF_JSLE = 0xd0;
export const BPF_JCOND = 0xe0;

/** Access sizes of LD/LDX/ST/STX: `code & SIZE_MASK`. */
export const SIZE_MASK = 0x18;
export const BPF_W = 0x00;
export const BPF_H = 0x08;
export const BPF_B = 0x10;
export const BPF_DW = 0x18;

/** Modes of LD/LDX/ST/STX: `code & MODE_MASK`. */
export const MODE_MASK = 0xe0;
export const BPF_IMM = 0x00;
export const BPF_ABS = 0x20;
export const BPF_IND = 0x40;
export const BPF_MEM = 0x60;
export const BPF_MEMSX = 0x80;
export const BPF_ATOMIC = 0xc0;

/** Atomic operations (the `imm` of STX|ATOMIC). */
export const BPF_FETCH = 0x01;
export const ATOMIC_ADD = BPF_ADD;
export const ATOMIC_OR = BPF_OR;
export const ATOMIC_AND = BPF_AND;
export const ATOMIC_XOR = BPF_XOR;
export const ATOMIC_FETCH_ADD = BPF_ADD | BPF_FETCH;
export const ATOMIC_FETCH_OR = BPF_OR | BPF_FETCH;
export const ATOMIC_FETCH_AND = BPF_AND | BPF_FETCH;
export const ATOMIC_FETCH_XOR = BPF_XOR | BPF_FETCH;
/** 0xe0 | FETCH */
export const ATOMIC_XCHG = 0xe1;
/** 0xf0 | FETCH */
export const ATOMIC_CMPXCHG = 0xf1;
/** 0x100: load-acquire (dst = *(src + off)). */
export const ATOMIC_LOAD_ACQ = 0x100;
/** 0x110: store-release (*(dst + off) = src). */
export const ATOMIC_STORE_REL = 0x110;

/** `src_reg` of a JMP|CALL. */
export const PSEUDO_HELPER = 0;
export const PSEUDO_CALL = 1;
export const PSEUDO_KFUNC_CALL = 2;

/** `src_reg` of an ld_imm64. */
export const PSEUDO_NONE = 0;
export const PSEUDO_MAP_FD = 1;
export const PSEUDO_MAP_VALUE = 2;
export const PSEUDO_BTF_ID = 3;
export const PSEUDO_FUNC = 4;
export const PSEUDO_MAP_IDX = 5;
export const PSEUDO_MAP_IDX_VALUE = 6;

/** `src_reg` of JMP|JCOND. */
export const BPF_MAY_GOTO = 0;

/** `off` of ALU64|MOV|X marking addr_space_cast. */
export const OFF_ADDR_SPACE_CAST = 1;

/** The frame pointer register. */
export const REG_FP = 10;
/** Number of registers (r0..r10). */
export const MAX_REG = 11;

/** Instruction size in bytes. */
export const INSN_SIZE = 8;

/** Fixed opcodes used often. */
export const OPC_LD_IMM64 = BPF_LD | BPF_IMM | BPF_DW; // 0x18
export const OPC_CALL = BPF_JMP | BPF_CALL; // 0x85
export const OPC_EXIT = BPF_JMP | BPF_EXIT; // 0x95
export const OPC_JA = BPF_JMP | BPF_JA; // 0x05
export const OPC_GOTOL = BPF_JMP32 | BPF_JA; // 0x06
export const OPC_MAY_GOTO = BPF_JMP | BPF_JCOND; // 0xe5

/**
 * A call opcode: class JMP or JMP32 with op CALL (helper, kfunc and bpf-to-bpf calls).
 *
 * @example
 * isCallCode(0x85) // true
 */
export function isCallCode(code: number): boolean {
  const cls = code & CLASS_MASK;
  return (cls === BPF_JMP || cls === BPF_JMP32) && (code & OP_MASK) === BPF_CALL;
}

/**
 * Class of an opcode.
 *
 * @example
 * opClass(0xbf) // BPF_ALU64
 */
export function opClass(code: number): number {
  return code & CLASS_MASK;
}

/** Size in bytes of a LD/LDX/ST/STX size field (`code & SIZE_MASK`).
 *
 * @example
 * sizeBytes(BPF_DW) // 8
 */
export function sizeBytes(sizeField: number): number {
  switch (sizeField) {
    case BPF_W:
      return 4;
    case BPF_H:
      return 2;
    case BPF_B:
      return 1;
    default:
      return 8;
  }
}

/** The size field for an access of `bytes` bytes (1, 2, 4, 8).
 *
 * @example
 * sizeField(2) // BPF_H
 */
export function sizeField(bytes: number): number {
  switch (bytes) {
    case 1:
      return BPF_B;
    case 2:
      return BPF_H;
    case 4:
      return BPF_W;
    default:
      return BPF_DW;
  }
}
