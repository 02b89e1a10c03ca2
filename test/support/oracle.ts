/**
 * Comparing bpfdl with the kernel oracle (../shared/oracle, or a fixture folder with the same
 * layout): register liveness must be exact; Linux 6.18's dynamic stack liveness must be a
 * subset of bpfdl's static result (oracle README, "The superset rule").
 *
 * Mapping a kernel key (callchain [c0 .. c(k-1), start], frame F, insn) to a bpfdl instance:
 * the same lookup as the pruning query (spec §6.4) — instance [c(k-1), d] for d = k .. 1, else
 * the root [start, 0] — and the frame rel = F + d - k; rel < 0 means bpfdl keeps everything
 * alive there (an ancestor of a detached root), which covers any kernel slot.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { Analysis } from '../../src/analysis/analyze.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedDir = path.resolve(repoRoot, '../shared');

/** One line of programs.jsonl. */
export interface OracleProgram {
  readonly object: string;
  readonly section: string | null;
  readonly program: string | null;
  readonly verdict: string;
  readonly fixture: string | null;
  readonly insns_loaded?: number;
  readonly verification_time_usec?: number;
  readonly processed_insns?: number;
}

/** One stack-liveness entry of a fixture. */
export interface StackEntry {
  readonly callchain: number[];
  readonly frame: number;
  readonly insn: number;
  readonly live?: number[];
  readonly written?: number[];
}

/** A liveness fixture (the fields used here). */
export interface Fixture {
  readonly object: string;
  readonly program: string;
  readonly live_regs: (number | null)[] | null;
  readonly stack: StackEntry[];
  readonly insns_loaded: number;
}

/** Reads programs.jsonl of an oracle folder. */
export function oraclePrograms(oracleDir = path.join(sharedDir, 'oracle')): OracleProgram[] {
  return fs.readFileSync(path.join(oracleDir, 'programs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as OracleProgram);
}

/** Reads one (gzip'd or plain) fixture. */
export function readFixture(oracleDir: string, rel: string): Fixture {
  const raw = fs.readFileSync(path.join(oracleDir, rel));
  return JSON.parse((rel.endsWith('.gz') ? zlib.gunzipSync(raw) : raw).toString('utf8')) as Fixture;
}

/** Register-liveness mismatches: insn indexes where bpfdl differs from the kernel's table. */
export function liveRegsMismatches(a: Analysis, fx: Fixture): number[] {
  const bad: number[] = [];
  if (!fx.live_regs) return bad;
  fx.live_regs.forEach((m, i) => {
    if (m !== null && a.liveRegs(i) !== m) bad.push(i);
  });
  return bad;
}

/** Result of comparing stack liveness with the kernel's. */
export interface StackComparison {
  /** Kernel-live 8-byte slots (summed over entries). */
  kernelSlots: number;
  /** bpfdl-live 8-byte slots at the same keys (a slot counts if either half is live). */
  ourSlots: number;
  /** Kernel-live slots bpfdl does not keep (8-byte mode: both halves; 4-byte: either half). */
  misses: { callchain: number[]; frame: number; insn: number; slot: number }[];
  /**
   * Misses explained by the oracle README's case 2 (code whose writes 6.18 never recorded):
   * from the insn, a CFG path reaches a bpfdl read of the slot in which every bpfdl write of
   * the slot is at an insn where the kernel recorded no `written` entry for it.
   */
  explained: { callchain: number[]; frame: number; insn: number; slot: number }[];
}

function explainedByUnrecordedWrites(a: Analysis, fx: Fixture, e: StackEntry, key: { cs: number; d: number; rel: number }, slot: number): boolean {
  const s = -slot / 8 - 1;
  const touches = (m: { has(k: number): boolean }): boolean => m.has(2 * s) || m.has(2 * s + 1);
  const recorded = new Set<number>();
  for (const x of fx.stack) if (x.frame === e.frame && x.callchain.join() === e.callchain.join() && (x.written ?? []).includes(slot)) recorded.add(x.insn);
  const inst = { callsite: key.cs, depth: key.d };
  const succ = a.input.cfg.succ;
  const seen = new Set<number>([e.insn]);
  const queue = [e.insn];
  while (queue.length > 0) {
    const i = queue.shift()!;
    if (touches(a.use(inst, key.rel, i))) return true;
    const d = a.def(inst, key.rel, i);
    if (d.has(2 * s) && d.has(2 * s + 1) && recorded.has(i)) continue;
    for (const j of succ.of(i)) if (!seen.has(j)) { seen.add(j); queue.push(j); }
  }
  return false;
}

function mapKey(a: Analysis, e: StackEntry): { cs: number; d: number; rel: number } | undefined {
  const k = e.callchain.length - 1;
  const start = e.callchain[k]!;
  if (k > 0) {
    const cs = e.callchain[k - 1]!;
    for (let d = k; d >= 1; d--) if (a.hasInstance(cs, d)) return { cs, d, rel: e.frame + d - k };
  }
  return a.hasInstance(start, 0) ? { cs: start, d: 0, rel: e.frame - k } : undefined;
}

/**
 * Compares the stack entries of a fixture with an analysis (run at granularity 8 for the
 * superset rule, or 4 for the half-slot difference report).
 */
export function compareStack(a: Analysis, fx: Fixture): StackComparison {
  const out: StackComparison = { kernelSlots: 0, ourSlots: 0, misses: [], explained: [] };
  for (const e of fx.stack) {
    const live = e.live ?? [];
    const m = mapKey(a, e);
    const mask = m && m.rel >= 0 ? a.liveBeforeAt(m.cs, m.d, m.rel, e.insn) : undefined;
    const covered = !m || m.rel < 0;
    out.kernelSlots += live.length;
    if (covered) out.ourSlots += live.length;
    else if (mask) for (let s = 0; s < 64; s++) if (mask.has(2 * s) || mask.has(2 * s + 1)) out.ourSlots++;
    if (covered) continue;
    for (const off of live) {
      const s = -off / 8 - 1;
      const lo = mask?.has(2 * s) ?? false;
      const hi = mask?.has(2 * s + 1) ?? false;
      const kept = a.granularity === 8 ? lo && hi : lo || hi;
      if (kept) continue;
      const miss = { callchain: e.callchain, frame: e.frame, insn: e.insn, slot: off };
      if (m && explainedByUnrecordedWrites(a, fx, e, m, off)) out.explained.push(miss);
      else out.misses.push(miss);
    }
  }
  return out;
}
