/**
 * Map definitions of an object, in the order they get their indices (the `imm` of a relocated
 * `ld_imm64`): BTF-defined `.maps` (DATASEC order), then legacy `maps`/`maps/*` definitions
 * (sorted by section and offset, as the oracle's loader does), then one global-data map per
 * non-empty `.data*`/`.rodata*`/`.bss*` section (section order), then `.kconfig`.
 *
 * Legacy definition (struct bpf_map_def, 20 bytes or more; iproute2/cilium bpf_elf_map is 36+):
 *
 *     0 type u32 | 4 key_size u32 | 8 value_size u32 | 12 max_entries u32 | 16 map_flags u32
 *     bpf_map_def (>= 24):  20 inner_map_idx u32 (index into the sorted definitions)
 *     bpf_elf_map (>= 36):  20 id u32 | 24 pinning u32 | 28 inner_id u32 (id of the inner map)
 *
 * The size of one definition is the symbol's st_size, or, when that is 0 (old compilers),
 * section size / number of map symbols in the section. Definitions shorter than 16 bytes, or
 * running past the section, are reported when a relocation uses them.
 *
 * BTF map (`struct { __uint(type, T); __type(key, K); ... } name SEC(".maps")`): members
 * `type`, `max_entries`, `map_flags`, `key_size`, `value_size` are `int (*)[N]` (N is the
 * value); `key`, `value` are pointers to the key/value type (the size is the pointee's);
 * `values` is an array of pointers to an inner map struct (map-in-map template; value size 4).
 */
import type { MapDef } from './object.js';
import { ElfCode, fail } from './elf-bytes.js';
import { type ElfFile, SHN_UNDEF, SHT_NOBITS, SHT_PROGBITS, STT_SECTION, sectionBytes, sectionWindow } from './elf.js';
import { type Btf, BtfKind, findDatasec, skipModifiers, typeSize } from './btf.js';

export const BPF_MAP_TYPE_ARRAY = 2;
export const BPF_MAP_TYPE_PERF_EVENT_ARRAY = 4;
export const BPF_MAP_TYPE_ARRAY_OF_MAPS = 12;
export const BPF_MAP_TYPE_HASH_OF_MAPS = 13;
export const BPF_F_RDONLY_PROG = 0x80;
export const BPF_F_MMAPABLE = 0x400;

const LEGACY_MIN = 16;
const LEGACY_FIELDS = 9;
const MAP_DEF_INNER_IDX_MIN = 24;
const ELF_MAP_MIN = 36;
const F_TYPE = 0, F_KEY = 1, F_VALUE = 2, F_MAX = 3, F_FLAGS = 4, F_ID = 5, F_INNER_IDX = 5, F_INNER_ID = 7;
const MAP_IN_MAP_VALUE_SIZE = 4;
const DATA_KEY_SIZE = 4;

/** Maps of an object plus the lookups relocation needs. */
export interface MapTable {
  readonly maps: readonly MapDef[];
  /** Map index of the definition at (section index, byte offset), BTF or legacy. */
  readonly at: ReadonlyMap<string, number>;
  /** Map index of a global-data section. */
  readonly data: ReadonlyMap<number, number>;
  /** Legacy definitions that are malformed, by key: the diagnostic message. */
  readonly bad: ReadonlyMap<string, string>;
}

/**
 * Key of `MapTable.at`.
 *
 * @example
 * mapKey(5, 20) // '5:20'
 */
export const mapKey = (shndx: number, off: number): string => `${shndx}:${off}`;

/**
 * `maps` or `maps/...`: a legacy map section.
 *
 * @example
 * isLegacyMapSection('maps/array') // true
 */
export const isLegacyMapSection = (name: string): boolean => name === 'maps' || name.startsWith('maps/');

/**
 * `.data`, `.rodata`, `.bss` or a dotted variant: a global-data section.
 *
 * @example
 * isDataSection('.rodata.str1.1') // true
 */
export function isDataSection(name: string): boolean {
  return ['.data', '.rodata', '.bss'].some((p) => name === p || name.startsWith(`${p}.`)) || name === '.kconfig';
}

function isMapInMap(type: number): boolean {
  return type === BPF_MAP_TYPE_ARRAY_OF_MAPS || type === BPF_MAP_TYPE_HASH_OF_MAPS;
}

/** `int (*)[N]` -> N. */
function ptrArrayLen(btf: Btf, id: number): number | undefined {
  const p = skipModifiers(btf, id);
  if (p?.kind !== BtfKind.ptr) return undefined;
  const a = skipModifiers(btf, p.sizeOrType);
  return a?.kind === BtfKind.array && a.array ? a.array.nelems : undefined;
}

function btfMapDef(object: string, btf: Btf, structId: number, name: string, section: string, depth: number): MapDef {
  const st = skipModifiers(btf, structId);
  const where = { object, section };
  if (st?.kind !== BtfKind.struct) fail(ElfCode.map, `BTF map '${name}' is not a struct`, where);
  let type = 0, keySize = 0, valueSize = 0, maxEntries = 0, flags = 0;
  let inner: MapDef | undefined;
  for (const m of st.members) {
    const n = ptrArrayLen(btf, m.type);
    switch (m.name) {
      case 'type': type = n ?? 0; break;
      case 'max_entries': maxEntries = n ?? 0; break;
      case 'map_flags': flags = n ?? 0; break;
      case 'key_size': keySize = n ?? 0; break;
      case 'value_size': valueSize = n ?? 0; break;
      case 'key': case 'value': {
        const p = skipModifiers(btf, m.type);
        const size = p?.kind === BtfKind.ptr ? typeSize(btf, p.sizeOrType) ?? 0 : 0;
        if (m.name === 'key') keySize = size;
        else valueSize = size;
        break;
      }
      case 'values': {
        const arr = skipModifiers(btf, m.type);
        const ptr = arr?.kind === BtfKind.array && arr.array ? skipModifiers(btf, arr.array.elem) : undefined;
        const target = ptr?.kind === BtfKind.ptr ? skipModifiers(btf, ptr.sizeOrType) : undefined;
        if (target?.kind === BtfKind.struct && depth < 2) inner = btfMapDef(object, btf, target.id, `${name}.inner`, section, depth + 1);
        break;
      }
      default: break;
    }
  }
  if (isMapInMap(type)) valueSize = MAP_IN_MAP_VALUE_SIZE;
  return { name, type, keySize, valueSize, maxEntries, flags, origin: 'btf', section, readonly: false, ...(inner ? { inner } : {}) };
}

function btfMaps(elf: ElfFile, btf: Btf | undefined, maps: MapDef[], at: Map<string, number>): void {
  const sec = elf.sections.find((s) => s.name === '.maps');
  if (sec === undefined) return;
  if (btf === undefined) fail(ElfCode.map, '.maps section without .BTF', { object: elf.object, section: '.maps' });
  const ds = findDatasec(btf, '.maps');
  if (ds === undefined) fail(ElfCode.map, '.BTF has no DATASEC for .maps', { object: elf.object, section: '.maps' });
  for (const v of ds.members) {
    const varTy = btf.types[v.type];
    if (varTy?.kind !== BtfKind.var) fail(ElfCode.map, `.maps DATASEC entry #${v.type} is not a VAR`, { object: elf.object, section: '.maps' });
    // In object files DATASEC offsets are often 0 (libbpf fixes them up): the ELF symbol of the
    // same name gives the definition's offset.
    const sym = elf.symbols.find((y) => y.shndx === sec.index && y.name === varTy.name && y.type !== STT_SECTION);
    at.set(mapKey(sec.index, sym?.value ?? v.offset), maps.length);
    maps.push(btfMapDef(elf.object, btf, varTy.sizeOrType, varTy.name, '.maps', 0));
  }
}

interface LegacySym { name: string; shndx: number; off: number; size: number }

function legacyMaps(elf: ElfFile, maps: MapDef[], at: Map<string, number>, bad: Map<string, string>): void {
  const syms: LegacySym[] = [];
  const perSec = new Map<number, number>();
  for (const s of elf.symbols) {
    const sec = elf.sections[s.shndx];
    if (s.shndx === SHN_UNDEF || sec === undefined || s.type === STT_SECTION || !isLegacyMapSection(sec.name)) continue;
    syms.push({ name: s.name, shndx: s.shndx, off: s.value, size: s.size });
    perSec.set(s.shndx, (perSec.get(s.shndx) ?? 0) + 1);
  }
  syms.sort((a, b) => a.shndx - b.shndx || a.off - b.off);
  const fields: number[][] = [];
  const sizes: number[] = [];
  const base = maps.length;
  for (const m of syms) {
    const sec = elf.sections[m.shndx]!;
    const size = m.size !== 0 ? m.size : Math.floor(sec.size / perSec.get(m.shndx)!);
    const f = new Array<number>(LEGACY_FIELDS).fill(0);
    const key = mapKey(m.shndx, m.off);
    if (sec.type === SHT_NOBITS || m.off + size > sec.size || size < LEGACY_MIN) {
      bad.set(key, `bad legacy map definition '${m.name}' (size ${size} at offset ${m.off} of ${sec.size})`);
    } else {
      const w = sectionWindow(elf, sec, ElfCode.map);
      for (let i = 0; i < LEGACY_FIELDS && 4 * i + 4 <= size; i++) f[i] = w.u32(m.off + 4 * i);
    }
    fields.push(f);
    sizes.push(size);
    at.set(key, maps.length);
    const type = f[F_TYPE]!;
    maps.push({ name: m.name, type, keySize: f[F_KEY]!, valueSize: isMapInMap(type) ? MAP_IN_MAP_VALUE_SIZE : f[F_VALUE]!, maxEntries: f[F_MAX]!, flags: f[F_FLAGS]!, origin: 'legacy', section: sec.name, readonly: false });
  }
  // Map-in-map templates: bpf_elf_map refers to the inner map by id, bpf_map_def by index.
  syms.forEach((m, i) => {
    const def = maps[base + i]!;
    if (!isMapInMap(def.type)) return;
    const f = fields[i]!;
    const size = sizes[i]!;
    let j = -1;
    if (size >= ELF_MAP_MIN) j = fields.findIndex((g, k) => k !== i && g[F_ID] === f[F_INNER_ID]);
    else if (size >= MAP_DEF_INNER_IDX_MIN && f[F_INNER_IDX]! < syms.length) j = f[F_INNER_IDX]!;
    if (j >= 0 && j !== i) maps[base + i] = { ...def, inner: maps[base + j]! };
    else bad.set(mapKey(m.shndx, m.off), `map '${m.name}': cannot resolve its inner map`);
  });
}

function dataMaps(elf: ElfFile, maps: MapDef[], data: Map<number, number>): void {
  for (const s of elf.sections) {
    if (!isDataSection(s.name) || s.size === 0 || (s.type !== SHT_PROGBITS && s.type !== SHT_NOBITS)) continue;
    const readonly = s.name.startsWith('.rodata') || s.name === '.kconfig';
    data.set(s.index, maps.length);
    maps.push({
      name: s.name, type: BPF_MAP_TYPE_ARRAY, keySize: DATA_KEY_SIZE, valueSize: s.size, maxEntries: 1,
      flags: (readonly ? BPF_F_RDONLY_PROG : 0) | BPF_F_MMAPABLE, origin: 'data', section: s.name,
      initial: sectionBytes(elf, s), readonly,
    });
  }
}

/**
 * Collects every map definition of an object.
 *
 * @example
 * collectMaps(elf, btf).maps.map((m) => m.name)
 */
export function collectMaps(elf: ElfFile, btf: Btf | undefined): MapTable {
  const maps: MapDef[] = [];
  const at = new Map<string, number>();
  const data = new Map<number, number>();
  const bad = new Map<string, string>();
  btfMaps(elf, btf, maps, at);
  legacyMaps(elf, maps, at, bad);
  dataMaps(elf, maps, data);
  return { maps, at, data, bad };
}
