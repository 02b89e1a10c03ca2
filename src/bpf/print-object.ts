/**
 * Text form of an `ObjectFile` (the non-disassembly part of `bpfdl objdump`): sections,
 * maps, programs with type and instruction count, subprograms, relocations, source-line
 * count, warnings. Stable and line-oriented, for golden tests. Also the whole `bpfdl objdump`
 * output (text with disassembly from disasm.ts, or JSON Lines).
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { MapDef, ObjectFile, LoadedProgram } from './object.js';
import type { Insn } from './insn.js';
import { bpfError, formatDiagnostic, type Diagnostic } from '../base/diagnostic.js';
import { decodeRaw } from './decode.js';
import { disasmInsn } from './disasm.js';
import { ElfCode } from './elf-bytes.js';
import { loadProgramFile } from './load-file.js';

const INSN_SIZE = 8;

/** BPF_MAP_TYPE_* names by number (uapi order). */
export const MAP_TYPE_NAMES: readonly string[] = [
  'unspec', 'hash', 'array', 'prog_array', 'perf_event_array', 'percpu_hash', 'percpu_array', 'stack_trace',
  'cgroup_array', 'lru_hash', 'lru_percpu_hash', 'lpm_trie', 'array_of_maps', 'hash_of_maps', 'devmap', 'sockmap',
  'cpumap', 'xskmap', 'sockhash', 'cgroup_storage', 'reuseport_sockarray', 'percpu_cgroup_storage', 'queue', 'stack',
  'sk_storage', 'devmap_hash', 'struct_ops', 'ringbuf', 'inode_storage', 'task_storage', 'bloom_filter', 'user_ringbuf',
  'cgrp_storage', 'arena',
];

const SECTION_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'NULL', 1: 'PROGBITS', 2: 'SYMTAB', 3: 'STRTAB', 4: 'RELA', 8: 'NOBITS', 9: 'REL', 0x6fff4c03: 'LLVM_ADDRSIG',
};

/**
 * Map type name (or the number).
 *
 * @example
 * mapTypeName(2) // 'array'
 */
export const mapTypeName = (t: number): string => MAP_TYPE_NAMES[t] ?? `type_${t}`;

/**
 * One map as a single line.
 *
 * @example
 * printMap(obj.maps[0]!) // 'counts: hash key 4 value 8 max 128 flags 0x1 btf .maps'
 */
export function printMap(m: MapDef): string {
  const extra = [m.readonly ? 'readonly' : '', m.inner ? `inner(${mapTypeName(m.inner.type)} key ${m.inner.keySize} value ${m.inner.valueSize} max ${m.inner.maxEntries})` : '', m.initial && m.origin === 'data' && m.initial.some((b) => b !== 0) ? 'initialised' : ''].filter((x) => x);
  return `${m.name}: ${mapTypeName(m.type)} key ${m.keySize} value ${m.valueSize} max ${m.maxEntries} flags 0x${m.flags.toString(16)} ${m.origin} ${m.section}${extra.length ? ` ${extra.join(' ')}` : ''}`;
}

/** Options of `printObject`. */
export interface PrintOptions {
  /** Also list every source-line record (`line <insn> <file>:<line>:<col> <text>`). */
  readonly lines?: boolean;
}

/**
 * One program's header, subprograms and relocations.
 *
 * @example
 * printProgram(obj.programs[0]!)[0] // 'program xdp/xdp_main: type xdp (libbpf), 30 insns, 13 line records'
 */
export function printProgram(p: LoadedProgram, options: PrintOptions = {}): string[] {
  const out = [`program ${p.section}/${p.name}: type ${p.type}${p.typeSource ? ` (${p.typeSource})` : ''}, ${p.bytes.length / INSN_SIZE} insns, ${p.lines.length} line records`];
  for (const s of p.subprogs) out.push(`  subprog ${s.start} ${s.name} ${s.global ? 'global' : 'static'} (${s.section})`);
  for (const r of p.relocs) out.push(`  reloc insn ${r.insn} ${r.kind} ${r.symbol}${r.target !== undefined ? (r.kind === 'call' || r.kind === 'func_ptr' ? ` -> insn ${r.target}` : ` -> map #${r.target}`) : ''}`);
  if (options.lines) for (const l of p.lines) out.push(`  line ${l.insn} ${l.file}:${l.line}:${l.col} ${l.text.trim()}`);
  return out;
}

/**
 * Prints an object.
 *
 * @example
 * printObject(obj).split('\n')[0] // 'object x.o: backend libbpf, license GPL'
 */
export function printObject(obj: ObjectFile, options: PrintOptions = {}): string {
  const out = [`object ${obj.path}: backend ${obj.backend ?? '?'}, license ${obj.license ?? '(none)'}`];
  out.push('sections:');
  for (const s of obj.sections) out.push(`  [${s.index}] ${s.name} ${SECTION_TYPE_NAMES[s.type] ?? `type_0x${s.type.toString(16)}`} size ${s.size}${s.executable ? ' exec' : ''}`);
  out.push('maps:');
  obj.maps.forEach((m, i) => out.push(`  #${i} ${printMap(m)}`));
  for (const p of obj.programs) out.push(...printProgram(p, options));
  for (const w of obj.warnings ?? []) out.push(formatDiagnostic(w));
  return `${out.join('\n')}\n`;
}

/** One program of `bpfdl objdump --json` (one JSON line each). */
export interface ObjdumpRecord {
  readonly object: string;
  readonly section: string;
  readonly program: string;
  readonly type: string;
  readonly insns: readonly { readonly idx: number; readonly text: string }[];
  readonly subprogs: readonly { readonly start: number; readonly name: string; readonly global: boolean }[];
}

/**
 * Selects programs by name or `section/name` (all when `prog` is undefined).
 *
 * @example
 * selectPrograms(obj, 'tc/tc_first').length // 1
 */
export function selectPrograms(obj: ObjectFile, prog: string | undefined): LoadedProgram[] {
  return obj.programs.filter((p) => prog === undefined || p.name === prog || `${p.section}/${p.name}` === prog);
}

/**
 * The JSON-Lines record of one program: kernel-style disassembly per instruction (the second
 * slot of an `ld_imm64` has no entry) and subprograms.
 *
 * @example
 * objdumpRecord(obj.programs[0]).insns[0] // { idx: 0, text: '(b7) r0 = 0' }
 */
export function objdumpRecord(p: LoadedProgram): ObjdumpRecord {
  const decoded = decodeRaw(p.bytes);
  const insns = decoded.insns.toArray().flatMap((i) => (i === undefined ? [] : [{ idx: i.idx, text: disasmInsn(i) }]));
  return { object: p.object, section: p.section, program: p.name, type: p.type, insns, subprogs: p.subprogs.map((s) => ({ start: s.start, name: s.name, global: s.global })) };
}

const PSEUDO_MAP_FD = 1;
const PSEUDO_MAP_VALUE = 2;
const HIGH_SHIFT = 32n;

/** `map[#i name]` / `map_value[#i name]+off` for relocated map loads (text listing only). */
function mapImmText(p: LoadedProgram, i: Insn): string | undefined {
  if (i.src !== PSEUDO_MAP_FD && i.src !== PSEUDO_MAP_VALUE) return undefined;
  const m = p.maps[i.imm];
  const ref = `#${i.imm}${m ? ` ${m.name}` : ''}`;
  if (i.src === PSEUDO_MAP_FD) return `map[${ref}]`;
  return `map_value[${ref}]+${Number(BigInt.asIntN(32, (i.imm64 ?? 0n) >> HIGH_SHIFT))}`;
}

/**
 * Full text listing (`bpfdl objdump`): `printObject` then, per program, the disassembly with
 * subprogram labels and source lines (map loads shown as `map[#i name]`, `map_value[#i name]+off`).
 *
 * @example
 * objdumpText(obj, 'xdp_main')
 */
export function objdumpText(obj: ObjectFile, prog?: string): string {
  const out = [printObject(prog === undefined ? obj : { ...obj, programs: selectPrograms(obj, prog) }).trimEnd()];
  for (const p of selectPrograms(obj, prog)) {
    out.push('', `disassembly of ${p.section}/${p.name}:`);
    const labels = new Map(p.subprogs.map((s) => [s.start, s.name] as const));
    const lines = new Map<number, string>();
    for (const l of p.lines) lines.set(l.insn, `; ${l.text.trim()} [${l.file}:${l.line}]`);
    for (const i of decodeRaw(p.bytes).insns) {
      if (i === undefined) continue;
      const label = labels.get(i.idx);
      if (label !== undefined) out.push(`${label}:`);
      const src = lines.get(i.idx);
      if (src !== undefined) out.push(`  ${src}`);
      out.push(`  ${String(i.idx).padStart(5)}: ${disasmInsn(i, { imm64Text: (x) => mapImmText(p, x) })}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/**
 * `bpfdl objdump` on a file: loads it, then text or JSON Lines. Unknown `prog` is a diagnostic.
 *
 * @example
 * objdumpFile('x.o', undefined, true) // right('{"object":"x.o",...}\n')
 */
export function objdumpFile(path: string, prog: string | undefined, json: boolean): E.Either<Diagnostic[], string> {
  return pipe(
    loadProgramFile(path),
    E.chain((obj) => {
      const progs = selectPrograms(obj, prog);
      if (progs.length === 0) return E.left([bpfError(ElfCode.program, `no program '${prog}' (have ${obj.programs.map((p) => `${p.section}/${p.name}`).join(', ')})`, { object: path })]);
      return E.right(json ? progs.map((p) => `${JSON.stringify(objdumpRecord(p))}\n`).join('') : objdumpText(obj, prog));
    }),
  );
}
