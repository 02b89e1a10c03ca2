/**
 * Decoded instructions: the contract between the decoder/disassembler/assembler
 * (bpf/decode.ts, bpf/disasm.ts, bpf/asm/) and everything downstream (cfg, facts, analyses).
 *
 * One `Insn` per 8-byte slot index that starts an instruction. An `ld_imm64` occupies two
 * slots: the `Insn` at index i has `wide = true` and `imm64`; slot i+1 has no Insn
 * (`DecodedProgram.insns[i+1]` is `undefined`) and is never a CFG node.
 *
 * Field encoding (bit layout of byte 0, the opcode):
 *
 *     class  = code & 0x07   LD=0 LDX=1 ST=2 STX=3 ALU=4 JMP=5 JMP32=6 ALU64=7
 *     ALU/JMP:   op = code & 0xf0, source = code & 0x08 (K=0 imm, X=8 reg)
 *     LD/ST:     size = code & 0x18 (W=0x00 H=0x08 B=0x10 DW=0x18), mode = code & 0xe0
 *                (IMM=0x00 ABS=0x20 IND=0x40 MEM=0x60 MEMSX=0x80 ATOMIC=0xc0)
 */

export type InsnClass = 'ld' | 'ldx' | 'st' | 'stx' | 'alu' | 'jmp' | 'jmp32' | 'alu64';

/** One decoded instruction (raw fields plus convenient derived ones). */
export interface Insn {
  /** Slot index in the program. */
  readonly idx: number;
  readonly code: number;
  readonly dst: number;
  readonly src: number;
  /** Signed 16-bit offset. */
  readonly off: number;
  /** Signed 32-bit immediate. */
  readonly imm: number;
  readonly cls: InsnClass;
  /** True for `ld_imm64` (two slots). */
  readonly wide: boolean;
  /** `ld_imm64` only: the full 64-bit immediate (low = imm, high = next slot's imm). */
  readonly imm64?: bigint;
  /** Access size in bytes for loads/stores/atomics (1, 2, 4, 8); 0 otherwise. */
  readonly size: number;
}

/** A program after decoding. `insns[i]` is undefined for the second slot of an ld_imm64. */
export interface DecodedProgram {
  readonly insns: readonly (Insn | undefined)[];
  /** Number of 8-byte slots (the kernel's instruction count). */
  readonly length: number;
}
