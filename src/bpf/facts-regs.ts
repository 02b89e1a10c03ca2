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

/** Register sets as bitmasks (bit j = rj). */
export interface UseDef {
  readonly use: number;
  readonly def: number;
}

const bit = (r: number): number => (r < 10 ? 1 << r : 0);
const upTo = (n: number): number => (n <= 0 ? 0 : ((1 << (n + 1)) - 1) & ~1);

/**
 * Use/def of one instruction. `numParams` is the call summary for calls (5 if none).
 *
 * @example
 * regUseDef(callInsn, 2) // { use: 0b110, def: 0b111111 }
 */
export function regUseDef(insn: Insn, numParams = 5): UseDef {
  const cls = insn.code & 7;
  const isReg = (insn.code & 0x08) !== 0;
  const mode = insn.code & 0xe0;
  const op = insn.code & 0xf0;
  if (insn.wide) return { use: 0, def: bit(insn.dst) };
  switch (cls) {
    case 0: // LD_ABS / LD_IND
      return { use: 0x3ff, def: 0 };
    case 1:
      return { use: bit(insn.src), def: bit(insn.dst) };
    case 2:
      return { use: bit(insn.dst), def: 0 };
    case 3:
      if (mode !== 0xc0) return { use: bit(insn.dst) | bit(insn.src), def: 0 };
      if (insn.imm === 0xf1) return { use: bit(0) | bit(insn.dst) | bit(insn.src), def: bit(0) };
      if (insn.imm === 0x100) return { use: bit(insn.src), def: bit(insn.dst) };
      if (insn.imm === 0x110) return { use: bit(insn.dst) | bit(insn.src), def: 0 };
      return { use: bit(insn.dst) | bit(insn.src), def: insn.imm & 0x01 ? bit(insn.src) : 0 };
    case 4:
    case 7:
      if (op === 0xb0) return { use: isReg ? bit(insn.src) : 0, def: bit(insn.dst) };
      if (op === 0xd0) return { use: bit(insn.dst), def: bit(insn.dst) };
      return { use: bit(insn.dst) | (isReg ? bit(insn.src) : 0), def: bit(insn.dst) };
    default: {
      // JMP / JMP32
      if (op === 0x00) return { use: cls === 5 && isReg ? bit(insn.dst) : 0, def: 0 };
      if (op === 0xe0) return { use: 0, def: 0 };
      if (op === 0x90) return { use: bit(0), def: 0 };
      if (op === 0x80) return { use: upTo(Math.min(5, numParams)), def: 0x3f };
      return { use: bit(insn.dst) | (isReg ? bit(insn.src) : 0), def: 0 };
    }
  }
}
