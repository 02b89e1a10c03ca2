/**
 * Test helpers: the repository root, the shared corpus/oracle (../shared relative to the repo
 * root), and the comparison of a loaded program with the kernel oracle's record.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { LoadedProgram } from '../../src/bpf/object.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedDir = path.resolve(repoRoot, '../shared');
export const corpusDir = path.join(sharedDir, 'corpus');
export const haveShared = fs.existsSync(path.join(sharedDir, 'oracle', 'programs.jsonl'));

/** One line of shared/oracle/programs.jsonl (the fields used here). */
export interface OracleProgram {
  readonly object: string;
  readonly section: string | null;
  readonly program: string | null;
  readonly prog_type: string | null;
  readonly backend: string | null;
  readonly insns_loaded: number | null;
  readonly fixture: string | null;
}

/** The oracle's fixture fields used here. */
export interface OracleFixture {
  readonly subprog_starts: readonly number[];
  readonly insn_text: readonly (string | null)[] | null;
}

export function oraclePrograms(): OracleProgram[] {
  return fs.readFileSync(path.join(sharedDir, 'oracle', 'programs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as OracleProgram);
}

export function oracleFixture(rel: string): OracleFixture {
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(sharedDir, 'oracle', rel))).toString('utf8')) as OracleFixture;
}

/** Every `.o` under the corpus, as paths relative to it, sorted. */
export function corpusObjects(): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(path.join(corpusDir, d), { withFileTypes: true })) {
      const rel = d ? `${d}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.o')) out.push(rel);
    }
  };
  walk('');
  return out.sort();
}

const OPCODE_TEXT = /^\(([0-9a-f]{2})\)/;
const CALL_PC = /call pc([+-]\d+)/;
/** Memory operand `(rN +OFF)` of loads, stores and atomics. */
const MEM_OFF = /\(r\d+ ([+-]\d+)\)/;

/**
 * Differences between a loaded program and the oracle: instruction count, program type, loader
 * (libbpf or legacy), subprogram starts, and per instruction the opcode byte (the kernel
 * prints it as `(xx)`), the relative target of bpf-to-bpf calls (`call pc+N`) and the offset of
 * memory operands (`(r1 +68)`, which CO-RE relocations change).
 */
export function compareWithOracle(p: LoadedProgram, r: OracleProgram, fx: OracleFixture | undefined): string[] {
  const probs: string[] = [];
  const n = p.bytes.length / 8;
  if (n !== r.insns_loaded) probs.push(`insn count ${n}, oracle ${r.insns_loaded}`);
  if (r.prog_type !== null && p.type !== r.prog_type) probs.push(`type ${p.type}, oracle ${r.prog_type}`);
  if (r.backend !== null && p.backend !== r.backend) probs.push(`backend ${p.backend}, oracle ${r.backend}`);
  if (fx === undefined) return probs;
  const starts = p.subprogs.map((s) => s.start);
  if (JSON.stringify(starts) !== JSON.stringify(fx.subprog_starts)) probs.push(`subprog starts [${starts.join(',')}], oracle [${fx.subprog_starts.join(',')}]`);
  const dv = new DataView(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength);
  (fx.insn_text ?? []).forEach((t, i) => {
    if (t === null || i >= n) return;
    const op = OPCODE_TEXT.exec(t);
    if (op && parseInt(op[1]!, 16) !== p.bytes[i * 8]) probs.push(`insn ${i}: opcode 0x${p.bytes[i * 8]!.toString(16)}, oracle ${t}`);
    const call = CALL_PC.exec(t);
    if (call && dv.getInt32(i * 8 + 4, true) !== Number(call[1])) probs.push(`insn ${i}: call imm ${dv.getInt32(i * 8 + 4, true)}, oracle ${t}`);
    const mem = MEM_OFF.exec(t);
    if (mem && dv.getInt16(i * 8 + 2, true) !== Number(mem[1])) probs.push(`insn ${i}: memory offset ${dv.getInt16(i * 8 + 2, true)}, oracle ${t}`);
  });
  return probs;
}
