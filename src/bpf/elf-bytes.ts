/**
 * Bounds-checked little-endian reads over the bytes of one object file.
 *
 * Every read names the section it belongs to, so that a malformed object yields a diagnostic
 * "object: section 'x': byte offset 0x..: <cause>" instead of a RangeError. Out-of-range reads
 * throw `ElfFormatError` (a value carrying the diagnostic); `loadObject` is the only catcher and
 * turns it into `Left`. Any other exception escaping the front end is a bug.
 *
 * 64-bit fields are read as two 32-bit halves; values above 2^53 are format errors (no real
 * object has such offsets or sizes).
 */
import { bpfError, type BpfLocation, type Diagnostic } from '../base/diagnostic.js';

/** Error codes of the ELF front end (stable, documented in docs/bpf-frontend.md). */
export const ElfCode = {
  /** The object file cannot be read. */
  io: 'E800',
  /** Not an ELF64 little-endian relocatable BPF object. */
  header: 'E801',
  /** Section header table or a section's extent is out of range. */
  section: 'E802',
  /** Symbol or string table malformed. */
  symbol: 'E803',
  /** Relocation malformed or not applicable. */
  reloc: 'E804',
  /** Map definition malformed. */
  map: 'E805',
  /** BTF / BTF.ext malformed. */
  btf: 'E806',
  /** Program layout problem (bad call target, function crossing section end, ...). */
  program: 'E807',
  /** Warning: suspicious but loadable (e.g. truncated ld_imm64 at the end of a program). */
  warning: 'W801',
} as const;

/** A malformed-object condition; carries the diagnostic to report. */
export class ElfFormatError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

/**
 * Throws an `ElfFormatError` (never returns).
 *
 * @example
 * if (size < 24) fail(ElfCode.btf, 'too short', { object, section: '.BTF' })
 */
export function fail(code: string, message: string, where: BpfLocation): never {
  throw new ElfFormatError(bpfError(code, message, where));
}

const TWO_32 = 0x1_0000_0000;

/**
 * A window [base, base+size) of the object's bytes, with the location used in diagnostics.
 *
 * @example
 * new ByteWindow(bytes, shoff, 64, { object, section: '#1' }).u32(4) // sh_type
 */
export class ByteWindow {
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly base: number,
    readonly size: number,
    readonly where: BpfLocation,
    readonly code: string = ElfCode.section,
  ) {
    if (base < 0 || size < 0 || base + size > bytes.length || !Number.isSafeInteger(base + size)) {
      fail(code, `extent [0x${base.toString(16)}, +0x${size.toString(16)}) is outside the file (0x${bytes.length.toString(16)} bytes)`, { ...where, byteOffset: base });
    }
    this.view = new DataView(bytes.buffer, bytes.byteOffset + base, size);
  }

  /** Asserts that [off, off+len) lies in the window. */
  check(off: number, len: number, what: string): void {
    if (!(off >= 0 && len >= 0 && off + len <= this.size)) {
      fail(this.code, `${what} at 0x${off.toString(16)} (+${len}) is beyond the end (0x${this.size.toString(16)} bytes)`, { ...this.where, byteOffset: this.base + Math.max(0, off) });
    }
  }

  u8(off: number, what = 'byte'): number {
    this.check(off, 1, what);
    return this.view.getUint8(off);
  }
  u16(off: number, what = 'u16'): number {
    this.check(off, 2, what);
    return this.view.getUint16(off, true);
  }
  u32(off: number, what = 'u32'): number {
    this.check(off, 4, what);
    return this.view.getUint32(off, true);
  }
  i32(off: number, what = 'i32'): number {
    this.check(off, 4, what);
    return this.view.getInt32(off, true);
  }
  /** Unsigned 64-bit as a safe integer (format error above 2^53). */
  u64(off: number, what = 'u64'): number {
    this.check(off, 8, what);
    const lo = this.view.getUint32(off, true);
    const hi = this.view.getUint32(off + 4, true);
    const v = hi * TWO_32 + lo;
    if (!Number.isSafeInteger(v)) fail(this.code, `${what} 0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')} is too large`, { ...this.where, byteOffset: this.base + off });
    return v;
  }
  /** Signed 64-bit as a safe integer (format error outside ±2^53). */
  i64(off: number, what = 'i64'): number {
    this.check(off, 8, what);
    const v = this.view.getBigInt64(off, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) fail(this.code, `${what} ${v} is out of range`, { ...this.where, byteOffset: this.base + off });
    return Number(v);
  }
  /** A copy of [off, off+len). */
  slice(off: number, len: number, what = 'bytes'): Uint8Array {
    this.check(off, len, what);
    return this.bytes.slice(this.base + off, this.base + off + len);
  }
  /** NUL-terminated string starting at off (must be terminated inside the window). */
  cstr(off: number, what = 'string'): string {
    this.check(off, 0, what);
    const start = this.base + off;
    const nul = this.bytes.subarray(start, this.base + this.size).indexOf(0);
    if (nul < 0) fail(this.code, `${what} at 0x${off.toString(16)} is not NUL-terminated`, { ...this.where, byteOffset: start });
    return latin1(this.bytes.subarray(start, start + nul));
  }
}

/**
 * Decodes bytes as UTF-8 when valid, else Latin-1 (names are ASCII in practice).
 *
 * @example
 * latin1(new Uint8Array([0x78, 0x64, 0x70])) // 'xdp'
 */
export function latin1(b: Uint8Array): string {
  let ascii = true;
  for (const c of b) if (c >= 0x80) { ascii = false; break; }
  if (ascii) return chunked(b);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return chunked(b);
  }
}

const CHUNK = 4096;
function chunked(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += CHUNK) s += String.fromCharCode(...b.subarray(i, i + CHUNK));
  return s;
}
