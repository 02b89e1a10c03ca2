/**
 * Access recording (spec liveness.md §4, §4.1, §4.2): which half-slots an access may read
 * ("use") and must write ("def"), as 128-bit masks per frame.
 *
 * Byte counts: n > 0 read of n bytes, n < 0 write of |n| bytes, n = UNKNOWN_BYTES read of
 * unknown extent (kernel: S64_MIN), n = 0 nothing. trunc rounds toward zero (C division).
 *
 *     recordOff(off, n), off < 0 (off >= 0 records nothing):
 *       UNKNOWN: read 0 .. trunc((-off-1)/4)
 *       read:    read max(0, trunc((-off-n)/4)) .. trunc((-off-1)/4)       (every half touched)
 *       write:   def  max(0, trunc((-off-|n|+3)/4)) .. trunc(-off/4) - 1   (only covered halves)
 *     recordPtr(v, n, f):  O(f): read -> ALL, write -> nothing
 *                          P(f,S,m): write with |S| ≠ 1 or m -> nothing (never a must-write)
 *                                    otherwise ⋃ recordOff(o, n), o ∈ S
 *     recordImp(m, depth, f) = read ALL if f ∈ m and f ≤ depth   (direction ignored)
 *     access(v, insnOff, n, depth, f): resolve P by padd(v, insnOff) (overflow -> O(f)),
 *       then recordPtr for P/O(f) with f ≤ depth, recordImp for IMP, nothing for NONE/⊥.
 *
 * Helper/kfunc memory arguments (§4.2) use `access` with insnOff = 0.
 */
import { Mask } from '../eval/lattices/mask-value.js';
import type { ArgVal } from './argtrack-value.js';
import { padd } from './argtrack-transfer.js';

/** Byte count meaning "read of unknown extent" (the kernel's S64_MIN). */
export const UNKNOWN_BYTES = -2147483648;

/** Use/def masks of one access for one frame. */
export interface AccessMasks {
  readonly mayRead: Mask;
  readonly mustWrite: Mask;
}

const NOTHING: AccessMasks = Object.freeze({ mayRead: Mask.EMPTY, mustWrite: Mask.EMPTY });
const READ_ALL: AccessMasks = Object.freeze({ mayRead: Mask.ALL, mustWrite: Mask.EMPTY });

/**
 * Half-slots touched by an access of `n` bytes at precise byte offset `off` (§4).
 *
 * @example
 * recordOff(-8, 8).mayRead.toString()   // '{0,1}'
 * recordOff(-8, -4).mustWrite.toString() // '{1}'
 */
export function recordOff(off: number, n: number): AccessMasks {
  if (off >= 0 || n === 0) return NOTHING;
  // the common accesses (1..8 bytes within the 512-byte stack) come from a table built on
  // first use: every load and store of a program asks, and the answer depends only on these
  if (off >= -MEMO_OFFS && n >= -8 && n <= 8) {
    const k = (-off - 1) * 17 + n + 8;
    return (memo[k] ??= recordOffUncached(off, n));
  }
  return recordOffUncached(off, n);
}

const MEMO_OFFS = 1024;
const memo: (AccessMasks | undefined)[] = new Array<AccessMasks | undefined>(MEMO_OFFS * 17).fill(undefined);

function recordOffUncached(off: number, n: number): AccessMasks {
  if (n === UNKNOWN_BYTES) return { mayRead: Mask.range(0, Math.trunc((-off - 1) / 4)), mustWrite: Mask.EMPTY };
  if (n > 0) {
    const hi = Math.trunc((-off - 1) / 4);
    const lo = Math.max(0, Math.trunc((-off - n) / 4));
    return { mayRead: Mask.range(lo, hi), mustWrite: Mask.EMPTY };
  }
  const hi = Math.trunc(-off / 4) - 1;
  const lo = Math.max(0, Math.trunc((-off + n + 3) / 4));
  return { mayRead: Mask.EMPTY, mustWrite: lo <= hi ? Mask.range(lo, hi) : Mask.EMPTY };
}

/**
 * Recording for a pointer value of frame f (P or O); other values record nothing.
 *
 * @example
 * recordPtr(ptr(0, [-32, -24]), 8).mayRead.toString() // '{4,5,6,7}'
 */
export function recordPtr(v: ArgVal, n: number): AccessMasks {
  if (n === 0) return NOTHING;
  if (v.kind === 'o') return n > 0 || n === UNKNOWN_BYTES ? READ_ALL : NOTHING;
  if (v.kind !== 'p') return NOTHING;
  const write = n < 0 && n !== UNKNOWN_BYTES;
  if (write && (v.offs.length !== 1 || v.maybeNone)) return NOTHING;
  if (v.offs.length === 1) return recordOff(v.offs[0]!, n);
  let r = Mask.EMPTY;
  for (const o of v.offs) r = r.union(recordOff(o, n).mayRead);
  return { mayRead: r, mustWrite: Mask.EMPTY };
}

/**
 * Recording for an IMP(mask) pointer in frame `frame` of an instance at `depth`.
 *
 * @example
 * recordImp(3, 1, 0).mayRead === Mask.ALL // true
 */
export function recordImp(mask: number, depth: number, frame: number): AccessMasks {
  return frame <= depth && ((mask >> frame) & 1) === 1 ? READ_ALL : NOTHING;
}

/**
 * Resolves `v + insnOff` (§4.1) and records an access of `n` bytes for frame `frame` of an
 * instance at `depth`.
 *
 * @example
 * access(ptr(0, [-16]), -8, 8, 0, 0).mayRead.toString() // '{4,5}'   (fp0-24)
 */
export function access(v: ArgVal, insnOff: number, n: number, depth: number, frame: number): AccessMasks {
  switch (v.kind) {
    case 'imp': return recordImp(v.mask, depth, frame);
    case 'p': case 'o': {
      if (v.frame !== frame || v.frame > depth) return NOTHING;
      return recordPtr(insnOff === 0 ? v : padd(v, insnOff), n);
    }
    default: return NOTHING;
  }
}

/**
 * Frames an access through `v` can record into (for rules iterating frames).
 *
 * @example
 * accessFrames(imp(5), 2) // [0, 2]
 */
export function accessFrames(v: ArgVal, depth: number): readonly number[] {
  if (v.kind === 'p' || v.kind === 'o') return v.frame <= depth ? ONE_FRAME[v.frame] ?? [v.frame] : NO_FRAMES;
  if (v.kind !== 'imp') return NO_FRAMES;
  const out: number[] = [];
  for (let f = 0; f <= depth; f++) if ((v.mask >> f) & 1) out.push(f);
  return out;
}

// shared results of the common cases (a read-only list per frame; every access asks)
const NO_FRAMES: readonly number[] = Object.freeze([]);
const ONE_FRAME: readonly (readonly number[])[] = Array.from({ length: 16 }, (_, f) => Object.freeze([f]));
