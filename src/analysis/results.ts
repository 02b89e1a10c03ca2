/**
 * Typed results of the liveness analyses, as the rules' output is read back into TypeScript
 * (the analysis driver fills them; the kernel-format log writers in ./log/ print them).
 *
 *   - StackLivenessResult: per function instance (callsite, depth) and frame 0..depth, per insn
 *     of the instance's subprog: `use` (may_read), `def` (must_write), `liveBefore` — 128-bit
 *     half-slot masks (spec liveness.md §4-§6).
 *   - ArgTrackResult: per analysis of a subprog at a depth, the converged in-state of every
 *     visited insn: r0..r10 and the 64 tracked own-stack slots (§3).
 *   - RegLivenessResult: the `Live regs before insn` table (§7.4).
 *
 * Instruction indexes are absolute program slot indexes; the second slot of an ld_imm64 has
 * no entry anywhere.
 */
import type { Mask } from '../eval/lattices/mask-value.js';
import type { ArgVal } from './argtrack-value.js';

/** Masks of one insn in one frame (absent masks are empty). */
export interface InsnMasks {
  readonly use: Mask;
  readonly def: Mask;
  readonly liveBefore: Mask;
}

/** Per-insn masks of one frame; an insn without an entry has all masks empty. */
export type FrameMasks = ReadonlyMap<number, InsnMasks>;

/** One function instance (spec §5.1). */
export interface InstanceResult {
  /** Subprog start for depth 0, else the call insn that entered the subprog. */
  readonly callsite: number;
  readonly depth: number;
  /** Subprog index (0 = main). */
  readonly subprog: number;
  /** First insn of the subprog. */
  readonly start: number;
  /** One past the last insn of the subprog. */
  readonly end: number;
  /** BTF name of the subprog, if known. */
  readonly name?: string;
  /** `frames[f]`, f = 0..depth; undefined = the frame was never recorded (all empty). */
  readonly frames: readonly (FrameMasks | undefined)[];
}

/** All instances of one program. */
export interface StackLivenessResult {
  readonly instances: readonly InstanceResult[];
}

/** Converged arg-tracking in-state at one insn. */
export interface ArgTrackInState {
  /** r0..r10 (11 values). */
  readonly regs: readonly ArgVal[];
  /** Slots 0..63 (slot t = bytes [fp-8(t+1), fp-8t)). */
  readonly stack: readonly ArgVal[];
}

/** One arg-tracking analysis run (one `subprog#S: analyzing (depth D)...` block). */
export interface ArgTrackResult {
  readonly subprog: number;
  readonly depth: number;
  /** Callsite of the instance analysed (see InstanceResult.callsite). */
  readonly callsite: number;
  readonly start: number;
  readonly end: number;
  readonly name?: string;
  /** In-state per visited insn; an insn without an entry is UNVISITED everywhere. */
  readonly inStates: ReadonlyMap<number, ArgTrackInState>;
}

/** Register liveness table (spec §7.4). */
export interface RegLivenessResult {
  /** Bit j = rj live before insn i (r0..r9); null for the second slot of an ld_imm64. */
  readonly liveRegs: readonly (number | null)[];
  /** SCC id per insn (0 = not in a loop), or null when the program has no loop. */
  readonly scc: readonly number[] | null;
}

/** Everything the stack/register liveness pipeline produces for one program. */
export interface LivenessResults {
  readonly stack: StackLivenessResult;
  /** Analyses in execution order (spec §5.2/§5.3). */
  readonly argTracking: readonly ArgTrackResult[];
  readonly regs: RegLivenessResult;
}

/**
 * Subprog label as the kernel prints it: `subprog#<S>` plus ` <name>` when known.
 *
 * @example
 * subprogLabel(1, 'foo') // 'subprog#1 foo'
 */
export function subprogLabel(subprog: number, name?: string): string {
  return name ? `subprog#${subprog} ${name}` : `subprog#${subprog}`;
}
