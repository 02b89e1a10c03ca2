/**
 * The REPL's `.insn N` on a BPF program: instruction N in the verifier's syntax and what the
 * analysis rules derived for it, read from the session's CURRENT database (so it reflects
 * facts the user added) by key lookups only (no scan of the large relations):
 *
 *      10: (79) r0 = *(u64 *)(r1 +0)
 *       live regs: r1                              live_regs(N, M), bits r0..r9 ('-' if none)
 *       [5, 1] subprog#1 rd (d1,cs5):              per instance(K, S, _, D) with S = subprog of N
 *         frame 0: live fp0-8; use fp0-8; def -    live_before / may_read / must_write(K, F, N, M),
 *         frame 1: live -; use -; def -            F = 0..D, kernel slot-mask text (fmtSlotMask)
 *         args: r1=fp0-8                           at_state(K, N, X): r0..r9 and the slots
 *                                                  for the 64 spill slots (fp-8(T+1)), pointers only,
 *                                                  kernel text (showKernel); 'unvisited' if N was
 *                                                  not reached in K, '-' if nothing holds a pointer
 *
 * The second slot of an ld_imm64 and indexes outside the program are user errors (a line).
 */
import { disasmInsn } from '../bpf/disasm.js';
import type { DecodedProgram } from '../bpf/insn.js';
import type { Cfg } from '../bpf/cfg.js';
import { Mask } from '../eval/lattices/mask-value.js';
import type { ArgState } from './argtrack-state.js';
import { isPointer, showKernel } from './argtrack-value.js';
import { insnLine } from './log/line.js';
import { fmtSlotMask } from './log/slot-mask.js';
import { subprogLabel } from './results.js';

/**
 * Read access to the relations of an evaluated database (the library's `Database` fits).
 *
 * @example
 * const reader: RelationReader = db; reader.relation('live_regs').lookup(3)
 */
export interface RelationReader {
  relation(name: string): { rows(): readonly (readonly unknown[])[]; lookup(...key: unknown[]): unknown };
}

/** What `.insn` needs to know about the program besides the database. */
export interface InsnProgram {
  readonly decoded: DecodedProgram;
  readonly cfg: Cfg;
}

/** Usage and one-line description of the command (for `.help`). */
export const INSN_COMMAND_HELP = '.insn N                 instruction N: live registers, live slots per frame, use/def, arg values';

const maskText = (frame: number, m: unknown): string => {
  const s = m instanceof Mask ? fmtSlotMask(frame, m) : '';
  return s === '' ? '-' : s;
};

function liveRegsText(m: unknown): string {
  if (!(m instanceof Mask)) return '-';
  const regs: string[] = [];
  for (let r = 0; r < 10; r++) if (m.has(r)) regs.push(`r${r}`);
  return regs.length ? regs.join(' ') : '-';
}

function argsText(db: RelationReader, key: readonly number[], insn: number): string {
  const state = db.relation('at_state').lookup(key, insn) as ArgState | undefined;
  const regs = state?.regs ?? [];
  if (regs.length === 0) return 'unvisited';
  const parts: string[] = [];
  for (let r = 0; r < 10; r++) if (regs[r] && isPointer(regs[r]!)) parts.push(`r${r}=${showKernel(regs[r]!)}`);
  state!.stk.forEach((v, t) => {
    if (isPointer(v)) parts.push(`fp${-8 * (t + 1)}=${showKernel(v)}`);
  });
  return parts.length ? parts.join(' ') : '-';
}

/**
 * Runs `.insn ARG` against `db` and returns the text to print (ends with a newline).
 *
 * @example
 * insnCommand(program, db, '10') // ' 10: (79) r0 = *(u64 *)(r1 +0)\n  live regs: r1\n  [5, 1] subprog#1 rd (d1,cs5):\n ...'
 */
export function insnCommand(prog: InsnProgram, db: RelationReader, arg: string): string {
  const n = prog.decoded.insns.length;
  if (!/^\d+$/.test(arg)) return 'usage: .insn N   (N = instruction index)\n';
  const i = Number(arg);
  if (i >= n) return `no instruction ${i} (the program has instructions 0..${n - 1})\n`;
  const insn = prog.decoded.insns.at(i);
  if (insn === undefined) return `${i} is the second slot of the ld_imm64 at ${i - 1}\n`;
  const out = [insnLine(i, disasmInsn(insn)), `  live regs: ${liveRegsText(db.relation('live_regs').lookup(i))}`];
  const s = prog.cfg.subprogOf[i]!;
  const sp = prog.cfg.subprogs[s]!;
  const instances = db.relation('instance').rows()
    .filter((r) => r[1] === s)
    .map((r) => r[0] as readonly number[])
    .sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  if (instances.length === 0) out.push(`  no instance of ${subprogLabel(s, sp.name)} (not analysed)`);
  const live = db.relation('live_before'), use = db.relation('may_read'), def = db.relation('must_write');
  for (const key of instances) {
    const [cs, depth] = [key[0]!, key[1]!];
    out.push(`  [${cs}, ${depth}] ${subprogLabel(s, sp.name)} (d${depth},cs${cs}):`);
    for (let f = 0; f <= depth; f++) {
      const d = def.lookup(key, f, i);
      // an underived must_write keeps the mask_meet bottom (all slots): nothing is written
      const defText = d instanceof Mask && d.equals(Mask.ALL) ? '-' : maskText(f, d);
      out.push(`    frame ${f}: live ${maskText(f, live.lookup(key, f, i))}; use ${maskText(f, use.lookup(key, f, i))}; def ${defText}`);
    }
    out.push(`    args: ${argsText(db, key, i)}`);
  }
  return out.join('\n') + '\n';
}
