/**
 * Test-only instruction builders: `prog(...slots)` turns encoded slots into a DecodedProgram
 * without the decoder's checks (src/bpf/decode.ts), so tests can build programs it rejects.
 */
import { encodeProgram } from '../../src/bpf/encode.js';
import { InsnList, type DecodedProgram } from '../../src/bpf/insn.js';

/** One encoded 8-byte slot. */
export interface Slot { code: number; dst: number; src: number; off: number; imm: number }

const s = (code: number, dst = 0, src = 0, off = 0, imm = 0): Slot => ({ code, dst, src, off, imm });

/** Encoders for the instructions tests need (one or two slots each). */
export const I = {
  movImm: (dst: number, imm: number): Slot[] => [s(0xb7, dst, 0, 0, imm)],
  mov32Imm: (dst: number, imm: number): Slot[] => [s(0xb4, dst, 0, 0, imm)],
  movReg: (dst: number, src: number): Slot[] => [s(0xbf, dst, src)],
  addImm: (dst: number, imm: number): Slot[] => [s(0x07, dst, 0, 0, imm)],
  andImm: (dst: number, imm: number): Slot[] => [s(0x57, dst, 0, 0, imm)],
  addReg: (dst: number, src: number): Slot[] => [s(0x0f, dst, src)],
  ja: (off: number): Slot[] => [s(0x05, 0, 0, off)],
  gotol: (imm: number): Slot[] => [s(0x06, 0, 0, 0, imm)],
  jeqImm: (dst: number, imm: number, off: number): Slot[] => [s(0x15, dst, 0, off, imm)],
  jneReg: (dst: number, src: number, off: number): Slot[] => [s(0x5d, dst, src, off)],
  mayGoto: (off: number): Slot[] => [s(0xe5, 0, 0, off)],
  call: (id: number): Slot[] => [s(0x85, 0, 0, 0, id)],
  callPseudo: (imm: number): Slot[] => [s(0x85, 0, 1, 0, imm)],
  kfunc: (id: number): Slot[] => [s(0x85, 0, 2, 0, id)],
  exit: (): Slot[] => [s(0x95)],
  ldImm64: (dst: number, lo: number, hi = 0, src = 0): Slot[] => [s(0x18, dst, src, 0, lo), s(0, 0, 0, 0, hi)],
  ldMap: (dst: number, mapIdx: number): Slot[] => [s(0x18, dst, 1, 0, mapIdx), s(0, 0, 0, 0, 0)],
  ldMapValue: (dst: number, mapIdx: number, valOff: number): Slot[] => [s(0x18, dst, 2, 0, mapIdx), s(0, 0, 0, 0, valOff)],
  ldFunc: (dst: number, imm: number): Slot[] => [s(0x18, dst, 4, 0, imm), s(0, 0, 0, 0, 0)],
  ldxDw: (dst: number, src: number, off: number): Slot[] => [s(0x79, dst, src, off)],
  ldxW: (dst: number, src: number, off: number): Slot[] => [s(0x61, dst, src, off)],
  stxDw: (dst: number, src: number, off: number): Slot[] => [s(0x7b, dst, src, off)],
  stDw: (dst: number, off: number, imm: number): Slot[] => [s(0x7a, dst, 0, off, imm)],
  stW: (dst: number, off: number, imm: number): Slot[] => [s(0x62, dst, 0, off, imm)],
  ldAbsH: (imm: number): Slot[] => [s(0x28, 0, 0, 0, imm)],
  atomicAddDw: (dst: number, src: number, off: number): Slot[] => [s(0xdb, dst, src, off, 0x00)],
  atomicFetchAddDw: (dst: number, src: number, off: number): Slot[] => [s(0xdb, dst, src, off, 0x01)],
  cmpxchgDw: (dst: number, src: number, off: number): Slot[] => [s(0xdb, dst, src, off, 0xf1)],
  raw: (code: number, dst = 0, src = 0, off = 0, imm = 0): Slot[] => [s(code, dst, src, off, imm)],
};

/** Decodes slots into a DecodedProgram (no validation). */
export function decodeSlots(slots: readonly Slot[]): DecodedProgram {
  const insns = InsnList.fromBytes(encodeProgram(slots.map((x) => ({ code: x.code, dst: x.dst, src: x.src, off: x.off, imm: x.imm }))));
  return { insns, length: insns.length };
}

/** Builds a DecodedProgram from encoder results. */
export function prog(...parts: Slot[][]): DecodedProgram {
  return decodeSlots(parts.flat());
}

/** Raw little-endian instruction bytes (8 per slot) as a DecodedProgram. */
export function decodeBytes(bytes: Uint8Array): DecodedProgram {
  const insns = InsnList.fromBytes(bytes);
  return { insns, length: insns.length };
}

/** A minimal CfgInput for tests. */
export const input = (subprogStarts: number[] = [0]) => ({
  object: 't.o',
  section: 'xdp',
  name: 'f',
  subprogs: subprogStarts.map(start => ({ start, name: start === 0 ? 'f' : `g${start}`, global: start === 0, section: 'xdp' })),
});
