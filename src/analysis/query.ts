/**
 * The pruning query (spec liveness.md §6.4): is half-slot k of frame F still alive in a
 * verifier state whose call stack is described by `callsites` and whose top frame is at `pc`?
 *
 *   cur = |callsites|; frame i's call site cs_i = callsites[i-1] (i > 0);
 *   inst(i) = first existing of [cs_i, i], [cs_i, i-1], ..., [cs_i, 1], [start_i, 0];
 *   alive(F, k) =
 *     inst(cur) missing                                                  → alive
 *     0 ≤ rel ≤ depth(T), rel = F + depth(T) - cur, k ∈ live_before(T, rel, pc)  → alive
 *     for i = F .. cur-1, Ii = inst(i), rel = F + depth(Ii) - i:
 *       Ii missing or rel ∉ [0, depth(Ii)]                                → alive
 *       k ∈ live_before(Ii, rel, callbackCall(cs) ? cs : cs + 1), cs = callsites[i]  → alive
 *     otherwise dead.
 *
 * Consumer: the verifier's state cleaning (a dead half-slot becomes POISON / "don't care").
 */
import type { Mask } from '../eval/lattices/mask-value.js';

/** What the query needs from an analysis. */
export interface LivenessTables {
  /** Subprogram start containing `insn`. */
  subprogStart(insn: number): number;
  /** Depth of instance [callsite, depth], or undefined if it does not exist. */
  hasInstance(callsite: number, depth: number): boolean;
  /** live_before of instance [callsite, depth], frame, insn (undefined = empty). */
  liveBeforeAt(callsite: number, depth: number, frame: number, insn: number): Mask | undefined;
  /** True if the insn is a callback-calling helper call. */
  callsCallback(insn: number): boolean;
}

type Inst = readonly [number, number] | undefined;

function lookup(t: LivenessTables, frame: number, callsites: readonly number[], pc: number): Inst {
  const start = t.subprogStart(frame < callsites.length ? callsites[frame]! : pc);
  if (frame > 0) {
    const cs = callsites[frame - 1]!;
    for (let d = frame; d >= 1; d--) if (t.hasInstance(cs, d)) return [cs, d];
  }
  return t.hasInstance(start, 0) ? [start, 0] : undefined;
}

/**
 * §6.4 `alive(F, k)` for the state (callsites, pc).
 *
 * @example
 * stackSlotAlive(tables, [], 12, 0, 1) // is fp-8's upper half live in main at insn 12?
 */
export function stackSlotAlive(t: LivenessTables, callsites: readonly number[], pc: number, frame: number, halfSlot: number): boolean {
  const cur = callsites.length;
  if (frame < 0 || frame > cur) return true;
  const top = lookup(t, cur, callsites, pc);
  if (!top) return true;
  const relTop = frame + top[1] - cur;
  if (relTop >= 0 && relTop <= top[1] && t.liveBeforeAt(top[0], top[1], relTop, pc)?.has(halfSlot)) return true;
  for (let i = frame; i < cur; i++) {
    const inst = lookup(t, i, callsites, pc);
    if (!inst) return true;
    const rel = frame + inst[1] - i;
    if (rel < 0 || rel > inst[1]) return true;
    const cs = callsites[i]!;
    const at = t.callsCallback(cs) ? cs : cs + 1;
    if (t.liveBeforeAt(inst[0], inst[1], rel, at)?.has(halfSlot)) return true;
  }
  return false;
}
