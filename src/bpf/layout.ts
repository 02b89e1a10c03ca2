/**
 * Program layout: which programs an object holds and which instructions each one is loaded
 * with, reproducing the kernel oracle (shared/tools/kernel-oracle/loader.c), i.e. libbpf 1.1
 * for objects it opens and the oracle's own legacy loader otherwise. Consumer: load.ts.
 *
 * libbpf mode (no legacy `maps` section, no unresolvable extern, ...):
 *   0. Like the oracle, first make static functions (and untyped globals of old compilers) of
 *      non-`.text` code sections global functions; an untyped symbol of size 0 extends to the
 *      next global symbol of its section (or the section end).
 *   1. Every STT_FUNC symbol of a non-empty executable section is a function [value, value+size),
 *      ordered by (section index, offset). Functions in `.text` are subprograms when there is
 *      more than one function in the object; all others are programs.
 *   2. For a program P (code = P's bytes), scan its instructions in order; at each bpf-to-bpf
 *      call or `ld_imm64` of a function, the target slot is
 *          call with relocation:      sym/8 + imm + 1
 *          func ptr with relocation:  (sym + imm)/8
 *          call without relocation:   (position in the section) + imm + 1
 *      and the `.text` function F containing it is appended to P (if not yet there) and then
 *      scanned the same way, depth first, before P's scan continues. The instruction's imm
 *      becomes start(F) - (its index) - 1.
 *
 * legacy mode (the oracle's loader): every non-empty executable section except `.text` is one
 * program (or `.text` alone if there is no other); if any relocation of the section refers to a
 * `.text` symbol, the whole `.text` is appended; call imm := (|P| + sym/8 + imm + 1) - i - 1
 * (or sym/8 + imm + 1 - i - 1 for a call into the program's own section).
 *
 * In both modes map and data relocations are applied afterwards (reloc.ts).
 */
import { ElfCode, fail } from './elf-bytes.js';
import {
  type ElfFile, type ElfSection, type ElfSymbol, SHF_EXECINSTR, SHN_LORESERVE, SHN_UNDEF, SHT_PROGBITS, STB_GLOBAL, STB_LOCAL,
  STT_FUNC, STT_NOTYPE, STV_HIDDEN, STV_INTERNAL, sectionBytes,
} from './elf.js';
import { type CodeReloc, INSN_SIZE, immAt, isPseudoCall, isPseudoFunc, patchData, setImm } from './reloc.js';
import type { AppliedReloc } from './object.js';

/** A function of a code section: slots [start, start+count) of section `shndx`. */
export interface Piece {
  readonly shndx: number;
  readonly section: string;
  readonly name: string;
  readonly start: number;
  readonly count: number;
  /** ELF view of linkage (global/weak and not hidden). */
  readonly global: boolean;
}

/** A piece placed in a laid-out program at slot `at`. */
export interface Placed {
  readonly piece: Piece;
  readonly at: number;
}

/** One laid-out program before BTF/line info is attached. */
export interface Layout {
  readonly section: string;
  readonly shndx: number;
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly placed: readonly Placed[];
  readonly relocs: readonly AppliedReloc[];
  readonly warnings: readonly string[];
}

/** Relocations of a section by slot, computed lazily by the caller. */
export type RelocLookup = (shndx: number) => ReadonlyMap<number, CodeReloc>;

const isCode = (s: ElfSection | undefined): s is ElfSection => s !== undefined && s.type === SHT_PROGBITS && (s.flags & SHF_EXECINSTR) !== 0 && s.size > 0;

/**
 * Step 0: the oracle's symbol normalization (see the file comment).
 *
 * @example
 * globalizeSymbols(elf).filter((s) => s.type === STT_FUNC)
 */
export function globalizeSymbols(elf: ElfFile): ElfSymbol[] {
  const syms = elf.symbols.map((s) => ({ ...s }));
  for (const s of syms) {
    const sec = elf.sections[s.shndx];
    const staticFunc = s.type === STT_FUNC && s.bind === STB_LOCAL;
    const untypedGlobal = s.type === STT_NOTYPE && s.bind === STB_GLOBAL;
    if (!(staticFunc || untypedGlobal) || s.shndx === SHN_UNDEF || s.shndx >= SHN_LORESERVE || sec === undefined || (sec.flags & SHF_EXECINSTR) === 0 || sec.name === '.text') continue;
    if (s.type === STT_NOTYPE && s.size === 0) {
      let end = sec.size;
      for (const q of syms) {
        if (q.shndx === s.shndx && q.value > s.value && q.value < end && q.bind === STB_GLOBAL && (q.type === STT_FUNC || q.type === STT_NOTYPE)) end = q.value;
      }
      s.size = end - s.value;
    }
    s.bind = STB_GLOBAL;
    s.type = STT_FUNC;
  }
  return syms;
}

/**
 * Step 1: functions of code sections, or the reason libbpf would refuse them.
 *
 * @example
 * libbpfPieces(elf, globalizeSymbols(elf)) // calls.o: [add_global, add_static, loop_cb (.text), xdp_main, tc_first, tc_second]
 */
export function libbpfPieces(elf: ElfFile, syms: readonly ElfSymbol[]): Piece[] | string {
  const pieces: Piece[] = [];
  for (const s of syms) {
    const sec = elf.sections[s.shndx];
    if (s.type !== STT_FUNC || s.shndx >= SHN_LORESERVE || !isCode(sec)) continue;
    if (s.size < 0 || s.value + s.size > sec.size) return `sec '${sec.name}': program '${s.name}' at offset ${s.value} crosses section boundary`;
    if (s.value % INSN_SIZE !== 0 || s.size % INSN_SIZE !== 0) return `sec '${sec.name}': program '${s.name}' is not instruction-aligned`;
    const global = s.bind !== STB_LOCAL && s.visibility !== STV_HIDDEN && s.visibility !== STV_INTERNAL;
    pieces.push({ shndx: s.shndx, section: sec.name, name: s.name, start: s.value / INSN_SIZE, count: s.size / INSN_SIZE, global });
  }
  pieces.sort((a, b) => a.shndx - b.shndx || a.start - b.start);
  return pieces;
}

function appliedCall(kind: 'call' | 'func_ptr', at: number, symbol: string, target: number): AppliedReloc {
  return { insn: at, kind, symbol, target };
}

/**
 * Step 2: lays out one libbpf program. Returns a string when libbpf would fail.
 *
 * @example
 * layoutLibbpf(elf, pieces[1]!, pieces, textShndx, relocsOf) // Layout with .text callees appended
 */
export function layoutLibbpf(elf: ElfFile, main: Piece, pieces: readonly Piece[], textShndx: number | undefined, relocsOf: RelocLookup): Layout | string {
  const chunks: Uint8Array[] = [];
  let length = 0;
  const placed: Placed[] = [];
  const where = new Map<Piece, number>();
  const relocs: AppliedReloc[] = [];
  const warnings: string[] = [];
  const sectionCode = new Map<number, Uint8Array>();
  const codeOf = (p: Piece): Uint8Array => {
    let c = sectionCode.get(p.shndx);
    if (c === undefined) sectionCode.set(p.shndx, (c = sectionBytes(elf, elf.sections[p.shndx]!)));
    return c.slice(p.start * INSN_SIZE, (p.start + p.count) * INSN_SIZE);
  };
  const place = (p: Piece): number => {
    const at = length;
    where.set(p, at);
    placed.push({ piece: p, at });
    chunks.push(codeOf(p));
    length += p.count;
    return at;
  };
  const scan = (p: Piece): string | undefined => {
    const code = chunks[placed.findIndex((x) => x.piece === p)]!;
    const rel = relocsOf(p.shndx);
    const base = where.get(p)!;
    for (let k = 0; k < p.count; k++) {
      const r = rel.get(p.start + k);
      if (r !== undefined && r.kind !== 'call' && r.kind !== 'func_ptr') {
        if (r.kind === 'bad') return r.message;
        relocs.push({ insn: base + k, kind: r.kind, symbol: r.symbol, ...(r.kind === 'map' || r.kind === 'map_value' ? { target: r.map } : {}) });
        patchData(code, k, r);
        if (r.kind === 'kfunc') warnings.push(`call to extern function '${r.symbol}' at insn ${base + k}: kfunc BTF id unknown offline`);
        continue;
      }
      if (r?.kind === 'func_ptr') patchData(code, k, r);
      const call = isPseudoCall(code, k);
      if (!call && !isPseudoFunc(code, k)) {
        if (r !== undefined) return `unexpected relocation for insn #${p.start + k} of '${p.name}'`;
        continue;
      }
      let target: number;
      if (r !== undefined) target = call ? r.symValue / INSN_SIZE + immAt(code, k) + 1 : (r.symValue + immAt(code, k)) / INSN_SIZE;
      else if (!call) return `prog '${p.name}': missing subprog addr relo for insn #${k}`;
      else target = p.start + k + immAt(code, k) + 1;
      const sub = pieces.find((q) => q.shndx === textShndx && q.start <= target && target < q.start + q.count);
      if (sub === undefined) return `prog '${p.name}': no .text function at instruction ${target} for the call at insn #${k}`;
      let at = where.get(sub);
      if (at === undefined) {
        at = place(sub);
        const err = scan(sub);
        if (err !== undefined) return err;
      }
      setImm(code, k, at - (base + k) - 1);
      relocs.push(appliedCall(call ? 'call' : 'func_ptr', base + k, sub.name, at));
    }
    return undefined;
  };
  place(main);
  const err = scan(main);
  if (err !== undefined) return err;
  const bytes = new Uint8Array(length * INSN_SIZE);
  let off = 0;
  for (const c of chunks) {
    bytes.set(c, off);
    off += c.length;
  }
  relocs.sort((a, b) => a.insn - b.insn);
  return { section: main.section, shndx: main.shndx, name: main.name, bytes, placed, relocs, warnings };
}

/**
 * Legacy mode: program sections, and the oracle's program name for each.
 *
 * @example
 * legacyPrograms(elf) // [{ shndx: 3, name: 'count_packets' }]
 */
export function legacyPrograms(elf: ElfFile): { shndx: number; name: string }[] {
  const code = elf.sections.filter(isCode);
  const progs = code.filter((s) => s.name !== '.text');
  const chosen = progs.length > 0 ? progs : code.filter((s) => s.name === '.text').slice(0, 1);
  return chosen.map((s) => {
    const at0 = elf.symbols.filter((y) => y.shndx === s.index && y.value === 0);
    const sym = at0.find((y) => y.type === STT_FUNC) ?? at0.find((y) => y.bind === STB_GLOBAL);
    return { shndx: s.index, name: sym?.name ?? s.name };
  });
}

/**
 * Legacy mode: lays out one program section (whole `.text` appended if referenced).
 *
 * @example
 * layoutLegacy(elf, 3, 'count_packets', 2, relocsOf).bytes.length / 8 // section + whole .text
 */
export function layoutLegacy(elf: ElfFile, shndx: number, name: string, textShndx: number | undefined, relocsOf: RelocLookup): Layout {
  const sec = elf.sections[shndx]!;
  const own = sectionBytes(elf, sec);
  const ownCount = Math.floor(own.length / INSN_SIZE);
  const rel = relocsOf(shndx);
  const text = textShndx !== undefined && textShndx !== shndx ? elf.sections[textShndx] : undefined;
  const needsText = text !== undefined && (elf.relocs.get(shndx) ?? []).some((r) => elf.symbols[r.symbol]!.shndx === textShndx);
  const textCount = needsText ? Math.floor(text.size / INSN_SIZE) : 0;
  const bytes = new Uint8Array((ownCount + textCount) * INSN_SIZE);
  bytes.set(own.subarray(0, ownCount * INSN_SIZE));
  const placed: Placed[] = [{ piece: { shndx, section: sec.name, name, start: 0, count: ownCount, global: true }, at: 0 }];
  if (needsText) {
    bytes.set(sectionBytes(elf, text).subarray(0, textCount * INSN_SIZE), ownCount * INSN_SIZE);
    placed.push({ piece: { shndx: textShndx!, section: '.text', name: '.text', start: 0, count: textCount, global: false }, at: ownCount });
  }
  const relocs: AppliedReloc[] = [];
  const warnings: string[] = [];
  for (const pl of placed) {
    const rs = pl.piece.shndx === shndx ? rel : relocsOf(pl.piece.shndx);
    const view = bytes.subarray(pl.at * INSN_SIZE);
    for (const r of rs.values()) {
      const i = pl.at + r.insn;
      if (r.kind === 'bad') fail(ElfCode.reloc, r.message, { object: elf.object, section: pl.piece.section, program: name, insn: i, byteOffset: r.fileOffset });
      if (r.kind === 'call' || r.kind === 'func_ptr') {
        // Targets: the appended .text, or (an extension over the oracle's loader, which refuses
        // it) the program's own section, e.g. a `.text`-only object calling its own functions.
        const base = r.shndx === shndx ? 0 : r.shndx === textShndx && needsText ? ownCount : undefined;
        if (base === undefined) fail(ElfCode.reloc, `call into '${elf.sections[r.shndx]?.name}' cannot be resolved (only .text is appended)`, { object: elf.object, section: pl.piece.section, program: name, insn: i });
        const target = base + (r.kind === 'call' ? r.symValue / INSN_SIZE + immAt(view, r.insn) + 1 : (r.symValue + immAt(view, r.insn)) / INSN_SIZE);
        patchData(view, r.insn, r);
        setImm(view, r.insn, target - i - 1);
        relocs.push(appliedCall(r.kind, i, r.symbol, target));
        continue;
      }
      patchData(view, r.insn, r);
      if (r.kind === 'kfunc') warnings.push(`call to extern function '${r.symbol}' at insn ${i}: kfunc BTF id unknown offline`);
      relocs.push({ insn: i, kind: r.kind, symbol: r.symbol, ...(r.kind === 'map' || r.kind === 'map_value' ? { target: r.map } : {}) });
    }
  }
  relocs.sort((a, b) => a.insn - b.insn);
  return { section: sec.name, shndx, name, bytes, placed, relocs, warnings };
}

