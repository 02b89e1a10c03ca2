/**
 * `.BTF` type information: just enough for BTF-defined maps (`.maps`), function names and
 * linkage, and type sizes. Consumers: maps.ts, btf-ext.ts, load.ts.
 *
 * Header (24 bytes; offsets of the type and string areas are relative to its end):
 *
 *     0 magic u16 (0xeb9f) | 2 version u8 | 3 flags u8 | 4 hdr_len u32
 *     8 type_off u32 | 12 type_len u32 | 16 str_off u32 | 20 str_len u32
 *
 * Each type (type ids count from 1 in order) is 12 bytes plus a kind-specific tail:
 *
 *     0 name_off u32 | 4 info u32: vlen bits 0-15, kind bits 24-28, kind_flag bit 31
 *     8 size_or_type u32
 *     tail: INT 4 | ARRAY 12 (elem type, index type, nelems) | STRUCT/UNION 12*vlen
 *           (name_off, type, offset) | ENUM 8*vlen | FUNC_PROTO 8*vlen | VAR 4 (linkage)
 *           | DATASEC 12*vlen (var type, offset, size) | DECL_TAG 4 (component_idx, s32)
 *           | ENUM64 12*vlen | else 0      FUNC_PROTO params: (name_off, type) each
 *
 * FUNC's vlen is its linkage (0 static, 1 global, 2 extern).
 */
import { ByteWindow, ElfCode, ElfFormatError, fail } from './elf-bytes.js';

/** Magic number of `.BTF` and `.BTF.ext` headers. */
export const BTF_MAGIC = 0xeb9f;
const BTF_HDR_MIN = 24;
const TYPE_HEADER = 12;

/** BTF_KIND_* numbers (bits 24-28 of a type's info word). */
export const BtfKind = {
  unknown: 0, int: 1, ptr: 2, array: 3, struct: 4, union: 5, enum: 6, fwd: 7, typedef: 8,
  volatile: 9, const: 10, restrict: 11, func: 12, funcProto: 13, var: 14, datasec: 15,
  float: 16, declTag: 17, typeTag: 18, enum64: 19,
} as const;

/** FUNC linkage (a FUNC type's vlen): static. */
export const BTF_FUNC_STATIC = 0;
/** FUNC linkage: global (verified on its own by the kernel). */
export const BTF_FUNC_GLOBAL = 1;
/** FUNC linkage: extern. */
export const BTF_FUNC_EXTERN = 2;

const VLEN_MASK = 0xffff;
const KIND_SHIFT = 24;
/** Header fields. */
const H_MAGIC = 0, H_HDR_LEN = 4, H_TYPE_OFF = 8, H_TYPE_LEN = 12, H_STR_OFF = 16, H_STR_LEN = 20;
/** Type header fields. */
const T_NAME = 0, T_INFO = 4, T_SIZE = 8;
/** 12-byte records of STRUCT/UNION members (name, type, offset), DATASEC entries (type, offset, size), ARRAY (elem, index, nelems). */
const REC12 = 12, F0 = 0, F1 = 4, F2 = 8;
const ENUM_REC = 8;
const WORD = 4;
const MAX_TYPE_DEPTH = 64;
const KIND_MASK = 0x1f;
const KIND_FLAG_SHIFT = 31;
const PTR_SIZE = 8;

/** A member of a struct/union, a DATASEC entry or an enum value (fields by kind). */
export interface BtfMember {
  readonly name: string;
  readonly type: number;
  readonly offset: number;
  readonly size: number;
}

/** One BTF type. */
export interface BtfType {
  readonly id: number;
  readonly kind: number;
  readonly name: string;
  readonly vlen: number;
  /** Bit 31 of info: for STRUCT/UNION, member offsets hold bitfield size << 24 | bit offset. */
  readonly kindFlag: boolean;
  /** `size` for sized kinds, referenced type id for the others. */
  readonly sizeOrType: number;
  readonly members: readonly BtfMember[];
  /** ARRAY only. */
  readonly array?: { readonly elem: number; readonly nelems: number };
  /** VAR only: linkage. */
  readonly linkage?: number;
  /** FUNC_PROTO only: the parameters (name '' when unnamed; type 0 for a trailing `...`). */
  readonly params?: readonly BtfParam[];
  /** DECL_TAG only: the tagged member/parameter index, -1 for the type itself. */
  readonly componentIdx?: number;
}

/** One FUNC_PROTO parameter. */
export interface BtfParam {
  readonly name: string;
  readonly type: number;
}

/** Parsed `.BTF`. */
export interface Btf {
  readonly types: readonly (BtfType | undefined)[];
  /** String at an offset of the string area ('' when out of range). */
  str(off: number): string;
}

const SIZED = new Set<number>([BtfKind.int, BtfKind.struct, BtfKind.union, BtfKind.enum, BtfKind.datasec, BtfKind.float, BtfKind.enum64]);
const MODIFIERS = new Set<number>([BtfKind.typedef, BtfKind.volatile, BtfKind.const, BtfKind.restrict, BtfKind.typeTag]);

function tailSize(kind: number, vlen: number): number {
  switch (kind) {
    case BtfKind.int: case BtfKind.var: case BtfKind.declTag: return WORD;
    case BtfKind.array: return REC12;
    case BtfKind.struct: case BtfKind.union: case BtfKind.datasec: case BtfKind.enum64: return REC12 * vlen;
    case BtfKind.enum: case BtfKind.funcProto: return ENUM_REC * vlen;
    default: return 0;
  }
}

/**
 * Parses a `.BTF` section.
 *
 * @example
 * const btf = parseBtf(sectionWindow(elf, btfSection)); btf.types[1]?.name
 */
export function parseBtf(w: ByteWindow): Btf {
  const at = (off: number) => ({ ...w.where, byteOffset: w.base + off });
  if (w.size < BTF_HDR_MIN) fail(ElfCode.btf, `.BTF is ${w.size} bytes, shorter than its header`, at(0));
  if (w.u16(H_MAGIC) !== BTF_MAGIC) fail(ElfCode.btf, `bad BTF magic 0x${w.u16(H_MAGIC).toString(16)}`, at(0));
  const hdrLen = w.u32(H_HDR_LEN, 'hdr_len');
  const typeOff = hdrLen + w.u32(H_TYPE_OFF, 'type_off');
  const typeLen = w.u32(H_TYPE_LEN, 'type_len');
  const strOff = hdrLen + w.u32(H_STR_OFF, 'str_off');
  const strLen = w.u32(H_STR_LEN, 'str_len');
  w.check(typeOff, typeLen, 'BTF type area');
  w.check(strOff, strLen, 'BTF string area');
  const strs = new ByteWindow(w.bytes, w.base + strOff, strLen, w.where, ElfCode.btf);
  const strCache = new Map<number, string>();
  const str = (off: number): string => {
    if (off >= strLen) return '';
    let s = strCache.get(off);
    if (s === undefined) {
      try {
        s = strs.cstr(off, 'BTF string');
      } catch (e) {
        if (!(e instanceof ElfFormatError)) throw e;
        s = ''; // an unterminated name only loses the name
      }
      strCache.set(off, s);
    }
    return s;
  };
  const types: (BtfType | undefined)[] = [undefined];
  const t = new ByteWindow(w.bytes, w.base + typeOff, typeLen, w.where, ElfCode.btf);
  let off = 0;
  while (off < typeLen) {
    const id = types.length;
    const nameOff = t.u32(off + T_NAME, `BTF type #${id} name`);
    const info = t.u32(off + T_INFO, `BTF type #${id} info`);
    const sizeOrType = t.u32(off + T_SIZE, `BTF type #${id} size`);
    const kind = (info >>> KIND_SHIFT) & KIND_MASK;
    const vlen = info & VLEN_MASK;
    if (kind === BtfKind.unknown || kind > BtfKind.enum64) fail(ElfCode.btf, `BTF type #${id} has unknown kind ${kind}`, at(typeOff + off));
    const tail = off + TYPE_HEADER;
    const tsize = tailSize(kind, vlen);
    t.check(tail, tsize, `BTF type #${id}`);
    const members: BtfMember[] = [];
    let array: BtfType['array'];
    let linkage: number | undefined;
    let params: BtfParam[] | undefined;
    let componentIdx: number | undefined;
    if (kind === BtfKind.struct || kind === BtfKind.union) {
      for (let i = 0; i < vlen; i++) members.push({ name: str(t.u32(tail + REC12 * i + F0)), type: t.u32(tail + REC12 * i + F1), offset: t.u32(tail + REC12 * i + F2), size: 0 });
    } else if (kind === BtfKind.datasec) {
      for (let i = 0; i < vlen; i++) members.push({ name: '', type: t.u32(tail + REC12 * i + F0), offset: t.u32(tail + REC12 * i + F1), size: t.u32(tail + REC12 * i + F2) });
    } else if (kind === BtfKind.array) {
      array = { elem: t.u32(tail + F0), nelems: t.u32(tail + F2) };
    } else if (kind === BtfKind.var) {
      linkage = t.u32(tail);
    } else if (kind === BtfKind.funcProto) {
      params = [];
      for (let i = 0; i < vlen; i++) params.push({ name: str(t.u32(tail + ENUM_REC * i)), type: t.u32(tail + ENUM_REC * i + WORD) });
    } else if (kind === BtfKind.declTag) {
      componentIdx = t.u32(tail) | 0;
    }
    types.push({
      id, kind, name: str(nameOff), vlen, kindFlag: info >>> KIND_FLAG_SHIFT === 1, sizeOrType, members,
      ...(array ? { array } : {}), ...(linkage !== undefined ? { linkage } : {}), ...(params ? { params } : {}), ...(componentIdx !== undefined ? { componentIdx } : {}),
    });
    off = tail + tsize;
  }
  return { types, str };
}

/**
 * Follows typedef/const/volatile/restrict/type_tag to the underlying type.
 *
 * @example
 * skipModifiers(btf, constIntId)?.kind // BtfKind.int
 */
export function skipModifiers(btf: Btf, id: number): BtfType | undefined {
  let ty = btf.types[id];
  for (let guard = 0; ty !== undefined && MODIFIERS.has(ty.kind) && guard < btf.types.length; guard++) ty = btf.types[ty.sizeOrType];
  return ty;
}

/**
 * Byte size of a type (undefined for unsized or cyclic types).
 *
 * @example
 * typeSize(btf, intId) // 4
 */
export function typeSize(btf: Btf, id: number, depth = 0): number | undefined {
  const ty = skipModifiers(btf, id);
  if (ty === undefined || depth > MAX_TYPE_DEPTH) return undefined;
  if (SIZED.has(ty.kind)) return ty.sizeOrType;
  if (ty.kind === BtfKind.ptr) return PTR_SIZE;
  if (ty.kind === BtfKind.array && ty.array) {
    const e = typeSize(btf, ty.array.elem, depth + 1);
    return e === undefined ? undefined : e * ty.array.nelems;
  }
  if (ty.kind === BtfKind.var) return typeSize(btf, ty.sizeOrType, depth + 1);
  return undefined;
}

/**
 * FUNC types by name: linkage (static/global/extern).
 *
 * @example
 * funcLinkage(btf, fi.typeId) // { name: 'add_global', linkage: BTF_FUNC_GLOBAL }
 */
export function funcLinkage(btf: Btf, id: number): { name: string; linkage: number } | undefined {
  const ty = btf.types[id];
  return ty !== undefined && ty.kind === BtfKind.func ? { name: ty.name, linkage: ty.vlen } : undefined;
}

/**
 * The DATASEC type with the given name, if any.
 *
 * @example
 * findDatasec(btf, '.maps')?.members.length // number of BTF maps
 */
export function findDatasec(btf: Btf, name: string): BtfType | undefined {
  return btf.types.find((ty) => ty !== undefined && ty.kind === BtfKind.datasec && ty.name === name);
}
