/**
 * The spilled-pointer stack of argument tracking as ONE lattice value per (instance, insn):
 * a vector of 64 `argval`s (slot t = bytes [fp-8(t+1), fp-8t)), lattice `argstack`.
 *
 *     ⊥ = UNVISITED (no path reached the insn)      NONES = every slot NONE (entry state)
 *     (a ⊔ b)[t] = a[t] ⊔ b[t]                      pointwise; ⊥ is the identity
 *
 * A pointwise product of join-semilattices is a join-semilattice, so the laws carry over from
 * `argval`. Keeping the 64 slots in one value (instead of one tuple per slot) keeps an absent
 * slot meaning NONE — joining "NONE on one path, a pointer on the other" must give the
 * maybe-none pointer — and cuts the relation 64-fold; the per-slot transfer functions of
 * argtrack-stack.ts are applied slot by slot:
 *
 *     stk_spill(S, v, off, isR10, sz, x)[t] = spillSlot(S[t], t, v, off, isR10, sz, x)
 *     stk_clear(S, v, off, isR10, sz)[t]    = clearSlot(S[t], t, v, off, isR10, sz)
 *     stk_fill(S, v, off, isR10, top)       = fillBase(v, off, isR10, top) ⊔ ⨆ { S[t] | t ∈ fillSlots(v, off, isR10) }
 *
 * Text: `?` (⊥), `_` (all NONE), else `{fp-8=fp0-16, fp-24=IMP3}` listing the non-NONE slots.
 */
import { type FunctorSpec, type Lattice, joinLattice } from '../base/lattice.js';
import { type ArgVal, NONE, join, parse as parseVal, show as showVal } from './argtrack-value.js';
import { STACK_SLOTS, clearSlot, fill, overlapsSlot, slotList, slotOf, spillSlot } from './argtrack-stack.js';
import { addOff } from './argtrack-transfer.js';
import { PairMemo, VectorTable } from './argtrack-intern.js';

/** A stack vector (64 entries; immutable, not frozen: see ArgRegs) or ⊥. */
export type ArgStack = readonly ArgVal[];

/** ⊥: no path reached the insn. */
export const STACK_BOTTOM: ArgStack = [];
/** Every slot NONE (the entry state). */
export const STACK_NONES: ArgStack = new Array<ArgVal>(STACK_SLOTS).fill(NONE);

function isBottom(s: ArgStack): boolean {
  return s.length === 0;
}

/** Canonical stack vectors (argtrack-intern.ts). */
const vectors = new VectorTable(1 << 14);

/** A newly built vector: NONES when it is all NONE, else the canonical one with its entries. */
function finish(out: ArgVal[]): ArgStack {
  for (let t = 0; t < out.length; t++) if (out[t] !== NONE) return vectors.intern(out);
  return STACK_NONES;
}

/**
 * Pointwise join (returns an operand when nothing changes).
 *
 * @example
 * joinStack(STACK_BOTTOM, STACK_NONES) === STACK_NONES // true
 */
export function joinStack(a: ArgStack, b: ArgStack): ArgStack {
  if (a === b || isBottom(b)) return a;
  if (isBottom(a)) return b;
  return joins.get(a, b, joinSlots);
}

/** Joins of canonical vectors already computed (argtrack-intern.ts). */
const joins = new PairMemo<ArgStack>(1 << 14);

function joinSlots(a: ArgStack, b: ArgStack): ArgStack {
  // most slots are the same value (NONE) in both: no join call for them
  let out: ArgVal[] | undefined;
  for (let t = 0; t < STACK_SLOTS; t++) {
    const x = a[t]!, y = b[t]!;
    if (x === y) continue;
    const v = join(x, y);
    if (v !== x) (out ??= a.slice())[t] = v;
  }
  return out ? finish(out) : a;
}

function equalsStack(a: ArgStack, b: ArgStack): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let t = 0; t < a.length; t++) if (a[t] !== b[t]) return false;
  return true;
}

/** Slot text `fp-8` of slot t. */
function slotName(t: number): string {
  return `fp${-8 * (t + 1)}`;
}

/**
 * Text form (see the file header).
 *
 * @example
 * showStack(STACK_NONES) // '_'
 */
export function showStack(s: ArgStack): string {
  if (isBottom(s)) return '?';
  const items: string[] = [];
  s.forEach((v, t) => { if (v !== NONE) items.push(`${slotName(t)}=${showVal(v)}`); });
  return items.length === 0 ? '_' : `{${items.join(', ')}}`;
}

function parseStack(text: string): ArgStack | undefined {
  const s = text.trim();
  if (s === '?') return STACK_BOTTOM;
  if (s === '_') return STACK_NONES;
  const m = /^\{(.*)\}$/.exec(s);
  if (!m) return undefined;
  const out = new Array<ArgVal>(STACK_SLOTS).fill(NONE);
  for (const item of m[1]!.split(/,\s*(?=fp-\d+=)/)) {
    const kv = /^fp-(\d+)=(.*)$/.exec(item.trim());
    if (!kv) return undefined;
    const t = Number(kv[1]) / 8 - 1;
    const v = parseVal(kv[2]!);
    if (!Number.isInteger(t) || t < 0 || t >= STACK_SLOTS || v === undefined) return undefined;
    out[t] = v;
  }
  return finish(out);
}

/** The `argstack` lattice. */
export const argstackLattice: Lattice<ArgStack> = joinLattice({
  name: 'argstack', bottom: STACK_BOTTOM, join: joinStack, equals: equalsStack, show: showStack, parse: parseStack,
});

/**
 * The slots a spill or clear through `v` (offset `insnOff`, `sz` bytes) may change, or
 * undefined when it may change every slot (a pointer without offsets, or an offset that
 * overflows). Every other slot keeps its value under spillSlot/clearSlot, so the vector
 * functions below apply those only to these slots (at most a few instead of 64).
 */
function touched(v: ArgVal, insnOff: number, isR10: number, sz: number, clear: boolean): readonly number[] | undefined {
  if (isR10) return clear ? overlapping([insnOff], sz) : slotList(insnOff) ?? NO_SLOTS;
  if (v.kind === 'none' || v.kind === 'unvisited') return NO_SLOTS;
  if (v.kind !== 'p') return undefined;
  // a spill through a one-offset pointer: at most one slot (shared list)
  if (!clear && v.offs.length === 1) return slotList(addOff(v.offs[0]!, insnOff)) ?? NO_SLOTS;
  const offs: number[] = [];
  for (const o of v.offs) {
    const r = addOff(o, insnOff);
    if (r !== undefined) offs.push(r);
    else if (clear) return undefined;     // clearStores: an overflow joins NONE everywhere
  }
  return clear ? overlapping(offs, sz) : slotsOf(offs);   // a spill skips overflowed offsets
}

function slotsOf(offs: readonly number[]): number[] {
  const ts: number[] = [];
  for (const o of offs) { const t = slotOf(o); if (t >= 0) ts.push(t); }
  return ts;
}

function overlapping(offs: readonly number[], sz: number): number[] {
  const ts: number[] = [];
  for (const a of offs) {
    const lo = Math.max(0, Math.floor(-(a + sz) / 8)), hi = Math.min(STACK_SLOTS - 1, Math.ceil(-a / 8) - 1);
    for (let t = lo; t <= hi; t++) if (overlapsSlot(t, a, sz)) ts.push(t);
  }
  return ts;
}

/** Every slot index, for a spill or clear that may change the whole vector. */
const ALL_SLOTS: readonly number[] = Array.from({ length: STACK_SLOTS }, (_, t) => t);
const NO_SLOTS: readonly number[] = Object.freeze([]);

/**
 * Spill (STX MEM through a local pointer) applied to every slot.
 *
 * @example
 * showStack(stackSpill(STACK_NONES, ptr(0, [0]), -8, 1, 8, ptr(0, [-16]))) // '{fp-8=fp0-16}'
 */
export function stackSpill(s: ArgStack, v: ArgVal, off: number, isR10: number, sz: number, x: ArgVal): ArgStack {
  return storeSlots(s, false, v, off, isR10, sz, x);
}

/**
 * spillSlot (or clearSlot, `clear`) on the slots the store may touch; `s` itself when no slot
 * changes. (A flag rather than a slot callback: a closure per spill was most of the
 * allocation.)
 */
function storeSlots(s: ArgStack, clear: boolean, v: ArgVal, off: number, isR10: number, sz: number, x: ArgVal): ArgStack {
  if (isBottom(s)) return s;
  const ts = touched(v, off, isR10, sz, clear) ?? ALL_SLOTS;
  let out: ArgVal[] | undefined;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    const nv = clear ? clearSlot(s[t]!, t, v, off, isR10, sz) : spillSlot(s[t]!, t, v, off, isR10, sz, x);
    if (nv !== s[t]) (out ??= s.slice())[t] = nv;
  }
  return out ? finish(out) : s;
}

/**
 * clearStores (ST, atomics other than load-acquire, through a local pointer) on every slot.
 *
 * @example
 * stackClear(s, ptr(0, [0]), -8, 1, 8) // slot 0 := NONE
 */
export function stackClear(s: ArgStack, v: ArgVal, off: number, isR10: number, sz: number): ArgStack {
  return storeSlots(s, true, v, off, isR10, sz, NONE);
}

/**
 * Fill (u64 LDX) through a pointer `v` from the stack `s` (own frame, or a caller's snapshot).
 *
 * @example
 * show(stackFill(s, ptr(0, [0]), -8, 1, 0)) // the value spilled at fp-8
 */
export function stackFill(s: ArgStack, v: ArgVal, off: number, isR10: number, top: number): ArgVal {
  return fill(v, off, isR10, top, s);
}

const A = 'argval', S = 'argstack', N = 'number';
type Fn = FunctorSpec['fn'];

/**
 * Functors over `argstack` for the rules (all pure).
 *
 * @example
 * stackFunctors.map((f) => f.name) // ['stk_nones', 'stk_spill', 'stk_clear', 'stk_fill']
 */
export const stackFunctors: readonly FunctorSpec[] = [
  { name: 'stk_nones', params: [], result: S, fn: (() => STACK_NONES) as Fn },
  { name: 'stk_spill', params: [S, A, N, N, N, A], result: S, fn: stackSpill as Fn },
  { name: 'stk_clear', params: [S, A, N, N, N], result: S, fn: stackClear as Fn },
  { name: 'stk_fill', params: [S, A, N, N, N], result: A, fn: stackFill as Fn },
];
