/**
 * Text form of an `ObjectFile` (the non-disassembly part of `bpfdl objdump`): sections,
 * maps, programs with type and instruction count, subprograms, relocations, source-line
 * count, warnings. Stable and line-oriented, for golden tests.
 */
import type { MapDef, ObjectFile, LoadedProgram } from './object.js';
import { formatDiagnostic } from '../base/diagnostic.js';

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

/** Map type name (or the number). */
export const mapTypeName = (t: number): string => MAP_TYPE_NAMES[t] ?? `type_${t}`;

/** One map as a single line. */
export function printMap(m: MapDef): string {
  const extra = [m.readonly ? 'readonly' : '', m.inner ? `inner(${mapTypeName(m.inner.type)} key ${m.inner.keySize} value ${m.inner.valueSize} max ${m.inner.maxEntries})` : '', m.initial && m.origin === 'data' && m.initial.some((b) => b !== 0) ? 'initialised' : ''].filter((x) => x);
  return `${m.name}: ${mapTypeName(m.type)} key ${m.keySize} value ${m.valueSize} max ${m.maxEntries} flags 0x${m.flags.toString(16)} ${m.origin} ${m.section}${extra.length ? ` ${extra.join(' ')}` : ''}`;
}

/** Options of `printObject`. */
export interface PrintOptions {
  /** Also list every source-line record (`line <insn> <file>:<line>:<col> <text>`). */
  readonly lines?: boolean;
}

/** One program's header, subprograms and relocations. */
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
