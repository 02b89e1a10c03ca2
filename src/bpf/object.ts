/**
 * The ELF loader's output (`ObjectFile`, `LoadedProgram`): the contract between bpf/elf*.ts
 * (which reads sections, symbols, relocations, BTF and maps, and lays programs out the way
 * libbpf does) and bpf/insn.ts (which decodes the 8-byte instruction slots).
 *
 * Instruction bytes are kept raw and little-endian, 8 bytes per slot:
 *
 *     byte 0      opcode (class in bits 0-2)
 *     byte 1      dst_reg (bits 0-3) | src_reg (bits 4-7)
 *     bytes 2-3   off  (s16)
 *     bytes 4-7   imm  (s32)
 *
 * After relocation, an `ld_imm64` that refers to a map has src_reg = BPF_PSEUDO_MAP_FD (1) or
 * BPF_PSEUDO_MAP_VALUE (2) and imm = the map's index in `maps` (the second slot's imm holds
 * the value offset), mirroring what libbpf hands to the kernel with fds in place of indices.
 */

import type { Diagnostic } from '../base/diagnostic.js';

/** A map as the object defines it. */
export interface MapDef {
  readonly name: string;
  /** BPF_MAP_TYPE_* number. */
  readonly type: number;
  readonly keySize: number;
  readonly valueSize: number;
  readonly maxEntries: number;
  readonly flags: number;
  /** Where the definition came from. */
  readonly origin: 'btf' | 'legacy' | 'data';
  /** ELF section that holds it (`.maps`, `maps`, `.rodata`, ...). */
  readonly section: string;
  /** Global data only: initial bytes (all zero for `.bss`). */
  readonly initial?: Uint8Array;
  /** `.rodata*` / `.kconfig`: frozen read-only map; direct reads yield constants. */
  readonly readonly: boolean;
  /** Map-in-map: the inner map template, if any. */
  readonly inner?: MapDef;
}

/** One subprogram of a loaded program, at its final instruction index. */
export interface SubprogInfo {
  /** First instruction index in the program (0 for the main function). */
  readonly start: number;
  readonly name: string;
  /** BTF linkage GLOBAL (or, without BTF, an STB_GLOBAL symbol). */
  readonly global: boolean;
  /** ELF section the code came from. */
  readonly section: string;
}

/** A source line attached to an instruction (from .BTF.ext line_info). */
export interface LineInfo {
  readonly insn: number;
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly text: string;
}

/** A relocation as applied, for `objdump` listings. */
export interface AppliedReloc {
  readonly insn: number;
  readonly kind: 'map' | 'map_value' | 'call' | 'func_ptr' | 'kfunc' | 'extern' | 'core';
  readonly symbol: string;
  readonly target?: number;
}

/** One program ready for decoding: main function plus appended subprograms. */
export interface LoadedProgram {
  readonly object: string;
  readonly section: string;
  readonly name: string;
  /** libbpf program type name (`xdp`, `sched_cls`, `kprobe`, `socket_filter`, ...). */
  readonly type: string;
  /** Raw relocated instruction slots, 8 bytes each. */
  readonly bytes: Uint8Array;
  readonly subprogs: readonly SubprogInfo[];
  /** The maps `ld_imm64` instructions refer to, by index. */
  readonly maps: readonly MapDef[];
  readonly relocs: readonly AppliedReloc[];
  readonly lines: readonly LineInfo[];
  /** How `type` was chosen: `override`, `libbpf`, `rule <glob>` (oracle fallback), `default`. */
  readonly typeSource?: string;
  /** Which loader's layout was reproduced: libbpf 1.1, or the oracle's legacy ELF loader. */
  readonly backend?: 'libbpf' | 'legacy';
}

export interface SectionInfo {
  readonly index: number;
  readonly name: string;
  readonly type: number;
  readonly size: number;
  readonly executable: boolean;
}

/** A whole object file. */
export interface ObjectFile {
  readonly path: string;
  readonly sections: readonly SectionInfo[];
  readonly programs: readonly LoadedProgram[];
  readonly maps: readonly MapDef[];
  readonly license?: string;
  /** Which loader's layout was reproduced for this object (see LoadedProgram.backend). */
  readonly backend?: 'libbpf' | 'legacy';
  /** Loadable but suspicious (severity 'warning'): ignored bad BTF, truncated ld_imm64, ... */
  readonly warnings?: readonly Diagnostic[];
}
