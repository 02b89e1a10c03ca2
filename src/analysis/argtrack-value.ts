/**
 * The argument-tracking value (spec liveness.md §3.1/§3.2, "bpfdl's decision" in §3.6) as a
 * TRUE join-semilattice, registered as the lattice `argval`. Design and every divergence from
 * the kernel's order-dependent join: docs/argtrack-lattice.md.
 *
 * A value is a pair (maybeNone, ptr) of a flag ("may also be no frame pointer at all") and a
 * pointer part, quotiented so that offset-unknown and frame-imprecise values always carry the
 * flag (no rule can tell the difference for them):
 *
 *     ptr ::= ⊥ | P(f, S) | O(f) | IMP(m)        S ⊆ s16, 1 ≤ |S| ≤ 4;  m ⊆ {0..7}, m ≠ ∅
 *
 *     ⊥ ⊑ P(f,S) ⊑ P(f,T)  iff S ⊆ T          P(f,S) ⊑ O(f) ⊑ IMP(m)  iff f ∈ m
 *     IMP(m) ⊑ IMP(n)      iff m ⊆ n
 *
 *     P(f,S) ⊔ P(f,T) = P(f, S∪T) if |S∪T| ≤ 4 else O(f)          (capped powerset: a lattice)
 *     pointers of frames f ≠ g  ⊔  = IMP(frames(x) ∪ frames(y))
 *     (b, p) ⊔ (c, q) = close(b ∨ c, p ⊔ q),   close(b, p) = (b ∨ p ∈ {O, IMP}, p)
 *
 * `close` is a closure operator on the product {false < true} × ptr, so its fixed points form
 * a lattice whose join is close(product join): associative, commutative, idempotent.
 * Named values: UNVISITED = (false, ⊥) (bottom), NONE = (true, ⊥), P(f,S,m), O(f), IMP(m).
 *
 * Values are interned: one object per distinct value, so `equals` is `===` and a join memo
 * keyed by the two value ids makes repeated joins a map lookup.
 *
 * Text (`show`, lossless, parsed back by `parse`): `?`, `_`, `fp0-24|fp0+0`, `fp0-8|_`
 * (maybe-none), `fp0 ?`, `IMP3`. `showKernel` gives the kernel log text (lossy): a
 * maybe-none single offset o prints as the kernel's fake `fp<f><o>|fp<f>+0`.
 */
import type { Lattice } from '../base/lattice.js';

/** Number of call frames (`MAX_CALL_FRAMES`); frames are 0..7, IMP masks 8 bits. */
export const MAX_FRAMES = 8;
/** Maximum number of precise offsets of a `P` value. */
export const MAX_OFFS = 4;

/** Bottom: no path reached this point. */
export interface Unvisited { readonly kind: 'unvisited'; readonly id: number }
/** Not derived from a frame pointer. */
export interface NoneVal { readonly kind: 'none'; readonly id: number }
/** Pointer into frame `frame` at one of `offs` (sorted ascending, 1..4 distinct s16). */
export interface PtrVal {
  readonly kind: 'p';
  readonly id: number;
  readonly frame: number;
  readonly offs: readonly number[];
  /** The value may also be no frame pointer (kernel: the "fake fp+0"). */
  readonly maybeNone: boolean;
}
/** Pointer into frame `frame`, offset unknown (implicitly maybe-none). */
export interface OffVal { readonly kind: 'o'; readonly id: number; readonly frame: number }
/** Some frame pointer; `mask` bit f = frame f is a candidate (implicitly maybe-none). */
export interface ImpVal { readonly kind: 'imp'; readonly id: number; readonly mask: number }

/** One argument-tracking value (always obtained from the constructors below: interned). */
export type ArgVal = Unvisited | NoneVal | PtrVal | OffVal | ImpVal;

const table = new Map<string, ArgVal>();
let nextId = 0;
function intern<T extends ArgVal>(key: string, make: (id: number) => T): T {
  const hit = table.get(key);
  if (hit !== undefined) return hit as T;
  const v = Object.freeze(make(nextId++)) as T;
  table.set(key, v);
  return v;
}

/** Bottom value. @example show(UNVISITED) // '?' */
export const UNVISITED: Unvisited = intern('?', (id) => ({ kind: 'unvisited', id }));
/** The non-pointer value. @example show(NONE) // '_' */
export const NONE: NoneVal = intern('_', (id) => ({ kind: 'none', id }));

/** True for an int in the signed 16-bit range. @example isS16(-32768) // true */
export function isS16(x: number): boolean {
  return Number.isInteger(x) && x >= -32768 && x <= 32767;
}

/**
 * `P(frame, offs, maybeNone)`; offsets are sorted/deduplicated; more than 4 gives `O(frame)`.
 *
 * @example
 * show(ptr(0, [-8, -24])) // 'fp0-24|fp0-8'
 */
export function ptr(frame: number, offs: readonly number[], maybeNone = false): PtrVal | OffVal {
  if (!(Number.isInteger(frame) && frame >= 0 && frame < MAX_FRAMES)) throw new Error(`argval: bad frame ${frame}`);
  let sorted = true;
  for (let i = 1; i < offs.length; i++) if (!(offs[i - 1]! < offs[i]!)) { sorted = false; break; }
  const s = sorted ? offs.slice() : [...new Set(offs)].sort((a, b) => a - b);
  if (s.length === 0) throw new Error('argval: P needs an offset');
  for (const o of s) if (!isS16(o)) throw new Error(`argval: offset ${o} is not s16`);
  if (s.length > MAX_OFFS) return off(frame);
  return intern(`P${frame}:${s.join(',')}:${maybeNone ? 1 : 0}`, (id) => ({
    kind: 'p', id, frame, offs: Object.freeze(s), maybeNone,
  }));
}

/** `O(frame)`: offset unknown. @example show(off(1)) // 'fp1 ?' */
export function off(frame: number): OffVal {
  if (!(Number.isInteger(frame) && frame >= 0 && frame < MAX_FRAMES)) throw new Error(`argval: bad frame ${frame}`);
  return intern(`O${frame}`, (id) => ({ kind: 'o', id, frame }));
}

/** `IMP(mask)`; mask must be a non-empty subset of frames 0..7. @example show(imp(3)) // 'IMP3' */
export function imp(mask: number): ImpVal {
  if (!(Number.isInteger(mask) && mask > 0 && mask < 1 << MAX_FRAMES)) throw new Error(`argval: bad IMP mask ${mask}`);
  return intern(`I${mask}`, (id) => ({ kind: 'imp', id, mask }));
}

/** True for P, O and IMP (the values the kernel calls "frame pointers"). @example isPointer(NONE) // false */
export function isPointer(v: ArgVal): v is PtrVal | OffVal | ImpVal {
  return v.kind === 'p' || v.kind === 'o' || v.kind === 'imp';
}

/** Candidate frames as a bit mask (0 for NONE/UNVISITED). @example framesOf(imp(5)) // 5 */
export function framesOf(v: ArgVal): number {
  switch (v.kind) {
    case 'p': case 'o': return 1 << v.frame;
    case 'imp': return v.mask;
    default: return 0;
  }
}

/** May the value be a non-pointer? (NONE, maybe-none P, O, IMP). @example mayBeNone(off(0)) // true */
export function mayBeNone(v: ArgVal): boolean {
  return v.kind === 'none' || v.kind === 'o' || v.kind === 'imp' || (v.kind === 'p' && v.maybeNone);
}

/** The same pointer, flagged maybe-none (NONE ⊔ v). @example show(withNone(ptr(0,[-8]))) // 'fp0-8|_' */
export function withNone(v: ArgVal): ArgVal {
  switch (v.kind) {
    case 'unvisited': return NONE;
    case 'p': return v.maybeNone ? v : ptr(v.frame, v.offs, true);
    default: return v;
  }
}

function unionOffs(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0, j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i]! : Infinity, y = j < b.length ? b[j]! : Infinity;
    if (x === y) { out.push(x); i++; j++; } else if (x < y) { out.push(x); i++; } else { out.push(y); j++; }
  }
  return out;
}

function joinUncached(a: ArgVal, b: ArgVal): ArgVal {
  if (a.kind === 'unvisited') return b;
  if (b.kind === 'unvisited') return a;
  if (a.kind === 'none') return withNone(b);
  if (b.kind === 'none') return withNone(a);
  // both pointers
  if (a.kind === 'imp' || b.kind === 'imp' || a.frame !== b.frame) return imp(framesOf(a) | framesOf(b));
  if (a.kind === 'o') return a;
  if (b.kind === 'o') return b;
  const s = unionOffs(a.offs, b.offs);
  return s.length > MAX_OFFS ? off(a.frame) : ptr(a.frame, s, a.maybeNone || b.maybeNone);
}

const memo = new Map<number, ArgVal>();
const MEMO_IDS = 1 << 20;

/**
 * Least upper bound (associative, commutative, idempotent; UNVISITED is the identity).
 *
 * @example
 * show(join(ptr(0, [-8]), NONE))           // 'fp0-8|_'
 * show(join(ptr(0, [-8]), ptr(1, [-16])))  // 'IMP3'
 */
export function join(a: ArgVal, b: ArgVal): ArgVal {
  if (a === b || b === UNVISITED) return a;
  if (a === UNVISITED) return b;
  if (a.id >= MEMO_IDS || b.id >= MEMO_IDS) return joinUncached(a, b);
  const key = a.id < b.id ? a.id * MEMO_IDS + b.id : b.id * MEMO_IDS + a.id;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const r = joinUncached(a, b);
  if (memo.size > 1_000_000) memo.clear();
  memo.set(key, r);
  return r;
}

/** Order test `a ⊑ b` (equivalently `join(a, b) === b`). @example leq(ptr(0,[-8]), off(0)) // true */
export function leq(a: ArgVal, b: ArgVal): boolean {
  return join(a, b) === b;
}

function fpText(frame: number, o: number): string {
  return `fp${frame}${o >= 0 ? '+' : ''}${o}`;
}

/**
 * Lossless text (see file header).
 *
 * @example
 * show(ptr(0, [-24, 0])) // 'fp0-24|fp0+0'
 * show(ptr(0, [-8], true)) // 'fp0-8|_'
 */
export function show(v: ArgVal): string {
  switch (v.kind) {
    case 'unvisited': return '?';
    case 'none': return '_';
    case 'o': return `fp${v.frame} ?`;
    case 'imp': return `IMP${v.mask.toString(16)}`;
    case 'p': return v.offs.map((o) => fpText(v.frame, o)).join('|') + (v.maybeNone ? '|_' : '');
  }
}

/**
 * The text the kernel would print for the corresponding kernel value: a maybe-none single
 * offset o ≠ 0 prints with the kernel's fake offset 0 (`fp0-8|fp0+0`); other maybe-none
 * values print their offsets only. Lossy (not parseable back to the same value).
 *
 * @example
 * showKernel(ptr(0, [-8], true)) // 'fp0-8|fp0+0'
 */
export function showKernel(v: ArgVal): string {
  if (v.kind !== 'p' || !v.maybeNone) return show(v);
  const offs = v.offs.length === 1 && v.offs[0] !== 0 ? unionOffs(v.offs, [0]) : v.offs;
  return offs.map((o) => fpText(v.frame, o)).join('|');
}

/**
 * Parses `show` text (also the kernel's forms `fp0-8|fp0+0`, read as two real offsets).
 *
 * @example
 * parse('fp1-16|_') === ptr(1, [-16], true) // true
 */
export function parse(text: string): ArgVal | undefined {
  const s = text.trim();
  if (s === '?') return UNVISITED;
  if (s === '_') return NONE;
  let m = /^IMP([0-9a-f]{1,2})$/.exec(s);
  if (m) {
    const mask = parseInt(m[1]!, 16);
    return mask > 0 && mask < 1 << MAX_FRAMES ? imp(mask) : undefined;
  }
  m = /^fp([0-7]) \?$/.exec(s);
  if (m) return off(Number(m[1]));
  const parts = s.split('|');
  let maybeNone = false;
  if (parts.length > 1 && parts[parts.length - 1] === '_') { maybeNone = true; parts.pop(); }
  let frame = -1;
  const offs: number[] = [];
  for (const p of parts) {
    const pm = /^fp([0-7])([+-]\d{1,5})$/.exec(p);
    if (!pm) return undefined;
    const f = Number(pm[1]), o = Number(pm[2]);
    if ((frame !== -1 && f !== frame) || !isS16(o)) return undefined;
    frame = f;
    offs.push(o);
  }
  if (offs.length === 0 || offs.length > MAX_OFFS || new Set(offs).size !== offs.length) return undefined;
  return ptr(frame, offs, maybeNone);
}

/**
 * The lattice `argval` for rule files (`.decl at_in(n: Inst, i: number, r: number, v: argval)`).
 *
 * @example
 * argvalLattice.join(NONE, ptr(0, [-8])) === ptr(0, [-8], true) // true
 */
export const argvalLattice: Lattice<ArgVal> = {
  name: 'argval',
  bottom: UNVISITED,
  join,
  leq,
  equals: (a, b) => a === b,
  show,
  parse,
};
