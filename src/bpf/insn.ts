/**
 * Decoded instructions: the contract between the decoder/disassembler/assembler
 * (bpf/decode.ts, bpf/disasm.ts, bpf/asm/) and everything downstream (cfg, facts, analyses).
 *
 * One `Insn` per 8-byte slot index that starts an instruction. An `ld_imm64` occupies two
 * slots: the `Insn` at index i has `wide = true` and `imm64`; slot i+1 has no Insn
 * (`DecodedProgram.insns.at(i+1)` is `undefined`) and is never a CFG node.
 *
 * Field encoding (bit layout of byte 0, the opcode):
 *
 *     class  = code & 0x07   LD=0 LDX=1 ST=2 STX=3 ALU=4 JMP=5 JMP32=6 ALU64=7
 *     ALU/JMP:   op = code & 0xf0, source = code & 0x08 (K=0 imm, X=8 reg)
 *     LD/ST:     size = code & 0x18 (W=0x00 H=0x08 B=0x10 DW=0x18), mode = code & 0xe0
 *                (IMM=0x00 ABS=0x20 IND=0x40 MEM=0x60 MEMSX=0x80 ATOMIC=0xc0)
 */

import { encodeInto } from './encode.js';
import { BPF_STX, CLASS_MASK, OPC_LD_IMM64, SIZE_MASK, sizeBytes } from './opcode.js';

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

/** A program after decoding. `insns.at(i)` is undefined for the second slot of an ld_imm64. */
export interface DecodedProgram {
  readonly insns: InsnList;
  /** Number of 8-byte slots (the kernel's instruction count). */
  readonly length: number;
}

/*
 * InsnList: a program's instructions kept as their raw 8-byte slots, with an `Insn` object
 * built only when one is asked for.
 *
 * Why not an array of `Insn`: a million-instruction program as objects is ~100 MB of small
 * objects that stay alive for the whole analysis, and every full garbage collection marks
 * all of them (measured: ~60 ms per collection at 1M insns, against ~1 ms without them).
 * The slots are 8 bytes each and already in memory as the program's bytes.
 *
 * Layout: slot i is bytes [8i, 8i+8) (field layout in bpf/opcode.ts); `starts[i] = 1` when
 * slot i begins an instruction. The slot after an `ld_imm64` (code 0x18) is its high half:
 *
 *     starts[0] = 1 (n > 0)
 *     starts[i+1] = 1  iff  starts[i] = 1 and code(i) != 0x18,  or  starts[i] = 0
 *
 * `at(i)` decodes slot i (`decodeSlot`); the field readers (`code`, `dst`, `src`, `off`,
 * `imm`) read one field of slot i without building anything, for the hot loops.
 */

const CLASS_NAMES: readonly InsnClass[] = ['ld', 'ldx', 'st', 'stx', 'alu', 'jmp', 'jmp32', 'alu64'];

/** Access size in bytes of a load/store/atomic opcode (`Insn.size`); 0 for other classes and ld_imm64. */
const accessSize = (code: number): number => ((code & CLASS_MASK) <= BPF_STX && code !== OPC_LD_IMM64 ? sizeBytes(code & SIZE_MASK) : 0);
/** Little-endian signed 16-bit and 32-bit values at byte b. */
const i16At = (x: Uint8Array, b: number): number => ((x[b]! | (x[b + 1]! << 8)) << 16) >> 16;
const i32At = (x: Uint8Array, b: number): number => x[b]! | (x[b + 1]! << 8) | (x[b + 2]! << 16) | (x[b + 3]! << 24);

/**
 * Splits slot `i` of `bytes` into an `Insn` without any validity check. For an `ld_imm64`
 * the second slot is read if present (a truncated one gets a zero high half).
 *
 * @example
 * decodeSlot(new Uint8Array([0xb7, 0, 0, 0, 1, 0, 0, 0]), 0).imm // 1
 */
export function decodeSlot(bytes: Uint8Array, i: number): Insn {
  const b = i * 8;
  const code = bytes[b]!;
  const regs = bytes[b + 1]!;
  const off = i16At(bytes, b + 2);
  const imm = i32At(bytes, b + 4);
  const wide = code === OPC_LD_IMM64;
  let imm64: bigint | undefined;
  if (wide) {
    const hi = b + 16 <= bytes.length ? i32At(bytes, b + 12) : 0;
    imm64 = (BigInt(hi >>> 0) << 32n) | BigInt(imm >>> 0);
  }
  return { idx: i, code, dst: regs & 0x0f, src: regs >> 4, off, imm, cls: CLASS_NAMES[code & CLASS_MASK]!, wide, imm64, size: accessSize(code) };
}

/** The instructions of one program, one entry per 8-byte slot (see the file comment). */
export class InsnList implements Iterable<Insn | undefined> {
  /** Number of 8-byte slots. */
  readonly length: number;
  private readonly bytes: Uint8Array;
  private readonly starts: Uint8Array;

  private constructor(bytes: Uint8Array, length: number, starts: Uint8Array) {
    this.bytes = bytes;
    this.length = length;
    this.starts = starts;
  }

  /**
   * The instructions in `bytes` (8 per slot; a trailing partial slot is ignored). The bytes
   * are shared, not copied: the caller must not change them afterwards.
   *
   * @example
   * InsnList.fromBytes(new Uint8Array([0x95, 0, 0, 0, 0, 0, 0, 0])).at(0)?.code // 0x95
   */
  static fromBytes(bytes: Uint8Array): InsnList {
    const n = Math.floor(bytes.length / 8);
    const starts = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      starts[i] = 1;
      if (bytes[i * 8] === OPC_LD_IMM64) i++;
    }
    return new InsnList(bytes, n, starts);
  }

  /**
   * A copy with the instructions at some slots replaced (same width: not for ld_imm64).
   *
   * @example
   * list.patched([[4, { code: 0x05, dst: 0, src: 0, off: 2, imm: 0 }]]).at(4)?.off // 2
   */
  patched(changes: Iterable<readonly [number, Pick<Insn, 'code' | 'dst' | 'src' | 'off' | 'imm'>]>): InsnList {
    const bytes = this.bytes.slice(0, this.length * 8);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (const [i, x] of changes) {
      if (!this.has(i) || this.code(i) === OPC_LD_IMM64 || x.code === OPC_LD_IMM64) {
        throw new RangeError(`InsnList.patched: slot ${i} is not a one-slot instruction`);
      }
      encodeInto(view, x, i);
    }
    return new InsnList(bytes, this.length, this.starts);
  }

  /** The instruction starting at slot `i`, or undefined (out of range, or an ld_imm64's 2nd slot). */
  at(i: number): Insn | undefined {
    return this.has(i) ? decodeSlot(this.bytes, i) : undefined;
  }

  /** Does an instruction start at slot `i`? */
  has(i: number): boolean {
    return i >= 0 && i < this.length && this.starts[i] === 1;
  }

  /** Opcode byte of slot `i`. */
  code(i: number): number {
    return this.bytes[i * 8]!;
  }

  /** Destination register of slot `i`. */
  dst(i: number): number {
    return this.bytes[i * 8 + 1]! & 0x0f;
  }

  /** Source register of slot `i`. */
  src(i: number): number {
    return this.bytes[i * 8 + 1]! >> 4;
  }

  /** Signed 16-bit offset of slot `i`. */
  off(i: number): number {
    return i16At(this.bytes, i * 8 + 2);
  }

  /** Signed 32-bit immediate of slot `i`. */
  imm(i: number): number {
    return i32At(this.bytes, i * 8 + 4);
  }

  /** Access size in bytes of slot `i` (as `Insn.size`). */
  size(i: number): number {
    return accessSize(this.bytes[i * 8]!);
  }

  /** Number of instructions (slots that start one). */
  count(): number {
    let k = 0;
    for (let i = 0; i < this.length; i++) k += this.starts[i]!;
    return k;
  }

  /** One entry per slot, as `at` gives it. */
  *[Symbol.iterator](): IterableIterator<Insn | undefined> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  /** One entry per slot, as `at` gives it. */
  toArray(): (Insn | undefined)[] {
    return Array.from({ length: this.length }, (_, i) => this.at(i));
  }
}
