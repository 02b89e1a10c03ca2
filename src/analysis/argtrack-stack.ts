/**
 * Own-stack spill tracking of argument tracking (spec liveness.md §3.5), expressed PER 8-BYTE
 * SLOT so that rules can state it relationally, e.g.
 *
 *     at_stack_in(N, J, T, @spill_slot(Old, T, V, Off, IsR10, Sz, X)) :-
 *         succ(I, J), stx_mem(I, Dst, Src, Off, Sz), local_ok(...),
 *         at_stack_in(N, I, T, Old), at_in(N, I, Dst, V), at_in(N, I, Src, X), ...
 *
 *     at_in(N, J, D, V) :- ldx_fill(I, D, S, Off), ..., T in @fill_slots(Vs, Off, IsR10),
 *                          at_stack_in(N, I, T, V).
 *     at_in(N, J, D, @fill_base(Vs, Off, IsR10, Top)) :- ldx_fill(I, D, S, Off), ...
 *
 * (the lattice column joins the contributions). Slot t ↔ bytes [fp-8(t+1), fp-8t).
 *
 *     slotOf(o)  = -o/8 - 1   if -512 ≤ o ≤ -8 and o % 8 = 0, else invalid (-1)
 *     fill(v via R, off, top) = ⊔ { stk[t] : t ∈ fillSlots } ⊔ fillBase
 *         R = r10:  fillSlots = {slotOf(off)}, base = ⊥            (invalid slot -> base = imp)
 *         v = P(f,S,_): fillSlots = {slotOf(o+off) : o ∈ S}, base = NONE   (the kernel's acc = NONE)
 *                       (any overflow / invalid slot -> fillSlots = ∅, base = imp)
 *         otherwise:    fillSlots = ∅, base = imp,   imp = IMP(frames 0..top)
 *     spill (x stored with size sz; nv = x if sz = 8 else NONE):
 *         R = r10: stk[slotOf(off)] := nv (strong; an invalid slot changes nothing)
 *         v without offsets: every slot ⊔= nv
 *         v = P(f,S,m): slot of each valid o+off: := nv if |S| = 1 and not m, else ⊔= nv
 *     clearStores (ST imm, atomics; sz bytes at the target):
 *         R = r10: slots overlapping [off, off+sz) := NONE
 *         v without offsets, or an offset overflows: every slot ⊔= NONE
 *         v = P(f,S,m): slots overlapping [o+off, o+off+sz): := NONE if |S| = 1 and not m,
 *                       else ⊔= NONE
 *
 * Booleans are passed as numbers (0/1) so that the functors stay over (ArgVal, numbers).
 * Rules apply spill/clear only when localOK holds and fill only in the LDX cases of §3.4;
 * a NONE/UNVISITED pointer (not r10) leaves the slot unchanged. On those domains every
 * function is monotone in each ArgVal argument (property-tested), so a rule fixpoint is the
 * least one.
 */
import { type ArgVal, NONE, UNVISITED, join } from './argtrack-value.js';
import { addOff, impUpTo } from './argtrack-transfer.js';

/** Number of tracked 8-byte slots per frame. */
export const STACK_SLOTS = 64;

/**
 * Slot index of a byte offset, or -1 when not a tracked slot start.
 *
 * @example
 * slotOf(-8)  // 0
 * slotOf(-12) // -1
 */
export function slotOf(o: number): number {
  return o >= -512 && o <= -8 && o % 8 === 0 ? -o / 8 - 1 : -1;
}

/** Offsets of a P value after adding `insnOff`, or undefined if any overflows. */
function shifted(v: ArgVal, insnOff: number): number[] | undefined {
  if (v.kind !== 'p') return undefined;
  const out: number[] = [];
  for (const o of v.offs) {
    const r = addOff(o, insnOff);
    if (r === undefined) return undefined;
    out.push(r);
  }
  return out;
}

/** `[t]` for each slot t, shared (most accesses go through r10 and touch one slot). */
const ONE_SLOT: readonly (readonly number[])[] = Array.from({ length: STACK_SLOTS }, (_, t) => Object.freeze([t]));

/**
 * The slot an access at byte offset `o` (undefined: the offset overflowed) starts, as a
 * shared one-element list, or undefined when `o` starts no tracked slot. Accesses through
 * r10 and through a one-offset pointer — nearly all of them — build no array.
 *
 * @example
 * slotList(-16) // [1]
 */
export function slotList(o: number | undefined): readonly number[] | undefined {
  const t = o === undefined ? -1 : slotOf(o);
  return t < 0 ? undefined : ONE_SLOT[t];
}

function preciseFillSlots(v: ArgVal, insnOff: number, isR10: number): readonly number[] | undefined {
  if (isR10) return slotList(insnOff);
  if (v.kind === 'p' && v.offs.length === 1) return slotList(addOff(v.offs[0]!, insnOff));
  const offs = shifted(v, insnOff);
  if (offs === undefined) return undefined;
  const ts = offs.map(slotOf);
  return ts.includes(-1) ? undefined : ts;
}

/**
 * Slots whose values a fill (8-byte LDX) joins; empty when the fill is imprecise.
 *
 * @example
 * fillSlots(ptr(0, [-16, -8]), 0, 0) // [1, 0]
 * fillSlots(UNVISITED, -8, 1)        // [0]
 */
export function fillSlots(v: ArgVal, insnOff: number, isR10: number): readonly number[] {
  return preciseFillSlots(v, insnOff, isR10) ?? [];
}

/** fillBase, given the precise fill slots (undefined when the fill is imprecise). */
function baseOf(slots: readonly number[] | undefined, isR10: number, frameTop: number): ArgVal {
  if (slots === undefined) return impUpTo(frameTop);
  return isR10 ? UNVISITED : NONE;
}

/**
 * The part of a fill's result not taken from stack slots: ⊥ through r10, NONE through another
 * precise pointer (kernel: the accumulator starts as NONE), IMP(0..frameTop) when imprecise.
 *
 * @example
 * show(fillBase(off(0), 0, 0, 1)) // 'IMP3'
 */
export function fillBase(v: ArgVal, insnOff: number, isR10: number, frameTop: number): ArgVal {
  return baseOf(preciseFillSlots(v, insnOff, isR10), isR10, frameTop);
}

/**
 * Whole fill over an explicit stack array (`stk_fill` of argtrack-stackvec.ts; an empty
 * array, the unvisited stack, leaves the base): the slots are worked out once.
 *
 * @example
 * show(fill(ptr(0, [-8]), 0, 0, 0, stk)) // 'fp0-24|_' when stk[0] = fp0-24
 */
export function fill(v: ArgVal, insnOff: number, isR10: number, frameTop: number, stk: readonly ArgVal[]): ArgVal {
  const ts = preciseFillSlots(v, insnOff, isR10);
  let acc = baseOf(ts, isR10, frameTop);
  if (ts !== undefined) for (let i = 0; i < ts.length; i++) acc = join(acc, stk[ts[i]!] ?? UNVISITED);
  return acc;
}

/**
 * New value of slot `t` after a spill (STX MEM, localOK) of `x` (size `sz`) through a
 * register with value `v` (`isR10` 0/1) and insn offset `insnOff`; `old` = slot value before.
 *
 * @example
 * show(spillSlot(NONE, 0, UNVISITED, -8, 1, 8, ptr(0, [-16]))) // 'fp0-16'
 */
export function spillSlot(old: ArgVal, t: number, v: ArgVal, insnOff: number, isR10: number, sz: number, x: ArgVal): ArgVal {
  const nv = sz === 8 ? x : NONE;
  if (isR10) return slotOf(insnOff) === t ? nv : old;
  if (v.kind === 'none' || v.kind === 'unvisited') return old;
  if (v.kind !== 'p') return join(old, nv);
  for (const o of v.offs) {
    const r = addOff(o, insnOff);
    if (r === undefined || slotOf(r) !== t) continue;
    return v.offs.length === 1 && !v.maybeNone ? nv : join(old, nv);
  }
  return old;
}

/**
 * Do the 8 bytes of slot t overlap [a, a+sz)?
 *
 * @example
 * overlapsSlot(0, -4, 4) // true
 */
export function overlapsSlot(t: number, a: number, sz: number): boolean {
  return a < -8 * t && a + sz > -8 * (t + 1);
}

/**
 * New value of slot `t` after `clearStores` (ST, non-load-acquire atomics, when localOK).
 *
 * @example
 * show(clearSlot(ptr(0, [-16]), 0, ptr(0, [-8]), 0, 0, 8)) // '_'
 */
export function clearSlot(old: ArgVal, t: number, v: ArgVal, insnOff: number, isR10: number, sz: number): ArgVal {
  if (isR10) return overlapsSlot(t, insnOff, sz) ? NONE : old;
  if (v.kind === 'none' || v.kind === 'unvisited') return old;
  if (v.kind !== 'p') return join(old, NONE);
  let hit = false;
  for (const o of v.offs) {
    const r = addOff(o, insnOff);
    if (r === undefined) return join(old, NONE);
    if (overlapsSlot(t, r, sz)) hit = true;
  }
  if (!hit) return old;
  return v.offs.length === 1 && !v.maybeNone ? NONE : join(old, NONE);
}
