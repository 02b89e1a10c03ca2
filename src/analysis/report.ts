/**
 * Output forms of an Analysis for `bpfdl live`:
 *
 *   - `kernelLog`: the verifier's log formats (spec liveness.md §7), so that users can diff
 *     bpfdl against a kernel log: per analysis the `subprog#S: analyzing (depth D)...` line and
 *     the post-convergence arg-tracking dump, then the `stack use/def` blocks, then the
 *     `Live regs before insn:` table.
 *   - `jsonRecord`: one JSON object per program,
 *       {object, section, program, insnCount, liveRegs: [mask | null per insn],
 *        instances: [{callsite (null for a root), depth, subprog, start,
 *                     live|use|def: [{insn, frame, halfSlots: [k...]}]}]}
 *     listing only non-empty sets. Half-slot k covers bytes [fp-4(k+1), fp-4k).
 */
import { disasmInsn } from '../bpf/disasm.js';
import type { Mask } from '../eval/lattices/mask-value.js';
import type { Analysis } from './analyze.js';
import { analyzingLine, formatArgTrackDump } from './log/arg-track.js';
import { formatLiveRegs } from './log/live-regs.js';
import { formatStackUseDef } from './log/stack-use-def.js';
import type { InsnMasks, InstanceResult } from './results.js';

/** Kernel text of every instruction (undefined for the second slot of an ld_imm64). */
export function insnTexts(a: Analysis): (string | undefined)[] {
  return a.input.decoded.insns.toArray().map((i) => (i ? disasmInsn(i) : undefined));
}

/**
 * The kernel-format log of an analysis, as lines.
 *
 * @example
 * kernelLog(analysis).join('\n')
 */
export function kernelLog(a: Analysis): string[] {
  const text = insnTexts(a);
  const out: string[] = [];
  for (const r of a.results.argTracking) {
    out.push(analyzingLine(r.subprog, r.depth));
    out.push(...formatArgTrackDump(r, text));
  }
  out.push(...formatStackUseDef(a.results.stack.instances, text));
  out.push(...formatLiveRegs(a.results.regs, text));
  return out;
}

/** One `{insn, frame, halfSlots}` entry. */
export interface SlotEntry {
  readonly insn: number;
  readonly frame: number;
  readonly halfSlots: number[];
}

/** One instance in the JSON output. */
export interface InstanceRecord {
  readonly callsite: number | null;
  readonly depth: number;
  readonly subprog: number;
  readonly start: number;
  readonly live: SlotEntry[];
  readonly use: SlotEntry[];
  readonly def: SlotEntry[];
}

/** The JSON output of one program. */
export interface LiveRecord {
  readonly object: string;
  readonly section: string;
  readonly program: string;
  readonly insnCount: number;
  readonly liveRegs: (number | null)[];
  readonly instances: InstanceRecord[];
}

function entries(inst: InstanceResult, pick: (m: InsnMasks) => Mask): SlotEntry[] {
  const out: SlotEntry[] = [];
  inst.frames.forEach((fm, frame) => {
    if (!fm) return;
    for (const [insn, m] of fm) {
      const mask = pick(m);
      if (!mask.isEmpty()) out.push({ insn, frame, halfSlots: mask.members() });
    }
  });
  return out.sort((x, y) => x.insn - y.insn || x.frame - y.frame);
}

/**
 * The JSON record of an analysis (see the file header).
 *
 * @example
 * JSON.stringify(jsonRecord(analysis))
 */
export function jsonRecord(a: Analysis): LiveRecord {
  const p = a.input.prog;
  return {
    object: p.object,
    section: p.section,
    program: p.name,
    insnCount: a.input.decoded.length,
    liveRegs: [...a.results.regs.liveRegs],
    instances: a.results.stack.instances.map((i) => ({
      callsite: i.depth === 0 ? null : i.callsite,
      depth: i.depth,
      subprog: i.subprog,
      start: i.start,
      live: entries(i, (m) => m.liveBefore),
      use: entries(i, (m) => m.use),
      def: entries(i, (m) => m.def),
    })),
  };
}
