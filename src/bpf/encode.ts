/**
 * Encoder: instruction fields -> raw 8-byte slots (the inverse of bpf/decode.ts's split).
 * Layout in bpf/opcode.ts. An instruction with `wide` set (ld_imm64) takes two slots; the
 * second slot is all zero except its imm, which is `hi`.
 */

/** The fields of one instruction to encode. */
export interface RawInsn {
  readonly code: number;
  readonly dst: number;
  readonly src: number;
  /** s16 */
  readonly off: number;
  /** s32 (u32 values are wrapped) */
  readonly imm: number;
  /** ld_imm64 only: true, and the second slot's imm (the high 32 bits). */
  readonly wide?: boolean;
  readonly hi?: number;
}

/**
 * Writes `i` at slot `idx` of `out` (two slots if wide).
 *
 * @example
 * encodeInto(new DataView(buf.buffer), { code: 0x95, dst: 0, src: 0, off: 0, imm: 0 }, 0)
 */
export function encodeInto(out: DataView, i: RawInsn, idx: number): void {
  const b = idx * 8;
  out.setUint8(b, i.code & 0xff);
  out.setUint8(b + 1, (i.dst & 0x0f) | ((i.src & 0x0f) << 4));
  out.setInt16(b + 2, i.off << 16 >> 16, true);
  out.setInt32(b + 4, i.imm | 0, true);
  if (i.wide) out.setInt32(b + 12, (i.hi ?? 0) | 0, true);
}

/**
 * Encodes a list of instructions into program bytes.
 *
 * @example
 * encodeProgram([{ code: 0xb7, dst: 0, src: 0, off: 0, imm: 0 }, { code: 0x95, dst: 0, src: 0, off: 0, imm: 0 }])
 * // Uint8Array(16) [0xb7, 0, 0, 0, 0, 0, 0, 0, 0x95, 0, ...]
 */
export function encodeProgram(insns: readonly RawInsn[]): Uint8Array {
  const slots = insns.reduce((n, i) => n + (i.wide ? 2 : 1), 0);
  const bytes = new Uint8Array(slots * 8);
  const dv = new DataView(bytes.buffer);
  let idx = 0;
  for (const i of insns) {
    encodeInto(dv, i, idx);
    idx += i.wide ? 2 : 1;
  }
  return bytes;
}
