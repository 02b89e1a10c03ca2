/**
 * `loadObject`: bytes of a BPF ELF object -> `ObjectFile` (programs laid out as the kernel
 * oracle loaded them, maps, relocations, subprograms, source lines). Pure on bytes.
 *
 *     parseElf -> parseBtf/parseBtfExt (optional; damage there is a warning, as libbpf ignores
 *     bad BTF) -> collectMaps -> mode (libbpf | legacy, layout.ts) -> layout each program
 *     -> subprogram starts (kernel rule: 0 and every bpf-to-bpf call / function-pointer
 *     target) named by ELF symbols or BTF func_info -> line_info moved to final indices.
 *
 * Malformed input never throws out of here: ElfFormatError becomes `Left([diagnostic])`.
 * `LoadedProgram.maps` is the object's whole map list (relocated `imm` values index it).
 */
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { bpfError, type Diagnostic } from '../base/diagnostic.js';
import { ElfCode, ElfFormatError } from './elf-bytes.js';
import { type ElfFile, type ElfSymbol, SHN_UNDEF, STB_LOCAL, STT_FUNC, STV_HIDDEN, STV_INTERNAL, parseElf, sectionBytes, sectionWindow } from './elf.js';
import { type Btf, BTF_FUNC_GLOBAL, BtfKind, funcLinkage, parseBtf } from './btf.js';
import { type BtfExt, parseBtfExt } from './btf-ext.js';
import { collectMaps, isLegacyMapSection, type MapTable } from './maps.js';
import { type CodeReloc, INSN_SIZE, OP_LD_IMM64, classifyRelocs, immAt, isPseudoCall, isPseudoFunc, opcodeAt, setFieldOffset } from './reloc.js';
import { coreFieldOffset } from './btf-core.js';
import { type Layout, globalizeSymbols, layoutLegacy, layoutLibbpf, legacyPrograms, libbpfPieces, type Piece } from './layout.js';
import { programTypeFor } from './progtype.js';
import type { AppliedReloc, LineInfo, LoadedProgram, ObjectFile, SectionInfo, SubprogInfo } from './object.js';
import { SHF_EXECINSTR } from './elf.js';

/** Options of `loadObject`. */
export interface LoadOptions {
  /** Force this libbpf program type name for every program (e.g. `sched_cls`). */
  readonly programType?: string;
}

interface Ctx {
  readonly elf: ElfFile;
  readonly btf: Btf | undefined;
  readonly ext: BtfExt | undefined;
  readonly maps: MapTable;
  readonly warnings: Diagnostic[];
  /** First STT_FUNC symbol at "section:byte offset". */
  readonly funcAt: ReadonlyMap<string, ElfSymbol>;
  relocsOf(shndx: number): ReadonlyMap<number, CodeReloc>;
}

function optionalBtf(elf: ElfFile, warnings: Diagnostic[]): { btf: Btf | undefined; ext: BtfExt | undefined } {
  const sec = elf.sections.find((s) => s.name === '.BTF');
  if (sec === undefined) return { btf: undefined, ext: undefined };
  let btf: Btf | undefined;
  try {
    btf = parseBtf(sectionWindow(elf, sec, ElfCode.btf));
  } catch (e) {
    if (!(e instanceof ElfFormatError)) throw e;
    warnings.push({ ...e.diagnostic, severity: 'warning', message: `${e.diagnostic.message} (BTF ignored)` });
    return { btf: undefined, ext: undefined };
  }
  const extSec = elf.sections.find((s) => s.name === '.BTF.ext');
  if (extSec === undefined) return { btf, ext: undefined };
  try {
    return { btf, ext: parseBtfExt(sectionWindow(elf, extSec, ElfCode.btf), btf) };
  } catch (e) {
    if (!(e instanceof ElfFormatError)) throw e;
    warnings.push({ ...e.diagnostic, severity: 'warning', message: `${e.diagnostic.message} (.BTF.ext ignored)` });
    return { btf, ext: undefined };
  }
}

/**
 * Names of extern symbols libbpf can resolve: those in a `.ksyms`/`.kconfig` DATASEC (an extern
 * FUNC outside any DATASEC makes libbpf fail with "failed to find BTF for extern").
 */
function btfExterns(btf: Btf | undefined): Set<string> {
  const out = new Set<string>();
  for (const t of btf?.types ?? []) {
    if (t === undefined) continue;
    if (t.kind === BtfKind.datasec && (t.name === '.ksyms' || t.name === '.kconfig')) for (const m of t.members) out.add(btf!.types[m.type]?.name ?? '');
  }
  return out;
}

/** Why libbpf 1.1 would refuse to open the object (so the oracle used its legacy loader). */
function libbpfRefusal(c: Ctx, pieces: readonly Piece[], textShndx: number | undefined): string | undefined {
  const { elf } = c;
  if (elf.sections.some((s) => s.name === 'maps')) return "legacy map definitions in 'maps' section are not supported by libbpf v1.0+";
  const externs = btfExterns(c.btf);
  for (const [shndx, rels] of elf.relocs) {
    const target = elf.sections[shndx]!;
    for (const r of rels) {
      const sym = elf.symbols[r.symbol]!;
      const symSec = elf.sections[sym.shndx];
      if ((target.flags & SHF_EXECINSTR) !== 0) {
        if (sym.shndx === SHN_UNDEF && !externs.has(sym.name)) return `failed to find BTF for extern '${sym.name}'`;
        if (symSec !== undefined && isLegacyMapSection(symSec.name)) return `bad map relo against '${sym.name}' in section '${symSec.name}'`;
      } else if (target.name === '.maps' && symSec?.name !== '.maps' && (symSec === undefined || sym.shndx === textShndx || !pieces.some((p) => p.shndx === sym.shndx && p.start * INSN_SIZE === sym.value))) {
        // map-in-map slots may name other maps; prog-array slots must name entry programs
        return `.maps relo: '${sym.name}' isn't a valid program reference`;
      }
    }
  }
  return undefined;
}

/** Kernel-style subprogram starts: 0 and every pseudo-call / pseudo-func target. */
function subprogStarts(bytes: Uint8Array, warnings: string[]): number[] {
  const n = bytes.length / INSN_SIZE;
  const starts = new Set<number>([0]);
  for (let i = 0; i < n; i++) {
    if (isPseudoCall(bytes, i) || (i + 1 < n && isPseudoFunc(bytes, i))) {
      const t = i + immAt(bytes, i) + 1;
      if (t >= 0 && t < n) starts.add(t);
      else warnings.push(`insn ${i}: call target ${t} is outside the program`);
    }
    if (opcodeAt(bytes, i) === OP_LD_IMM64) i++;
  }
  return [...starts].sort((a, b) => a - b);
}

function describeSubprogs(c: Ctx, lay: Layout, starts: readonly number[]): SubprogInfo[] {
  return starts.map((s) => {
    const pl = lay.placed.find((p) => p.at <= s && s < p.at + p.piece.count);
    if (pl === undefined) return { start: s, name: `sub_${s}`, global: false, section: lay.section };
    const secInsn = pl.piece.start + (s - pl.at);
    const sym = c.funcAt.get(`${pl.piece.shndx}:${secInsn * INSN_SIZE}`);
    const fi = c.ext?.funcs.get(pl.piece.section)?.find((f) => f.insn === secInsn);
    const bf = fi !== undefined && c.btf !== undefined ? funcLinkage(c.btf, fi.typeId) : undefined;
    const hidden = sym !== undefined && (sym.visibility === STV_HIDDEN || sym.visibility === STV_INTERNAL);
    const name = sym?.name ?? bf?.name ?? (s === 0 ? lay.name : `sub_${s}`);
    const global = bf !== undefined ? bf.linkage === BTF_FUNC_GLOBAL && !hidden : sym !== undefined && sym.bind !== STB_LOCAL && !hidden;
    return { start: s, name, global, section: pl.piece.section };
  });
}

function lineInfo(c: Ctx, lay: Layout): LineInfo[] {
  const out: LineInfo[] = [];
  for (const pl of lay.placed) {
    for (const l of c.ext?.lines.get(pl.piece.section) ?? []) {
      if (l.insn >= pl.piece.start && l.insn < pl.piece.start + pl.piece.count) out.push({ ...l, insn: pl.at + l.insn - pl.piece.start });
    }
  }
  return out.sort((a, b) => a.insn - b.insn);
}

/**
 * CO-RE relocations at final indices. `field_byte_offset` against a UAPI context structure is
 * applied (btf-core.ts); the others are listed only (no kernel BTF offline).
 */
function coreRelocs(c: Ctx, lay: Layout): AppliedReloc[] {
  const out: AppliedReloc[] = [];
  for (const pl of lay.placed) {
    for (const r of c.ext?.core.get(pl.piece.section) ?? []) {
      if (r.insn < pl.piece.start || r.insn >= pl.piece.start + pl.piece.count || !Number.isInteger(r.insn)) continue;
      const i = pl.at + r.insn - pl.piece.start;
      const ty = c.btf?.types[r.typeId];
      const off = r.kind === 'field_byte_offset' && c.btf !== undefined ? coreFieldOffset(c.btf, r.typeId, r.access) : undefined;
      const applied = off !== undefined && setFieldOffset(lay.bytes, i, off);
      out.push({ insn: i, kind: 'core', symbol: `${r.kind} ${ty?.name || `type#${r.typeId}`} ${r.access}${applied ? ` = ${off} (uapi)` : ' (not applied)'}` });
    }
  }
  return out;
}

function toProgram(c: Ctx, lay: Layout, options: LoadOptions, backend: 'libbpf' | 'legacy'): LoadedProgram {
  const notes = [...lay.warnings];
  const core = coreRelocs(c, lay);
  const starts = subprogStarts(lay.bytes, notes);
  const n = lay.bytes.length / INSN_SIZE;
  if (n > 0 && opcodeAt(lay.bytes, n - 1) === OP_LD_IMM64 && (n < 2 || opcodeAt(lay.bytes, n - 2) !== OP_LD_IMM64)) notes.push(`insn ${n - 1}: ld_imm64 is truncated (no second slot)`);
  for (const m of notes) c.warnings.push({ ...bpfError(ElfCode.warning, m, { object: c.elf.object, section: lay.section, program: lay.name }), severity: 'warning' });
  const { type, source } = programTypeFor(c.elf.object, lay.section, options.programType);
  return {
    object: c.elf.object, section: lay.section, name: lay.name, type, typeSource: source, backend,
    bytes: lay.bytes, subprogs: describeSubprogs(c, lay, starts), maps: c.maps.maps,
    relocs: [...lay.relocs, ...core].sort((a, b) => a.insn - b.insn), lines: lineInfo(c, lay),
  };
}

function programs(c: Ctx, options: LoadOptions): { backend: 'libbpf' | 'legacy'; programs: LoadedProgram[] } {
  const { elf } = c;
  const textShndx = elf.sections.find((s) => s.name === '.text' && (s.flags & SHF_EXECINSTR) !== 0)?.index;
  const pieces = libbpfPieces(elf, globalizeSymbols(elf));
  let refusal = typeof pieces === 'string' ? pieces : libbpfRefusal(c, pieces, textShndx);
  if (refusal === undefined && typeof pieces !== 'string') {
    const mains = pieces.filter((p) => !(p.shndx === textShndx && pieces.length > 1));
    if (mains.length > 0) {
      const out: LoadedProgram[] = [];
      for (const m of mains) {
        const lay = layoutLibbpf(elf, m, pieces, textShndx, (i) => c.relocsOf(i));
        if (typeof lay === 'string') throw new ElfFormatError(bpfError(ElfCode.program, lay, { object: elf.object, section: m.section, program: m.name }));
        out.push(toProgram(c, lay, options, 'libbpf'));
      }
      return { backend: 'libbpf', programs: out };
    }
    refusal = 'no programs found';
  }
  const legacy = legacyPrograms(elf);
  if (legacy.length === 0) throw new ElfFormatError(bpfError(ElfCode.program, `no programs found (${refusal})`, { object: elf.object }));
  if (!elf.sections.some((s) => isLegacyMapSection(s.name))) {
    c.warnings.push({ ...bpfError(ElfCode.warning, `libbpf 1.1 would refuse this object (${refusal}); laid out like the oracle's legacy loader`, { object: elf.object }), severity: 'warning' });
  }
  return { backend: 'legacy', programs: legacy.map((p) => toProgram(c, layoutLegacy(elf, p.shndx, p.name, textShndx, (i) => c.relocsOf(i)), options, 'legacy')) };
}

/**
 * Loads a BPF ELF object from its bytes.
 *
 * @example
 * const r = loadObject('xdp.o', fs.readFileSync('xdp.o'));
 * if (E.isRight(r)) console.log(r.right.programs.map((p) => `${p.section}/${p.name}`));
 */
export function loadObject(path: string, bytes: Uint8Array, options: LoadOptions = {}): E.Either<Diagnostic[], ObjectFile> {
  try {
    const elf = parseElf(path, bytes);
    const warnings: Diagnostic[] = [];
    const { btf, ext } = optionalBtf(elf, warnings);
    const maps = collectMaps(elf, btf);
    const cache = new Map<number, ReadonlyMap<number, CodeReloc>>();
    const funcAt = new Map<string, ElfSymbol>();
    for (const y of elf.symbols) if (y.type === STT_FUNC && !funcAt.has(`${y.shndx}:${y.value}`)) funcAt.set(`${y.shndx}:${y.value}`, y);
    const c: Ctx = {
      elf, btf, ext, maps, warnings, funcAt,
      relocsOf(shndx) {
        let r = cache.get(shndx);
        if (r === undefined) cache.set(shndx, (r = classifyRelocs(elf, shndx, sectionBytes(elf, elf.sections[shndx]!), maps)));
        return r;
      },
    };
    const { backend, programs: progs } = programs(c, options);
    const sections: SectionInfo[] = elf.sections.filter((s) => s.index !== 0).map((s) => ({ index: s.index, name: s.name, type: s.type, size: s.size, executable: (s.flags & SHF_EXECINSTR) !== 0 }));
    const lic = elf.sections.find((s) => s.name === 'license');
    const license = lic === undefined ? undefined : new TextDecoder().decode(sectionBytes(elf, lic)).replace(/\0[\s\S]*$/, '');
    return E.right({ path, sections, programs: progs, maps: maps.maps, backend, warnings, ...(license !== undefined ? { license } : {}) });
  } catch (e) {
    if (e instanceof ElfFormatError) return E.left([e.diagnostic]);
    throw e;
  }
}

/**
 * Reads and loads an object file (file-system errors become an `E800` diagnostic).
 *
 * @example
 * loadObjectFile('build/bpf2bpf.o') // right(ObjectFile) or left([diagnostic])
 */
export function loadObjectFile(path: string, options: LoadOptions = {}): E.Either<Diagnostic[], ObjectFile> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    return E.left([bpfError(ElfCode.io, `cannot read: ${(e as Error).message}`, { object: path })]);
  }
  return loadObject(path, bytes, options);
}
