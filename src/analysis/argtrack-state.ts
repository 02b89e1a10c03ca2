/**
 * The whole argument-tracking state on entry to an instruction as ONE lattice value per
 * (instance, insn), lattice `argstate`: the register vector (`argregs`, argtrack-regvec.ts)
 * and the spilled-slot vector (`argstack`, argtrack-stackvec.ts) side by side.
 *
 *     ⊥ = (⊥, ⊥)                    (R, S) ⊔ (R', S') = (R ⊔ R', S ⊔ S')
 *
 * A product of join-semilattices is one, so the laws carry over. The two parts always come
 * and go together (every path that reaches an insn brings both), and every instruction
 * changes at most one of them (an atomic changes both): one row per instruction instead of
 * an `argregs` row and an `argstack` row halves the rows the fixpoint stores, joins and
 * queues. The transfer functions of the parts are lifted, sharing the untouched part:
 *
 *     st_get(X, r)               = X.R[r]
 *     st_set(X, r, v)            = (regs_set(X.R, r, v), X.S)
 *     st_none(X, m)              = (regs_none(X.R, m), X.S)
 *     st_entry(R)                = (R, NONES)                     entry of an instance
 *     st_spill(X, v, o, b, z, x) = (X.R, stk_spill(X.S, v, o, b, z, x))
 *     st_clear(X, v, o, b, z)    = (X.R, stk_clear(X.S, v, o, b, z))
 *     st_fill(X, v, o, b, top)   = stk_fill(X.S, v, o, b, top)    (an argval)
 *     st_regs(X) = X.R, st_stk(X) = X.S, st_args_ptr(X) = regs_args_ptr(X.R)
 *
 * Text: `<regs> | <stack>` in the parts' texts (`? | ?` for ⊥).
 */
import { type FunctorSpec, type Lattice, joinLattice } from '../base/lattice.js';
import type { Mask } from '../eval/lattices/mask-value.js';
import type { ArgVal } from './argtrack-value.js';
import { PairMemo } from './argtrack-intern.js';
import { type ArgRegs, REGS_BOTTOM, argregsLattice, joinRegs, regsArgsPtr, regsGet, regsNone, regsSet } from './argtrack-regvec.js';
import { type ArgStack, STACK_BOTTOM, STACK_NONES, argstackLattice, joinStack, stackClear, stackFill, stackSpill } from './argtrack-stackvec.js';

/** Registers and spilled slots on entry to an insn (immutable). */
export interface ArgState {
  readonly regs: ArgRegs;
  readonly stk: ArgStack;
}

/** ⊥: no path reached the insn. */
export const STATE_BOTTOM: ArgState = { regs: REGS_BOTTOM, stk: STACK_BOTTOM };

/**
 * One state object per pair of (canonical, argtrack-intern.ts) parts: equal states are then
 * the same object too.
 */
const states = new PairMemo<ArgRegs, ArgStack, ArgState>(1 << 14);
const newState = (regs: ArgRegs, stk: ArgStack): ArgState => ({ regs, stk });

function stateOf(regs: ArgRegs, stk: ArgStack): ArgState {
  return states.get(regs, stk, newState);
}

function make(regs: ArgRegs, stk: ArgStack, old: ArgState): ArgState {
  return regs === old.regs && stk === old.stk ? old : stateOf(regs, stk);
}

/**
 * Pointwise join (returns an operand when nothing changes).
 *
 * @example
 * joinState(STATE_BOTTOM, stateEntry(regsRoot(0))) // the entry state
 */
export function joinState(a: ArgState, b: ArgState): ArgState {
  if (a === b) return a;
  return make(joinRegs(a.regs, b.regs), joinStack(a.stk, b.stk), a);
}

function equalsState(a: ArgState, b: ArgState): boolean {
  return a === b || (argregsLattice.equals(a.regs, b.regs) && argstackLattice.equals(a.stk, b.stk));
}

/** Text form (see the file header). @example showState(STATE_BOTTOM) // '? | ?' */
export function showState(a: ArgState): string {
  return `${argregsLattice.show(a.regs)} | ${argstackLattice.show(a.stk)}`;
}

function parseState(text: string): ArgState | undefined {
  const at = text.lastIndexOf(' | ');
  if (at < 0) return undefined;
  const regs = argregsLattice.parse(text.slice(0, at));
  const stk = argstackLattice.parse(text.slice(at + 3));
  return regs === undefined || stk === undefined ? undefined : { regs, stk };
}

/** The `argstate` lattice. */
export const argstateLattice: Lattice<ArgState> = joinLattice({
  name: 'argstate', bottom: STATE_BOTTOM, join: joinState, equals: equalsState, show: showState, parse: parseState,
});

/** The state an instance starts with: registers `regs`, every slot NONE. */
export function stateEntry(regs: ArgRegs): ArgState {
  return stateOf(regs, regs.length === 0 ? STACK_BOTTOM : STACK_NONES);
}

const X = 'argstate', A = 'argval', N = 'number';
type Fn = FunctorSpec['fn'];

/**
 * Functors over `argstate` for the rules (all pure; see the file header).
 *
 * @example
 * stateFunctors.map((f) => f.name).includes('st_spill') // true
 */
export const stateFunctors: readonly FunctorSpec[] = [
  { name: 'st_get', params: [X, N], result: A, fn: ((s: ArgState, r: number) => regsGet(s.regs, r)) as Fn },
  { name: 'st_set', params: [X, N, A], result: X, fn: ((s: ArgState, r: number, v: ArgVal) => make(regsSet(s.regs, r, v), s.stk, s)) as Fn },
  { name: 'st_none', params: [X, 'mask'], result: X, fn: ((s: ArgState, m: Mask) => make(regsNone(s.regs, m), s.stk, s)) as Fn },
  { name: 'st_entry', params: ['argregs'], result: X, fn: stateEntry as Fn },
  { name: 'st_spill', params: [X, A, N, N, N, A], result: X,
    fn: ((s: ArgState, v: ArgVal, o: number, b: number, z: number, x: ArgVal) => make(s.regs, stackSpill(s.stk, v, o, b, z, x), s)) as Fn },
  { name: 'st_clear', params: [X, A, N, N, N], result: X,
    fn: ((s: ArgState, v: ArgVal, o: number, b: number, z: number) => make(s.regs, stackClear(s.stk, v, o, b, z), s)) as Fn },
  { name: 'st_fill', params: [X, A, N, N, N], result: A,
    fn: ((s: ArgState, v: ArgVal, o: number, b: number, top: number) => stackFill(s.stk, v, o, b, top)) as Fn },
  { name: 'st_regs', params: [X], result: 'argregs', fn: ((s: ArgState) => s.regs) as Fn },
  { name: 'st_stk', params: [X], result: 'argstack', fn: ((s: ArgState) => s.stk) as Fn },
  { name: 'st_args_ptr', params: [X], result: N, fn: ((s: ArgState) => regsArgsPtr(s.regs)) as Fn },
];
