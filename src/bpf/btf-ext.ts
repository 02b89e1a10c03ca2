/**
 * `.BTF.ext`: per-section func_info (function start -> BTF FUNC id) and line_info
 * (instruction -> source file, line, column, text). Consumer: load.ts, which moves the
 * records to final instruction indices when code is appended.
 *
 * Header (offsets relative to the end of the header, hdr_len bytes):
 *
 *     0 magic u16 (0xeb9f) | 2 version u8 | 3 flags u8 | 4 hdr_len u32
 *     8 func_info_off u32 | 12 func_info_len u32 | 16 line_info_off u32 | 20 line_info_len u32
 *     (24 core_relo_off u32 | 28 core_relo_len u32 when hdr_len >= 32)
 *
 * Each info area: rec_size u32, then blocks until the area ends:
 *
 *     sec_name_off u32 | num_info u32 | num_info records of rec_size bytes
 *     func_info record: insn_off u32 (bytes) | type_id u32
 *     core_relo record: insn_off u32 (bytes) | type_id u32 | access_str_off u32 | kind u32
 *     line_info record: insn_off u32 (bytes) | file_name_off u32 | line_off u32
 *                       | line_col u32 (line = line_col >> 10, col = line_col & 0x3ff)
 */
import { ByteWindow, ElfCode, fail } from './elf-bytes.js';
import { BTF_MAGIC, type Btf } from './btf.js';

const EXT_HDR_MIN = 24;
const FUNC_REC_MIN = 8;
const LINE_REC_MIN = 16;
const CORE_REC_MIN = 16;
const HDR_WITH_CORE = 32;
const H_CORE_OFF = 24, H_CORE_LEN = 28;
const R_ACCESS = 8, R_KIND = 12;
const LINE_SHIFT = 10;
const COL_MASK = 0x3ff;
const INSN_SIZE = 8;
/** Header fields. */
const H_MAGIC = 0, H_HDR_LEN = 4, H_FUNC_OFF = 8, H_FUNC_LEN = 12, H_LINE_OFF = 16, H_LINE_LEN = 20;
/** Record fields (func_info: insn_off, type_id; line_info: insn_off, file_name_off, line_off, line_col). */
const R_INSN = 0, R_TYPE = 4, R_FILE = 4, R_LINE = 8, R_COL = 12;
const REC_ALIGN = 4;
const BLOCK_HEADER = 8, B_NAME = 0, B_COUNT = 4, REC_SIZE_FIELD = 4;

/** func_info record, `insn` in instructions relative to the section start. */
export interface FuncInfoRec {
  readonly insn: number;
  readonly typeId: number;
}

/** line_info record, `insn` relative to the section start. */
export interface LineInfoRec {
  readonly insn: number;
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly text: string;
}

/** CO-RE relocation record, `insn` relative to the section start (not applied offline). */
export interface CoreRelocRec {
  readonly insn: number;
  readonly typeId: number;
  /** Access string, e.g. `0:1:0` (field path). */
  readonly access: string;
  /** bpf_core_relo_kind name, e.g. `field_byte_offset`. */
  readonly kind: string;
}

/** bpf_core_relo_kind names by number. */
export const CORE_RELO_KINDS: readonly string[] = [
  'field_byte_offset', 'field_byte_size', 'field_exists', 'field_signed', 'field_lshift_u64', 'field_rshift_u64',
  'type_id_local', 'type_id_target', 'type_exists', 'type_size', 'enumval_exists', 'enumval_value', 'type_matches',
];

/** Parsed `.BTF.ext`, records grouped by ELF section name. */
export interface BtfExt {
  readonly funcs: ReadonlyMap<string, readonly FuncInfoRec[]>;
  readonly lines: ReadonlyMap<string, readonly LineInfoRec[]>;
  readonly core: ReadonlyMap<string, readonly CoreRelocRec[]>;
}

function blocks<T>(w: ByteWindow, off: number, len: number, minRec: number, what: string, btf: Btf, rec: (r: number) => T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  if (len === 0) return out;
  w.check(off, len, what);
  const end = off + len;
  const recSize = w.u32(off, `${what} rec_size`);
  if (recSize < minRec || recSize % REC_ALIGN !== 0) fail(ElfCode.btf, `${what} record size ${recSize} is invalid`, { ...w.where, byteOffset: w.base + off });
  let p = off + REC_SIZE_FIELD;
  while (p < end) {
    const name = btf.str(w.u32(p + B_NAME, `${what} section name`));
    const n = w.u32(p + B_COUNT, `${what} count`);
    p += BLOCK_HEADER;
    if (n * recSize > end - p) fail(ElfCode.btf, `${what} block for '${name}' (${n} records) runs past the end of the area`, { ...w.where, byteOffset: w.base + p });
    const list = out.get(name) ?? [];
    for (let i = 0; i < n; i++, p += recSize) list.push(rec(p));
    out.set(name, list);
  }
  return out;
}

/**
 * Parses `.BTF.ext` against the object's `.BTF` strings.
 *
 * @example
 * parseBtfExt(sectionWindow(elf, ext), btf).funcs.get('xdp')
 */
export function parseBtfExt(w: ByteWindow, btf: Btf): BtfExt {
  if (w.size < EXT_HDR_MIN) fail(ElfCode.btf, `.BTF.ext is ${w.size} bytes, shorter than its header`, { ...w.where, byteOffset: w.base });
  if (w.u16(H_MAGIC) !== BTF_MAGIC) fail(ElfCode.btf, `bad .BTF.ext magic 0x${w.u16(H_MAGIC).toString(16)}`, { ...w.where, byteOffset: w.base });
  const hdr = w.u32(H_HDR_LEN, 'hdr_len');
  const funcs = blocks(w, hdr + w.u32(H_FUNC_OFF), w.u32(H_FUNC_LEN), FUNC_REC_MIN, 'func_info', btf, (r) => ({ insn: w.u32(r + R_INSN) / INSN_SIZE, typeId: w.u32(r + R_TYPE) }));
  const lines = blocks(w, hdr + w.u32(H_LINE_OFF), w.u32(H_LINE_LEN), LINE_REC_MIN, 'line_info', btf, (r) => {
    const lc = w.u32(r + R_COL);
    return { insn: w.u32(r + R_INSN) / INSN_SIZE, file: btf.str(w.u32(r + R_FILE)), text: btf.str(w.u32(r + R_LINE)), line: lc >>> LINE_SHIFT, col: lc & COL_MASK };
  });
  const core = hdr >= HDR_WITH_CORE
    ? blocks(w, hdr + w.u32(H_CORE_OFF), w.u32(H_CORE_LEN), CORE_REC_MIN, 'core_relo', btf, (r) => {
      const k = w.u32(r + R_KIND);
      return { insn: w.u32(r + R_INSN) / INSN_SIZE, typeId: w.u32(r + R_TYPE), access: btf.str(w.u32(r + R_ACCESS)), kind: CORE_RELO_KINDS[k] ?? `kind_${k}` };
    })
    : new Map<string, CoreRelocRec[]>();
  return { funcs, lines, core };
}
