/**
 * The argument-tracking lattice and its transfer pieces packaged for the rule engine:
 * `argtrackLattices` (the `argval` lattice) and `argtrackFunctors` (pure `FunctorSpec`s).
 * Booleans are numbers 0/1; masks are the `mask` lattice's `Mask`.
 *
 * | functor | params | result |
 * |---|---|---|
 * | `at_none()`, `at_fp(depth)` | number | argval (`NONE`, `P(depth,{0})`) |
 * | `at_padd(v, delta)`, `at_psub(v, imm)` | argval, number | argval |
 * | `at_scramble(v)` | argval | argval |
 * | `at_alu64(d, s)` | argval, argval | argval |
 * | `at_local_ok(v, depth, isR10)` | argval, number, number | number (0/1) |
 * | `at_is_ptr(v)`, `at_frames(v)` | argval | number |
 * | `at_ldx_case(v, depth, isR10, isMem, sz)` | argval, number×4 | number (1..4, §3.4 LDX rules) |
 * | `at_fill_slots(v, off, isR10)` | argval, number, number | number (generator) |
 * | `at_fill_base(v, off, isR10, top)` | argval, number×3 | argval |
 * | `at_spill_slot(old, t, v, off, isR10, sz, x)` | argval, number, argval, number×3, argval | argval |
 * | `at_clear_slot(old, t, v, off, isR10, sz)` | argval, number, argval, number×3 | argval |
 * | `at_access_frames(v, depth)` | argval, number | number (generator) |
 * | `at_may_read(v, off, n, depth, frame)`, `at_must_write(...)` | argval, number×4 | mask |
 */
import type { FunctorSpec, Lattice } from '../base/lattice.js';
import { type ArgVal, NONE, argvalLattice, framesOf, isPointer } from './argtrack-value.js';
import { alu64, framePointer, ldxCase, localOK, padd, psub, scramble } from './argtrack-transfer.js';
import { clearSlot, fillBase, fillSlots, spillSlot } from './argtrack-stack.js';
import { access, accessFrames } from './argtrack-record.js';
import { Mask } from '../eval/lattices/mask-value.js';

/**
 * Lattices to register (by name) with the engine.
 *
 * @example
 * argtrackLattices.map((l) => l.name) // ['argval']
 */
export const argtrackLattices: readonly Lattice<ArgVal>[] = [argvalLattice];

const A = 'argval', N = 'number', M = 'mask';
const f = (name: string, params: string[], result: string, fn: FunctorSpec['fn'], generator?: boolean): FunctorSpec =>
  generator ? { name, params, result, fn, generator } : { name, params, result, fn };

/**
 * Functors to register with the engine (all pure).
 *
 * @example
 * argtrackFunctors.find((s) => s.name === 'at_padd')?.params // ['argval', 'number']
 */
export const argtrackFunctors: readonly FunctorSpec[] = [
  f('at_none', [], A, (() => NONE) as FunctorSpec['fn']),
  f('at_fp', [N], A, framePointer as FunctorSpec['fn']),
  f('at_padd', [A, N], A, padd as FunctorSpec['fn']),
  f('at_psub', [A, N], A, psub as FunctorSpec['fn']),
  f('at_scramble', [A], A, scramble as FunctorSpec['fn']),
  f('at_alu64', [A, A], A, alu64 as FunctorSpec['fn']),
  f('at_local_ok', [A, N, N], N, ((v: ArgVal, d: number, r10: number) => (localOK(v, d, r10 !== 0) ? 1 : 0)) as FunctorSpec['fn']),
  f('at_ldx_case', [A, N, N, N, N], N, ldxCase as FunctorSpec['fn']),
  f('at_is_ptr', [A], N, ((v: ArgVal) => (isPointer(v) ? 1 : 0)) as FunctorSpec['fn']),
  f('at_frames', [A], N, framesOf as FunctorSpec['fn']),
  f('at_fill_slots', [A, N, N], N, fillSlots as FunctorSpec['fn'], true),
  f('at_fill_base', [A, N, N, N], A, fillBase as FunctorSpec['fn']),
  f('at_spill_slot', [A, N, A, N, N, N, A], A, spillSlot as FunctorSpec['fn']),
  f('at_clear_slot', [A, N, A, N, N, N], A, clearSlot as FunctorSpec['fn']),
  f('at_access_frames', [A, N], N, accessFrames as FunctorSpec['fn'], true),
  f('at_may_read', [A, N, N, N, N], M,
    ((v: ArgVal, o: number, n: number, d: number, fr: number) => access(v, o, n, d, fr).mayRead) as FunctorSpec['fn']),
  // An unvisited pointer (⊥) defines everything — the bottom of the `mask_meet` column — so
  // that the functor is anti-monotone on the whole domain, ⊥ included.
  f('at_must_write', [A, N, N, N, N], M,
    ((v: ArgVal, o: number, n: number, d: number, fr: number) => (v.kind === 'unvisited' ? Mask.ALL : access(v, o, n, d, fr).mustWrite)) as FunctorSpec['fn']),
];

/**
 * Argument positions in which each functor is monotone (property-tested in
 * test/analysis/argtrack-functors.test.ts), for a checker that accepts user functors in
 * recursive strata. `at_must_write` is anti-monotone in its pointer, i.e. monotone into a
 * `mask_meet` (intersection) column, which is where must_write belongs. Positions left out
 * are monotone only under the guards the rules apply (e.g. the pointer of `at_spill_slot`
 * passes `at_local_ok`; see docs/argtrack-lattice.md), or not at all (`at_fill_slots`: an
 * imprecise pointer enumerates no slot and is covered by `at_fill_base`).
 *
 * @example
 * argtrackMonotonePositions.at_alu64 // [0, 1]
 */
export const argtrackMonotonePositions: Readonly<Record<string, readonly number[]>> = {
  at_padd: [0],
  at_psub: [0],
  at_scramble: [0],
  at_alu64: [0, 1],
  at_local_ok: [0],
  at_is_ptr: [0],
  at_frames: [0],
  at_spill_slot: [0, 6],
  at_clear_slot: [0],
  at_may_read: [0],
  at_must_write: [0],
};
