/**
 * The registers of argument tracking as ONE lattice value per (instance, insn): a vector of
 * the 11 `argval`s of r0..r10, lattice `argregs`.
 *
 *     ⊥ = UNVISITED (no path reached the insn)      (a ⊔ b)[r] = a[r] ⊔ b[r]   (pointwise)
 *
 * A pointwise product of join-semilattices is a join-semilattice. One tuple per instruction
 * instead of one per register makes the relation 11 times smaller; the rules state the
 * transfer per instruction kind with these functors:
 *
 *     regs_get(R, r)           = R[r]
 *     regs_set(R, r, v)        = R with R[r] := v
 *     regs_none(R, m)          = R with R[r] := NONE for every r ∈ m (a `mask` of registers)
 *     regs_root(d)             = NONE everywhere, r10 = P(d, {0})
 *     regs_callee(R, d)        = R[r1..r5] kept, r0, r6..r9 := NONE, r10 = P(d, {0})
 *     regs_callback(R, c, k, d)= NONE everywhere but r_k := R[c], r10 = P(d, {0})
 *     regs_args_ptr(R)         = 1 if some of r1..r5 may hold a frame pointer, else 0
 *
 * Text: `?` (⊥), else `[r0, r1, ..., r10]` in argval text.
 */
import { type FunctorSpec, type Lattice, joinLattice } from '../base/lattice.js';
import type { Mask } from '../eval/lattices/mask-value.js';
import { framePointer } from './argtrack-transfer.js';
import { PairMemo, VectorTable } from './argtrack-intern.js';
import { type ArgVal, NONE, UNVISITED, isPointer, join, parse as parseVal, show as showVal } from './argtrack-value.js';

/** Number of registers r0..r10. */
export const REGS = 11;

/**
 * A register vector (11 entries) or ⊥ (empty). Vectors are immutable: `readonly` in the
 * types, but not `Object.freeze`d, because V8 copies a frozen array (`slice`) about 30 times
 * slower than a plain one, and every transfer function copies one.
 */
export type ArgRegs = readonly ArgVal[];

/** ⊥: no path reached the insn. */
export const REGS_BOTTOM: ArgRegs = [];

/** Canonical register vectors (argtrack-intern.ts): every vector built here goes through it. */
const vectors = new VectorTable(1 << 14);
const canon = (out: ArgVal[]): ArgRegs => vectors.intern(out);

/**
 * Pointwise join (returns an operand when nothing changes).
 *
 * @example
 * joinRegs(REGS_BOTTOM, regsRoot(0)) // regsRoot(0)
 */
export function joinRegs(a: ArgRegs, b: ArgRegs): ArgRegs {
  if (a === b || b.length === 0) return a;
  if (a.length === 0) return b;
  return joins.get(a, b, joinEntries);
}

/** Joins of canonical vectors already computed (argtrack-intern.ts). */
const joins = new PairMemo<ArgRegs>(1 << 14);

function joinEntries(a: ArgRegs, b: ArgRegs): ArgRegs {
  let out: ArgVal[] | undefined;
  for (let r = 0; r < REGS; r++) {
    const v = join(a[r]!, b[r]!);
    if (v !== a[r]) (out ??= a.slice())[r] = v;
  }
  return out ? canon(out) : a;
}

function equalsRegs(a: ArgRegs, b: ArgRegs): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let r = 0; r < a.length; r++) if (a[r] !== b[r]) return false;
  return true;
}

/**
 * Text form (see the file header).
 *
 * @example
 * showRegs(REGS_BOTTOM) // '?'
 */
export function showRegs(a: ArgRegs): string {
  return a.length === 0 ? '?' : `[${a.map(showVal).join(', ')}]`;
}

function parseRegs(text: string): ArgRegs | undefined {
  const s = text.trim();
  if (s === '?') return REGS_BOTTOM;
  const m = /^\[(.*)\]$/.exec(s);
  if (!m) return undefined;
  const parts = m[1]!.split(/,\s*/);
  if (parts.length !== REGS) return undefined;
  const vals = parts.map(parseVal);
  return vals.every((v): v is ArgVal => v !== undefined) ? vals : undefined;
}

/** The `argregs` lattice. */
export const argregsLattice: Lattice<ArgRegs> = joinLattice({
  name: 'argregs', bottom: REGS_BOTTOM, join: joinRegs, equals: equalsRegs, show: showRegs, parse: parseRegs,
});

/** R[r] (⊥ for an unvisited vector). @example regsGet(regsRoot(1), 10) // P(1,{0}) */
export function regsGet(a: ArgRegs, r: number): ArgVal {
  return a[r] ?? UNVISITED;
}

/** R with R[r] := v. @example regsSet(regsRoot(0), 1, NONE) */
export function regsSet(a: ArgRegs, r: number, v: ArgVal): ArgRegs {
  if (a.length === 0 || a[r] === v) return a;
  const out = a.slice();
  out[r] = v;
  return canon(out);
}

/** R with every register of `m` set to NONE. @example regsNone(R, Mask.range(0, 5)) */
export function regsNone(a: ArgRegs, m: Mask): ArgRegs {
  if (a.length === 0) return a;
  let out: ArgVal[] | undefined;
  for (let r = 0; r < REGS; r++) if (m.has(r) && a[r] !== NONE) (out ??= a.slice())[r] = NONE;
  return out ? canon(out) : a;
}

/** Entry state of a root at depth d. @example showRegs(regsRoot(0)) // '[_, _, ..., fp0+0]' */
export function regsRoot(d: number): ArgRegs {
  const out = new Array<ArgVal>(REGS).fill(NONE);
  out[10] = framePointer(d);
  return canon(out);
}

/** Entry state of a bpf-to-bpf callee at depth d: the caller's r1..r5. */
export function regsCallee(a: ArgRegs, d: number): ArgRegs {
  const out = new Array<ArgVal>(REGS).fill(NONE);
  for (let r = 1; r <= 5; r++) out[r] = a[r] ?? NONE;
  out[10] = framePointer(d);
  return canon(out);
}

/** Entry state of a callback at depth d: r_k := the caller's r_c, NONE elsewhere. */
export function regsCallback(a: ArgRegs, c: number, k: number, d: number): ArgRegs {
  const out = new Array<ArgVal>(REGS).fill(NONE);
  out[k] = a[c] ?? NONE;
  out[10] = framePointer(d);
  return canon(out);
}

/** 1 if one of r1..r5 may hold a frame pointer (callees are analysed in context only then). */
export function regsArgsPtr(a: ArgRegs): number {
  for (let r = 1; r <= 5; r++) if (a[r] !== undefined && isPointer(a[r]!)) return 1;
  return 0;
}

const A = 'argval', R = 'argregs', N = 'number';
type Fn = FunctorSpec['fn'];

/**
 * Functors over `argregs` for the rules (all pure).
 *
 * @example
 * regsFunctors.map((f) => f.name)
 */
export const regsFunctors: readonly FunctorSpec[] = [
  { name: 'regs_get', params: [R, N], result: A, fn: regsGet as Fn },
  { name: 'regs_set', params: [R, N, A], result: R, fn: regsSet as Fn },
  { name: 'regs_none', params: [R, 'mask'], result: R, fn: regsNone as Fn },
  { name: 'regs_root', params: [N], result: R, fn: regsRoot as Fn },
  { name: 'regs_callee', params: [R, N], result: R, fn: regsCallee as Fn },
  { name: 'regs_callback', params: [R, N, N, N], result: R, fn: regsCallback as Fn },
  { name: 'regs_args_ptr', params: [R], result: N, fn: regsArgsPtr as Fn },
];
