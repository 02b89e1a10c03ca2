/**
 * Register transfer pieces of argument tracking (spec liveness.md §3.3, §3.4), as pure
 * functions over `ArgVal` and numbers, to be registered as functors (argtrack-functors.ts).
 *
 *     add(o, δ)      = o + δ   if δ ∈ s16 and o + δ ∈ s16, else overflow
 *     padd(P(f,S,m), δ) = P(f, {o+δ : o ∈ S}, m)   (any overflow -> O(f));  other values unchanged
 *     psub(v, imm)   = padd(v, -imm)                 (64-bit negation: -INT_MIN overflows s16)
 *     scramble(v)    = O(f) for P/O(f); IMP/NONE unchanged    (and/or/lsh/neg/bswap on a pointer)
 *     alu64(d, s)    = O(f)   if d is P/O(f) and s is NONE or has frame f
 *                    = O(g)   if d is NONE and s is P/O(g)
 *                    = NONE   if both NONE
 *                    = IMP(frames(d) ∪ frames(s)) otherwise
 *     localOK(v, depth, isR10) = isR10 or v is P/O(depth) or v is IMP(m) with depth ∈ m
 *     ldxCase(v, depth, isR10, isMem, sz) = which LDX rule of §3.4 applies:
 *         1 own-stack fill (localOK, MEM, 8 bytes)   2 parent-frame fill (P/O(f), f < depth)
 *         3 d := s (IMP(m), depth ∉ m)               4 d := NONE (everything else)
 *
 * The maybe-none flag of P survives `padd` (the non-pointer part stays a non-pointer; the
 * kernel instead shifts its fake offset 0 into a real offset δ: docs/argtrack-lattice.md).
 * Operands that are UNVISITED are treated as NONE (a visited insn has all registers set).
 */
import { type ArgVal, NONE, imp, isS16, off, ptr, framesOf } from './argtrack-value.js';

/**
 * Offset arithmetic of §3.3: the sum, or undefined on overflow.
 *
 * @example
 * addOff(-8, -8) // -16
 * addOff(-32768, -1) // undefined
 */
export function addOff(o: number, delta: number): number | undefined {
  if (!isS16(delta)) return undefined;
  const r = o + delta;
  return isS16(r) ? r : undefined;
}

const paddMemo = new Map<number, ArgVal>();

/**
 * Shifts every offset of a `P` value; overflow gives `O(f)`; other values are unchanged
 * (memoised per value and delta).
 *
 * @example
 * show(padd(ptr(0, [0]), -8)) // 'fp0-8'
 */
export function padd(v: ArgVal, delta: number): ArgVal {
  if (v.kind !== 'p' || delta === 0) return v;
  if (!isS16(delta)) return off(v.frame);
  const key = v.id * 65536 + (delta + 32768);
  const hit = paddMemo.get(key);
  if (hit !== undefined) return hit;
  const r = paddUncached(v, delta);
  if (paddMemo.size > 1_000_000) paddMemo.clear();
  paddMemo.set(key, r);
  return r;
}

function paddUncached(v: Extract<ArgVal, { kind: 'p' }>, delta: number): ArgVal {
  const out: number[] = [];
  for (const o of v.offs) {
    const r = addOff(o, delta);
    if (r === undefined) return off(v.frame);
    out.push(r);
  }
  return ptr(v.frame, out, v.maybeNone);
}

/**
 * `sub imm`: padd with the 64-bit negation of the immediate.
 *
 * @example
 * show(psub(ptr(0, [0]), 8)) // 'fp0-8'
 */
export function psub(v: ArgVal, imm: number): ArgVal {
  return padd(v, -imm);
}

/**
 * Result of an ALU64 op other than mov/add/sub on the destination (imm source).
 *
 * @example
 * show(scramble(ptr(1, [-8]))) // 'fp1 ?'
 */
export function scramble(d: ArgVal): ArgVal {
  return d.kind === 'p' || d.kind === 'o' ? off(d.frame) : d;
}

function isFramePtr(v: ArgVal): v is Extract<ArgVal, { kind: 'p' | 'o' }> {
  return v.kind === 'p' || v.kind === 'o';
}

/**
 * ALU64 register-source op other than mov (§3.4).
 *
 * @example
 * show(alu64(ptr(0, [-8]), NONE))         // 'fp0 ?'
 * show(alu64(ptr(0, [-8]), ptr(1, [-8]))) // 'IMP3'
 */
export function alu64(d: ArgVal, s: ArgVal): ArgVal {
  const dn = d.kind === 'none' || d.kind === 'unvisited';
  const sn = s.kind === 'none' || s.kind === 'unvisited';
  if (isFramePtr(d) && (sn || (isFramePtr(s) && s.frame === d.frame))) return off(d.frame);
  if (dn && isFramePtr(s)) return off(s.frame);
  if (dn && sn) return NONE;
  return imp(framesOf(d) | framesOf(s));
}

/**
 * May an access through this register touch the analysed frame's own stack?
 *
 * @example
 * localOK(imp(3), 1, false) // true
 * localOK(ptr(0, [-8]), 1, false) // false
 */
export function localOK(v: ArgVal, depth: number, isR10: boolean): boolean {
  if (isR10) return true;
  if (isFramePtr(v)) return v.frame === depth;
  return v.kind === 'imp' && ((v.mask >> depth) & 1) === 1;
}

/**
 * Value of `rX = r10` in an instance at `depth`: `P(depth, {0})`.
 *
 * @example
 * show(framePointer(2)) // 'fp2+0'
 */
export function framePointer(depth: number): ArgVal {
  return ptr(depth, [0]);
}

/**
 * `IMP` over frames 0..frameTop (result of an imprecise fill).
 *
 * @example
 * show(impUpTo(1)) // 'IMP3'
 */
export function impUpTo(frameTop: number): ArgVal {
  return imp((1 << (frameTop + 1)) - 1);
}

/**
 * The LDX rule of §3.4 that applies (1 own fill, 2 parent-frame fill from the call-site
 * snapshot of frame f, 3 copy the IMP value, 4 NONE). `isMem` 0/1: mode MEM (not MEMSX).
 *
 * @example
 * ldxCase(ptr(0, [-8]), 1, 0, 1, 8) // 2
 * ldxCase(ptr(1, [-8]), 1, 0, 1, 4) // 4  (narrow load)
 */
export function ldxCase(v: ArgVal, depth: number, isR10: number, isMem: number, sz: number): number {
  if (!isMem || sz !== 8) return 4;
  if (localOK(v, depth, isR10 !== 0)) return 1;
  if (isFramePtr(v) && v.frame < depth) return 2;
  if (v.kind === 'imp') return 3;
  return 4;
}
