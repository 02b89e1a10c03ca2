/**
 * Comparison of a static stack-liveness result with the kernel oracle's dynamic one
 * (../shared/oracle/README.md, "The superset rule"): for every oracle entry
 * {callchain, frame, insn, live}, every live 8-byte slot must be live in the static result.
 *
 *     chain [c_0, ..., c_{n-2}, start]  ->  instance key (callsite, depth) with depth = n-1,
 *                                           callsite = start if depth = 0 else c_{n-2}
 *     kernel slot o = -8(s+1) live      =>  static half-slot 2s or 2s+1 live
 *                                           (4-byte kills may leave one half dead: finer, not a miss)
 *
 * The oracle's `frame` is the verifier's absolute frame number, which is the instance's frame
 * index when the instance depth equals the chain depth (it always does for in-chain instances).
 */
import type { Mask } from '../eval/lattices/mask-value.js';

/** One entry of an oracle fixture's `stack` list. */
export interface OracleStackEntry {
  readonly callchain: readonly number[];
  readonly frame: number;
  readonly insn: number;
  readonly live?: readonly number[];
  readonly written?: readonly number[];
}

/** A static liveness lookup: live_before of (instance, frame, insn), undefined = no such instance/frame. */
export type StaticLive = (callsite: number, depth: number, frame: number, insn: number) => Mask | undefined;

/** A kernel-live slot the static result misses. */
export interface SupersetMiss {
  readonly callchain: readonly number[];
  readonly frame: number;
  readonly insn: number;
  /** Slot offset (-8, -16, ...). */
  readonly slot: number;
  /** Why: the instance/frame is absent, or neither half is live. */
  readonly reason: 'no-instance' | 'dead';
}

/**
 * Instance key of a kernel call chain.
 *
 * @example
 * chainKey([9, 15]) // { callsite: 9, depth: 1 }
 * chainKey([0])     // { callsite: 0, depth: 0 }
 */
export function chainKey(callchain: readonly number[]): { callsite: number; depth: number } {
  if (callchain.length === 0) throw new Error('empty call chain');
  const depth = callchain.length - 1;
  return { callsite: depth === 0 ? callchain[0]! : callchain[depth - 1]!, depth };
}

/**
 * Half-slots of a kernel 8-byte slot offset (-8 -> [0, 1]).
 *
 * @example
 * halfSlotsOf(-16) // [2, 3]
 */
export function halfSlotsOf(slot: number): [number, number] {
  if (!(slot <= -8 && slot % 8 === 0)) throw new Error(`not a slot offset: ${slot}`);
  const s = -slot / 8 - 1;
  return [2 * s, 2 * s + 1];
}

/**
 * Every kernel-live slot the static result does not cover.
 *
 * @example
 * supersetMisses(fixture.stack, (cs, d, f, i) => lookup(cs, d, f, i)) // [] when sound
 */
export function supersetMisses(entries: readonly OracleStackEntry[], live: StaticLive): SupersetMiss[] {
  const out: SupersetMiss[] = [];
  for (const e of entries) {
    if (!e.live || e.live.length === 0) continue;
    const { callsite, depth } = chainKey(e.callchain);
    const m = live(callsite, depth, e.frame, e.insn);
    for (const slot of e.live) {
      const [lo, hi] = halfSlotsOf(slot);
      if (m === undefined) out.push({ callchain: e.callchain, frame: e.frame, insn: e.insn, slot, reason: 'no-instance' });
      else if (!m.has(lo) && !m.has(hi)) out.push({ callchain: e.callchain, frame: e.frame, insn: e.insn, slot, reason: 'dead' });
    }
  }
  return out;
}
