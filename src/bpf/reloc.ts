/**
 * Relocations of code sections: classification (what a relocation means for the instruction it
 * patches) and the byte-level patches. Consumer: layout.ts.
 *
 * Instruction slot (8 bytes, little-endian):
 *
 *     byte 0 opcode | byte 1 dst (bits 0-3) | src (bits 4-7) | bytes 2-3 off s16 | bytes 4-7 imm s32
 *
 * Relocation kinds (R_BPF_64_64 on `ld_imm64`, R_BPF_64_32 on calls; the ELF type is not
 * trusted, the instruction and the symbol's section decide, as libbpf does):
 *
 *     call (0x85, src 1) -> symbol in a code section      call      target = sym/8 + imm + 1
 *     ld_imm64 -> symbol in a code section                func_ptr  target = (sym + imm)/8, src := 4
 *     ld_imm64 -> symbol in `.maps` / `maps*`            map       src := 1, imm := map index
 *     ld_imm64 -> symbol in a data section                map_value src := 2, imm := map index,
 *                                                                    imm[1] := imm + sym (+ addend)
 *     call -> undefined symbol                            kfunc     src := 2 (BTF id unknown: imm 0)
 *     ld_imm64 -> undefined symbol                        extern    left as is (ksym/kconfig)
 */
import { ElfCode, fail } from './elf-bytes.js';
import { type ElfFile, type ElfReloc, type ElfSymbol, SHF_EXECINSTR, SHN_UNDEF, STT_SECTION } from './elf.js';
import { isDataSection, isLegacyMapSection, mapKey, type MapTable } from './maps.js';

export const INSN_SIZE = 8;
export const OP_LD_IMM64 = 0x18;
export const OP_CALL = 0x85;
export const BPF_PSEUDO_MAP_FD = 1;
export const BPF_PSEUDO_MAP_VALUE = 2;
export const BPF_PSEUDO_CALL = 1;
export const BPF_PSEUDO_KFUNC_CALL = 2;
export const BPF_PSEUDO_FUNC = 4;
const IMM = 4;
const REGS = 1;
const SRC_SHIFT = 4;
const DST_MASK = 0x0f;

/**
 * Opcode byte of slot i.
 *
 * @example
 * opcodeAt(bytes, 0) // 0xb7
 */
export const opcodeAt = (b: Uint8Array, i: number): number => b[i * INSN_SIZE]!;
/**
 * src_reg of slot i.
 *
 * @example
 * srcAt(loaded, 5) // 4 (BPF_PSEUDO_FUNC) for a relocated callback address
 */
export const srcAt = (b: Uint8Array, i: number): number => b[i * INSN_SIZE + REGS]! >> SRC_SHIFT;
/**
 * imm (s32, little-endian) of slot i.
 *
 * @example
 * immAt(bytes, 10) // -1 (call to a global function before relocation)
 */
export function immAt(b: Uint8Array, i: number): number {
  const p = i * INSN_SIZE + IMM;
  return b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
}
/**
 * Sets imm of slot i.
 *
 * @example
 * setImm(bytes, 10, 12) // call pc+12
 */
export function setImm(b: Uint8Array, i: number, v: number): void {
  const p = i * INSN_SIZE + IMM;
  b[p] = v & 0xff;
  b[p + 1] = (v >>> 8) & 0xff;
  b[p + 2] = (v >>> 16) & 0xff;
  b[p + 3] = (v >>> 24) & 0xff;
}
const OFF = 2;
const CLASS_MASK = 0x07;
const SOURCE_X = 0x08;
const CLASS_LDX = 1, CLASS_ST = 2, CLASS_STX = 3, CLASS_ALU = 4, CLASS_ALU64 = 7;
const S16_MIN = -0x8000, S16_MAX = 0x7fff;

/**
 * Sets the field a CO-RE byte offset lives in: `off` of a load/store, `imm` of an ALU op with
 * an immediate (`r1 += 8`). Returns false when the instruction has no such field or the value
 * does not fit.
 *
 * @example
 * setFieldOffset(bytes, 16, 68) // `r2 = *(u32 *)(r1 +36)` becomes `... (r1 +68)`
 */
export function setFieldOffset(b: Uint8Array, i: number, v: number): boolean {
  const code = opcodeAt(b, i);
  const cls = code & CLASS_MASK;
  if (cls === CLASS_LDX || cls === CLASS_ST || cls === CLASS_STX) {
    if (v < S16_MIN || v > S16_MAX) return false;
    const p = i * INSN_SIZE + OFF;
    b[p] = v & 0xff;
    b[p + 1] = (v >> 8) & 0xff;
    return true;
  }
  if ((cls === CLASS_ALU || cls === CLASS_ALU64) && (code & SOURCE_X) === 0) {
    setImm(b, i, v);
    return true;
  }
  return false;
}

/**
 * Sets src_reg of slot i.
 *
 * @example
 * setSrc(bytes, 3, BPF_PSEUDO_MAP_FD)
 */
export function setSrc(b: Uint8Array, i: number, src: number): void {
  const p = i * INSN_SIZE + REGS;
  b[p] = (b[p]! & DST_MASK) | (src << SRC_SHIFT);
}
/**
 * True for a bpf-to-bpf call (src_reg 1).
 *
 * @example
 * isPseudoCall(bytes, 10) // true for `call pc+N`
 */
export const isPseudoCall = (b: Uint8Array, i: number): boolean => opcodeAt(b, i) === OP_CALL && srcAt(b, i) === BPF_PSEUDO_CALL;
/**
 * True for `ld_imm64` of a function address (src_reg 4).
 *
 * @example
 * isPseudoFunc(loaded, 5) // true for a relocated `r2 = func[...]`
 */
export const isPseudoFunc = (b: Uint8Array, i: number): boolean => opcodeAt(b, i) === OP_LD_IMM64 && srcAt(b, i) === BPF_PSEUDO_FUNC;

/** What a code relocation means. `insn` is the slot index in its section. */
export type CodeReloc =
  | { readonly kind: 'call' | 'func_ptr'; readonly insn: number; readonly symbol: string; readonly shndx: number; readonly symValue: number }
  | { readonly kind: 'map'; readonly insn: number; readonly symbol: string; readonly map: number }
  | { readonly kind: 'map_value'; readonly insn: number; readonly symbol: string; readonly map: number; readonly offset: number }
  | { readonly kind: 'kfunc' | 'extern'; readonly insn: number; readonly symbol: string }
  | { readonly kind: 'bad'; readonly insn: number; readonly symbol: string; readonly message: string; readonly fileOffset: number };

function symName(elf: ElfFile, sym: ElfSymbol): string {
  return sym.type === STT_SECTION ? (elf.sections[sym.shndx]?.name ?? '') : sym.name;
}

/**
 * Classifies the relocations of one code section (by slot index). Structural problems
 * (offset outside the section, unaligned, wrong instruction) are thrown as diagnostics;
 * references the loader cannot resolve become `bad` entries, reported only if used.
 *
 * @example
 * classifyRelocs(elf, shndx, code, maps).get(4)?.kind // 'map' (data.o: counts)
 */
export function classifyRelocs(elf: ElfFile, shndx: number, code: Uint8Array, maps: MapTable): Map<number, CodeReloc> {
  const out = new Map<number, CodeReloc>();
  const sec = elf.sections[shndx]!;
  const nInsns = Math.floor(code.length / INSN_SIZE);
  for (const r of elf.relocs.get(shndx) ?? []) {
    const where = { object: elf.object, section: r.section, byteOffset: r.fileOffset };
    if (r.offset % INSN_SIZE !== 0 || r.offset / INSN_SIZE >= nInsns) {
      fail(ElfCode.reloc, `relocation offset 0x${r.offset.toString(16)} is not an instruction of '${sec.name}' (${nInsns} instructions)`, where);
    }
    const insn = r.offset / INSN_SIZE;
    const sym = elf.symbols[r.symbol]!;
    out.set(insn, classify(elf, r, sym, insn, code, nInsns, maps, { ...where, section: sec.name, insn }));
  }
  return out;
}

function classify(elf: ElfFile, r: ElfReloc, sym: ElfSymbol, insn: number, code: Uint8Array, nInsns: number, maps: MapTable, where: { object: string; section: string; insn: number; byteOffset: number }): CodeReloc {
  const op = opcodeAt(code, insn);
  const symbol = symName(elf, sym);
  const bad = (message: string): CodeReloc => ({ kind: 'bad', insn, symbol, message, fileOffset: r.fileOffset });
  if (op !== OP_LD_IMM64 && op !== OP_CALL) fail(ElfCode.reloc, `relocation against '${symbol}' on instruction with opcode 0x${op.toString(16)} (expected ld_imm64 or call)`, where);
  if (op === OP_LD_IMM64 && insn + 1 >= nInsns) fail(ElfCode.reloc, `relocation against '${symbol}' on a truncated ld_imm64 (last slot of the section)`, where);
  if (sym.shndx === SHN_UNDEF) return { kind: op === OP_CALL ? 'kfunc' : 'extern', insn, symbol };
  const target = elf.sections[sym.shndx];
  if (target === undefined) return bad(`relocation against '${symbol}' in reserved section ${sym.shndx}`);
  const value = sym.value + r.addend;
  if ((target.flags & SHF_EXECINSTR) !== 0) {
    if (op === OP_CALL && srcAt(code, insn) !== BPF_PSEUDO_CALL) fail(ElfCode.reloc, `call relocation against '${symbol}' but the call is not a bpf-to-bpf call (src_reg ${srcAt(code, insn)})`, where);
    if (value % INSN_SIZE !== 0) fail(ElfCode.reloc, `code relocation against '${symbol}' at unaligned offset ${value}`, where);
    return { kind: op === OP_CALL ? 'call' : 'func_ptr', insn, symbol, shndx: sym.shndx, symValue: value };
  }
  if (op !== OP_LD_IMM64) return bad(`call relocation against non-code symbol '${symbol}' in '${target.name}'`);
  if (target.name === '.maps' || isLegacyMapSection(target.name)) {
    const off = value + (sym.type === STT_SECTION ? immAt(code, insn) : 0);
    const key = mapKey(sym.shndx, off);
    const problem = maps.bad.get(key);
    if (problem !== undefined) return bad(problem);
    const map = maps.at.get(key);
    return map === undefined ? bad(`relocation to unknown map '${symbol}' (offset ${off} in '${target.name}')`) : { kind: 'map', insn, symbol, map };
  }
  if (isDataSection(target.name)) {
    const map = maps.data.get(sym.shndx);
    if (map === undefined) return bad(`relocation into empty data section '${target.name}'`);
    return { kind: 'map_value', insn, symbol, map, offset: immAt(code, insn) + value };
  }
  return bad(`unsupported relocation to '${symbol}' in section '${target.name}'`);
}

/**
 * Applies a map / map_value / kfunc relocation to slot i of `out` (calls are laid out elsewhere).
 *
 * @example
 * patchData(out, 4, { kind: 'map', insn: 4, symbol: 'counts', map: 0 }) // src_reg 1, imm 0
 */
export function patchData(out: Uint8Array, i: number, r: CodeReloc): void {
  if (r.kind === 'map') {
    setSrc(out, i, BPF_PSEUDO_MAP_FD);
    setImm(out, i, r.map);
  } else if (r.kind === 'map_value') {
    setSrc(out, i, BPF_PSEUDO_MAP_VALUE);
    setImm(out, i + 1, r.offset);
    setImm(out, i, r.map);
  } else if (r.kind === 'kfunc') {
    setSrc(out, i, BPF_PSEUDO_KFUNC_CALL);
    setImm(out, i, 0);
  } else if (r.kind === 'func_ptr') {
    setSrc(out, i, BPF_PSEUDO_FUNC);
  }
}
