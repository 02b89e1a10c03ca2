/**
 * Builds the typed results of results.ts from flat rows, as a rule evaluation produces them
 * (one row per (instance, frame, insn) and kind of mask). Masks of the same key and kind are
 * joined (union); missing masks are empty; a frame that has no row stays undefined ("never
 * recorded"), as in the kernel.
 *
 *     row (callsite, depth, frame, insn, kind ∈ {use, def, live}, mask)
 *       -> InstanceResult{callsite, depth, subprog, start, end, name, frames[frame].get(insn)}
 */
import { Mask } from '../eval/lattices/mask-value.js';
import type { FrameMasks, InsnMasks, InstanceResult } from './results.js';

/** One flat row of stack liveness output. */
export interface MaskRow {
  readonly callsite: number;
  readonly depth: number;
  readonly frame: number;
  readonly insn: number;
  readonly kind: 'use' | 'def' | 'live';
  readonly mask: Mask;
}

/** A subprogram's extent (and BTF name), indexed by subprog number. */
export interface SubprogExtent {
  readonly start: number;
  readonly end: number;
  readonly name?: string;
}

/**
 * Groups rows into instances; the subprog of an instance is the one containing its first
 * row's insn. Instances come back sorted by (callsite, depth).
 *
 * @example
 * buildInstances([{ start: 0, end: 4 }], [{ callsite: 0, depth: 0, frame: 0, insn: 1, kind: 'use', mask: Mask.of(0, 1) }])
 * // [{ callsite: 0, depth: 0, subprog: 0, start: 0, end: 4, frames: [Map {1 => {use: {0,1}, ...}}] }]
 */
export function buildInstances(subprogs: readonly SubprogExtent[], rows: Iterable<MaskRow>): InstanceResult[] {
  const byKey = new Map<string, { callsite: number; depth: number; frames: Map<number, InsnMasks>[]; anyInsn: number }>();
  for (const r of rows) {
    if (!(r.frame >= 0 && r.frame <= r.depth)) throw new Error(`frame ${r.frame} outside 0..${r.depth}`);
    const key = `${r.callsite}/${r.depth}`;
    let inst = byKey.get(key);
    if (!inst) byKey.set(key, (inst = { callsite: r.callsite, depth: r.depth, frames: [], anyInsn: r.insn }));
    const frame = (inst.frames[r.frame] ??= new Map());
    const old = frame.get(r.insn) ?? { use: Mask.EMPTY, def: Mask.EMPTY, liveBefore: Mask.EMPTY };
    const field = r.kind === 'live' ? 'liveBefore' : r.kind;
    frame.set(r.insn, { ...old, [field]: old[field].union(r.mask) });
  }
  const out: InstanceResult[] = [];
  for (const inst of byKey.values()) {
    const subprog = subprogs.findIndex((s) => inst.anyInsn >= s.start && inst.anyInsn < s.end);
    if (subprog < 0) throw new Error(`insn ${inst.anyInsn} is in no subprogram`);
    const s = subprogs[subprog]!;
    const frames: (FrameMasks | undefined)[] = Array.from({ length: inst.depth + 1 }, (_, f) => inst.frames[f]);
    const base = { callsite: inst.callsite, depth: inst.depth, subprog, start: s.start, end: s.end, frames };
    out.push(s.name === undefined ? base : { ...base, name: s.name });
  }
  return out.sort((a, b) => a.callsite - b.callsite || a.depth - b.depth);
}
