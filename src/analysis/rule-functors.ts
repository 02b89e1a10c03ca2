/**
 * Functors the analysis rules use beyond the argument-tracking pieces of
 * argtrack-functors.ts: value classification (`at_ptr_frame`, `at_is_imp`) and the
 * granularity switch of stack_liveness.dl.
 *
 * Granularity (spec liveness.md §4 vs oracle README "Stack liveness"): with G = 4 masks are
 * used as computed (4-byte half-slots). With G = 8 (the Linux 6.18-compatible mode) every spi
 * s = half-slots {2s, 2s+1} is treated as one slot:
 *
 *     gran_read(M, 8)  = ⋃ { {2s, 2s+1} | 2s ∈ M or 2s+1 ∈ M }     (a touch reads the slot)
 *     gran_write(M, 8, 0) = ⋃ { {2s, 2s+1} | 2s ∈ M and 2s+1 ∈ M }  (only full slots are killed)
 *     gran_write(M, 8, 1) = ∅                    (6.18 records no kill for helper/kfunc writes)
 *
 * Both are monotone in M (gran_write is used in a `mask_meet` relation, where the order is
 * reversed; it is monotone for ⊆ as well, so also for ⊇).
 */
import type { FunctorSpec } from '../base/lattice.js';
import { Mask } from '../eval/lattices/mask-value.js';
import type { ArgVal } from './argtrack-value.js';

const EVEN = 0x55555555 | 0;
const ODD = 0xaaaaaaaa | 0;

function spread(w: number, full: boolean): number {
  const lo = w & EVEN;
  const hi = (w & ODD) >>> 1;
  const s = full ? lo & hi : lo | hi;
  return (s | (s << 1)) | 0;
}

/**
 * The granularity mapping of a read mask (see the file header).
 *
 * @example
 * granRead(Mask.of(1), 8).members() // [0, 1]
 */
export function granRead(m: Mask, g: number): Mask {
  if (g !== 8) return m;
  return Mask.make(spread(m.w0, false), spread(m.w1, false), spread(m.w2, false), spread(m.w3, false));
}

/**
 * The granularity mapping of a write mask (see the file header).
 *
 * @example
 * granWrite(Mask.of(1), 8).isEmpty() // true
 */
export function granWrite(m: Mask, g: number, kind = 0): Mask {
  if (g !== 8) return m;
  if (kind !== 0) return Mask.EMPTY;
  return Mask.make(spread(m.w0, true), spread(m.w1, true), spread(m.w2, true), spread(m.w3, true));
}

/**
 * The frame of a `P` or `O` value, -1 for anything else.
 *
 * @example
 * ptrFrame(ptr(1, [-8])) // 1
 */
export function ptrFrame(v: ArgVal): number {
  return v.kind === 'p' || v.kind === 'o' ? v.frame : -1;
}

/**
 * Functors of the analysis rules (registered with `argtrackFunctors`).
 *
 * @example
 * ruleFunctors.map((f) => f.name) // ['at_ptr_frame', 'at_is_imp', 'gran_read', 'gran_write']
 */
export const ruleFunctors: readonly FunctorSpec[] = [
  { name: 'at_ptr_frame', params: ['argval'], result: 'number', fn: ptrFrame as FunctorSpec['fn'] },
  { name: 'at_is_imp', params: ['argval'], result: 'number', fn: ((v: ArgVal) => (v.kind === 'imp' ? 1 : 0)) as FunctorSpec['fn'] },
  { name: 'gran_read', params: ['mask', 'number'], result: 'mask', fn: granRead as FunctorSpec['fn'] },
  { name: 'gran_write', params: ['mask', 'number', 'number'], result: 'mask', fn: granWrite as FunctorSpec['fn'] },
];
