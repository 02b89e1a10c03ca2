/**
 * ELF64 little-endian relocatable objects: header, section table, symbol table, relocations.
 * Pure on bytes; every field is bounds-checked (see elf-bytes.ts). Consumers: layout.ts,
 * maps.ts, reloc.ts, load.ts.
 *
 * ELF header (64 bytes):
 *
 *     0   e_ident[16]   7f 'E' 'L' 'F', [4] class (2 = 64-bit), [5] data (1 = little-endian)
 *     16  e_type  u16   (1 = ET_REL)         18  e_machine u16 (247 = EM_BPF; 0 tolerated)
 *     40  e_shoff u64   section header table  58  e_shentsize u16 (64)
 *     60  e_shnum u16   (0: real count in section 0's sh_size)
 *     62  e_shstrndx u16 (0xffff: real index in section 0's sh_link)
 *
 * Section header (64 bytes):
 *
 *     0 sh_name u32 | 4 sh_type u32 | 8 sh_flags u64 | 16 sh_addr u64 | 24 sh_offset u64
 *     32 sh_size u64 | 40 sh_link u32 | 44 sh_info u32 | 48 sh_addralign u64 | 56 sh_entsize u64
 *
 * Symbol (24 bytes):   0 st_name u32 | 4 st_info u8 (bind << 4 | type) | 5 st_other u8
 *                      (visibility in bits 0-1) | 6 st_shndx u16 | 8 st_value u64 | 16 st_size u64
 * Rel (16 bytes):      0 r_offset u64 | 8 r_info u64 (symbol << 32 | type)
 * Rela (24 bytes):     Rel + 16 r_addend s64
 */
import type { BpfLocation } from '../base/diagnostic.js';
import { ByteWindow, ElfCode, fail } from './elf-bytes.js';

export const EHDR_SIZE = 64;
export const SHDR_SIZE = 64;
export const SYM_SIZE = 24;
export const REL_SIZE = 16;
export const RELA_SIZE = 24;

const EI_CLASS = 4;
const EI_DATA = 5;
const ELFCLASS64 = 2;
const ELFDATA2LSB = 1;
const ELFDATA2MSB = 2;
const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46] as const;
const ET_REL = 1;
export const EM_NONE = 0;
export const EM_BPF = 247;

/** Field offsets of the section header, symbol and relocation entries (see the layouts above). */
const SH_NAME = 0, SH_TYPE = 4, SH_FLAGS = 8, SH_OFFSET = 24, SH_SIZE = 32, SH_LINK = 40, SH_INFO = 44, SH_ENTSIZE = 56;
const ST_NAME = 0, ST_INFO = 4, ST_OTHER = 5, ST_SHNDX = 6, ST_VALUE = 8, ST_SIZE = 16;
const R_OFFSET = 0, R_TYPE = 8, R_SYM = 12, R_ADDEND = 16;
const ST_BIND_SHIFT = 4;
const ST_TYPE_MASK = 0xf;

const E_TYPE = 16;
const E_MACHINE = 18;
const E_SHOFF = 40;
const E_SHENTSIZE = 58;
const E_SHNUM = 60;
const E_SHSTRNDX = 62;

export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;
export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;

export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;
export const SHN_XINDEX = 0xffff;

export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STV_DEFAULT = 0;
export const STV_INTERNAL = 1;
export const STV_HIDDEN = 2;
const STV_MASK = 0x3;

/** One section header, with its name resolved. */
export interface ElfSection {
  readonly index: number;
  readonly name: string;
  readonly type: number;
  readonly flags: number;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly info: number;
  readonly entsize: number;
}

/** One symbol table entry. */
export interface ElfSymbol {
  readonly index: number;
  readonly name: string;
  readonly bind: number;
  readonly type: number;
  readonly visibility: number;
  readonly shndx: number;
  readonly value: number;
  readonly size: number;
}

/** One relocation entry (REL or RELA). */
export interface ElfReloc {
  /** Byte offset in the target section. */
  readonly offset: number;
  readonly type: number;
  readonly symbol: number;
  readonly addend: number;
  /** Byte offset of the entry in the file (for diagnostics). */
  readonly fileOffset: number;
  /** Name of the relocation section. */
  readonly section: string;
}

/** A parsed object: sections, symbols, relocations grouped by target section. */
export interface ElfFile {
  readonly object: string;
  readonly bytes: Uint8Array;
  readonly sections: readonly ElfSection[];
  readonly symbols: readonly ElfSymbol[];
  /** Relocations by the index of the section they patch (from REL/RELA sh_info). */
  readonly relocs: ReadonlyMap<number, readonly ElfReloc[]>;
}

/**
 * The bytes of a section (zero-filled for SHT_NOBITS).
 *
 * @example
 * sectionBytes(elf, elf.sections[3]!).length // = sh_size
 */
export function sectionBytes(elf: ElfFile, s: ElfSection): Uint8Array {
  if (s.type === SHT_NOBITS) return new Uint8Array(s.size);
  return new ByteWindow(elf.bytes, s.offset, s.size, { object: elf.object, section: s.name }).slice(0, s.size, 'section contents');
}

/**
 * A bounds-checked window over a section's bytes.
 *
 * @example
 * sectionWindow(elf, sec).u32(0) // first word, bounds-checked
 */
export function sectionWindow(elf: ElfFile, s: ElfSection, code: string = ElfCode.section): ByteWindow {
  if (s.type === SHT_NOBITS) return new ByteWindow(new Uint8Array(s.size), 0, s.size, { object: elf.object, section: s.name }, code);
  return new ByteWindow(elf.bytes, s.offset, s.size, { object: elf.object, section: s.name }, code);
}

function checkHeader(object: string, bytes: Uint8Array): ByteWindow {
  const at: BpfLocation = { object, byteOffset: 0 };
  if (bytes.length < EHDR_SIZE) fail(ElfCode.header, `file is ${bytes.length} bytes, shorter than an ELF64 header (${EHDR_SIZE})`, at);
  const h = new ByteWindow(bytes, 0, EHDR_SIZE, { object }, ElfCode.header);
  ELF_MAGIC.forEach((m, i) => {
    if (h.u8(i) !== m) fail(ElfCode.header, 'not an ELF file (bad magic)', { object, byteOffset: i });
  });
  if (h.u8(EI_CLASS) !== ELFCLASS64) fail(ElfCode.header, `not ELF64 (class ${h.u8(EI_CLASS)})`, { object, byteOffset: EI_CLASS });
  const data = h.u8(EI_DATA);
  if (data === ELFDATA2MSB) fail(ElfCode.header, 'big-endian object (only little-endian BPF is supported)', { object, byteOffset: EI_DATA });
  if (data !== ELFDATA2LSB) fail(ElfCode.header, `unknown ELF data encoding ${data}`, { object, byteOffset: EI_DATA });
  if (h.u16(E_TYPE) !== ET_REL) fail(ElfCode.header, `not a relocatable object (e_type ${h.u16(E_TYPE)})`, { object, byteOffset: E_TYPE });
  const machine = h.u16(E_MACHINE);
  if (machine !== EM_BPF && machine !== EM_NONE) fail(ElfCode.header, `not a BPF object (e_machine ${machine})`, { object, byteOffset: E_MACHINE });
  return h;
}

function readSectionHeader(object: string, bytes: Uint8Array, shoff: number, i: number): Omit<ElfSection, 'name'> & { nameOff: number } {
  const w = new ByteWindow(bytes, shoff + i * SHDR_SIZE, SHDR_SIZE, { object, section: `#${i}` }, ElfCode.section);
  return {
    index: i,
    nameOff: w.u32(SH_NAME, 'sh_name'),
    type: w.u32(SH_TYPE, 'sh_type'),
    // Only the low 32 flag bits have generic meaning (the high ones are OS/processor specific).
    flags: w.u32(SH_FLAGS, 'sh_flags'),
    offset: w.u64(SH_OFFSET, 'sh_offset'),
    size: w.u64(SH_SIZE, 'sh_size'),
    link: w.u32(SH_LINK, 'sh_link'),
    info: w.u32(SH_INFO, 'sh_info'),
    entsize: w.u64(SH_ENTSIZE, 'sh_entsize'),
  };
}

/**
 * Parses the ELF structure of a BPF object.
 *
 * @example
 * const elf = parseElf('x.o', bytes); elf.sections.map((s) => s.name)
 */
export function parseElf(object: string, bytes: Uint8Array): ElfFile {
  const h = checkHeader(object, bytes);
  const shoff = h.u64(E_SHOFF, 'e_shoff');
  const shentsize = h.u16(E_SHENTSIZE, 'e_shentsize');
  if (shoff === 0) fail(ElfCode.section, 'object has no section header table', { object, byteOffset: E_SHOFF });
  if (shentsize !== SHDR_SIZE) fail(ElfCode.section, `e_shentsize is ${shentsize}, expected ${SHDR_SIZE}`, { object, byteOffset: E_SHENTSIZE });
  const first = readSectionHeader(object, bytes, shoff, 0);
  let shnum = h.u16(E_SHNUM, 'e_shnum');
  if (shnum === 0) shnum = first.size;
  let shstrndx = h.u16(E_SHSTRNDX, 'e_shstrndx');
  if (shstrndx === SHN_XINDEX) shstrndx = first.link;
  if (shnum * SHDR_SIZE > bytes.length - shoff || shoff > bytes.length) {
    fail(ElfCode.section, `section header table (${shnum} entries at 0x${shoff.toString(16)}) extends past the end of the file`, { object, byteOffset: shoff });
  }
  if (shstrndx === SHN_UNDEF || shstrndx >= shnum) fail(ElfCode.section, `section name table index ${shstrndx} out of range (${shnum} sections)`, { object, byteOffset: E_SHSTRNDX });
  const raw = Array.from({ length: shnum }, (_, i) => readSectionHeader(object, bytes, shoff, i));
  const strRaw = raw[shstrndx]!;
  const shstr = new ByteWindow(bytes, strRaw.offset, strRaw.size, { object, section: `#${shstrndx} (section names)` }, ElfCode.section);
  const sections: ElfSection[] = raw.map(({ nameOff, ...s }) => ({ ...s, name: s.index === 0 ? '' : shstr.cstr(nameOff, 'section name') }));
  for (const s of sections) {
    if (s.type !== SHT_NOBITS && s.type !== SHT_NULL) new ByteWindow(bytes, s.offset, s.size, { object, section: s.name }, ElfCode.section);
  }
  const symbols = readSymbols(object, bytes, sections);
  const relocs = readRelocs(object, bytes, sections, symbols.length);
  return { object, bytes, sections, symbols, relocs };
}

function readSymbols(object: string, bytes: Uint8Array, sections: readonly ElfSection[]): ElfSymbol[] {
  const tabs = sections.filter((s) => s.type === SHT_SYMTAB);
  if (tabs.length === 0) fail(ElfCode.symbol, 'object has no symbol table', { object });
  if (tabs.length > 1) fail(ElfCode.symbol, `object has ${tabs.length} symbol tables`, { object, section: tabs[1]!.name });
  const tab = tabs[0]!;
  const where = { object, section: tab.name };
  if (tab.entsize !== SYM_SIZE) fail(ElfCode.symbol, `malformed symbol table: sh_entsize ${tab.entsize}, expected ${SYM_SIZE}`, { ...where, byteOffset: tab.offset });
  if (tab.size % SYM_SIZE !== 0) fail(ElfCode.symbol, `malformed symbol table: size ${tab.size} is not a multiple of ${SYM_SIZE}`, { ...where, byteOffset: tab.offset });
  const strSec = sections[tab.link];
  if (tab.link === SHN_UNDEF || strSec === undefined || strSec.type !== SHT_STRTAB) fail(ElfCode.symbol, `malformed symbol table: sh_link ${tab.link} is not a string table`, { ...where, byteOffset: tab.offset });
  const strs = new ByteWindow(bytes, strSec.offset, strSec.size, { object, section: strSec.name }, ElfCode.symbol);
  const w = new ByteWindow(bytes, tab.offset, tab.size, where, ElfCode.symbol);
  const out: ElfSymbol[] = [];
  for (let i = 0, off = 0; off < tab.size; i++, off += SYM_SIZE) {
    const info = w.u8(off + ST_INFO);
    const shndx = w.u16(off + ST_SHNDX, 'st_shndx');
    const sym: ElfSymbol = {
      index: i,
      name: strs.cstr(w.u32(off + ST_NAME, 'st_name'), `name of symbol #${i}`),
      bind: info >> ST_BIND_SHIFT,
      type: info & ST_TYPE_MASK,
      visibility: w.u8(off + ST_OTHER) & STV_MASK,
      shndx,
      value: w.u64(off + ST_VALUE, 'st_value'),
      size: w.u64(off + ST_SIZE, 'st_size'),
    };
    if (shndx !== SHN_UNDEF && shndx < SHN_LORESERVE && shndx >= sections.length) {
      fail(ElfCode.symbol, `symbol #${i} '${sym.name}' refers to section ${shndx}, but there are ${sections.length}`, { ...where, byteOffset: tab.offset + off + ST_SHNDX });
    }
    out.push(sym);
  }
  return out;
}

function readRelocs(object: string, bytes: Uint8Array, sections: readonly ElfSection[], nsyms: number): Map<number, ElfReloc[]> {
  const out = new Map<number, ElfReloc[]>();
  for (const s of sections) {
    if (s.type !== SHT_REL && s.type !== SHT_RELA) continue;
    // Only code and `.maps` relocations matter to a loader; debug-info relocations are skipped
    // (as libbpf does), so that damage there does not make the object unloadable.
    const target = sections[s.info];
    if (target !== undefined && (target.flags & SHF_EXECINSTR) === 0 && target.name !== '.maps') continue;
    const rela = s.type === SHT_RELA;
    const ent = rela ? RELA_SIZE : REL_SIZE;
    const where = { object, section: s.name };
    if (s.entsize !== ent) fail(ElfCode.reloc, `relocation entry size ${s.entsize}, expected ${ent}`, { ...where, byteOffset: s.offset });
    if (s.size % ent !== 0) fail(ElfCode.reloc, `relocation section size ${s.size} is not a multiple of ${ent}`, { ...where, byteOffset: s.offset });
    if (s.info === SHN_UNDEF || s.info >= sections.length) fail(ElfCode.reloc, `relocation section targets section ${s.info}, out of range`, { ...where, byteOffset: s.offset });
    const w = new ByteWindow(bytes, s.offset, s.size, where, ElfCode.reloc);
    const list = out.get(s.info) ?? [];
    for (let off = 0; off < s.size; off += ent) {
      const symbol = w.u32(off + R_SYM, 'r_info symbol');
      if (symbol >= nsyms) fail(ElfCode.reloc, `relocation refers to symbol #${symbol}, but there are ${nsyms}`, { ...where, byteOffset: s.offset + off });
      list.push({
        offset: w.u64(off + R_OFFSET, 'r_offset'),
        type: w.u32(off + R_TYPE, 'r_info type'),
        symbol,
        addend: rela ? w.i64(off + R_ADDEND, 'r_addend') : 0,
        fileOffset: s.offset + off,
        section: s.name,
      });
    }
    out.set(s.info, list);
  }
  return out;
}
