/**
 * Guard dispatch for fused eager functions (compile-eager.ts): which rule versions can fire on
 * a delta row, read from one table instead of running every version to find out.
 *
 * A version on ΔX is a conjunction. When it looks up a COMPLETE relation G (one of a lower
 * stratum: it does not change while the stratum runs) by columns one of which is bound to a
 * variable v of the ΔX row, the version can only fire on rows whose v has a row in G (with v
 * in that column); a negation `!G(.., v, ..)` whose other arguments are all `_` can only let
 * rows through whose v has none:
 *
 *     fires(version, row)  ⇒  ∀ positive guard G: v ∈ keys(G)  ∧  ∀ negative guard H: v ∉ keys(H)
 *
 * Per delta relation, the guards on one column dc of its rows (the column most guards use)
 * get a bit each; at the start of every run a table maps each value x to the bits of the
 * guard relations that have a row with key x (one pass over their rows):
 *
 *     W[x] = Σ_j 2^j · [x ∈ keys(G_j)]          (x outside the table: W = 0, no guard has it)
 *
 * and a version with positive bits P and negative bits N runs on a row iff
 * (W[x] & P) = P ∧ (W[x] & N) = 0. It is a necessary condition, so skipping is exact; the
 * versions still check their lookups. In the argument-tracking stratum each row of
 * `at_state` meets 24 versions, keyed by the instruction kind; two or three can fire.
 * The table is not built (every version runs) when a guard key is negative or above 2^26.
 */
import type { Atom } from '../lang/ast.js';
import type { NegOp, RuleVersion } from '../plan/plan.js';

/** A guard: relation `rel` has a row whose key column `col` equals the dispatch value. */
export interface Guard {
  readonly rel: string;
  readonly col: number;
}

/** The dispatch of one delta relation's versions. */
export interface Dispatch {
  /** Key column of the delta rows whose value indexes the table. */
  readonly col: number;
  /** The guards, bit j = guards[j] (at most 31). */
  readonly guards: readonly Guard[];
  /** Per version, in order: the bits that must be set and those that must be clear. */
  readonly masks: readonly { readonly pos: number; readonly neg: number }[];
  /**
   * Per version, in order: its negations that a clear bit of its `neg` mask already decides
   * (the bits are exact: with the table built, a version runs only when they hold, so the
   * generated code skips those lookups; compile-eager.ts).
   */
  readonly decided: readonly (readonly NegOp[])[];
}

const MAX_GUARDS = 31;

/** A negative guard, with the negation it comes from. */
interface NegGuard extends Guard {
  readonly op: NegOp;
}

/** The guards of one version on a dispatch column. */
interface VersionGuards {
  readonly pos: readonly Guard[];
  readonly neg: readonly NegGuard[];
}

/** Guards of `v` on the delta column `dc` (variable `x` there), as relation/column pairs. */
function guardsOn(v: RuleVersion, x: string, complete: (rel: string) => boolean): VersionGuards {
  const pos: Guard[] = [];
  const neg: NegGuard[] = [];
  // the bound column of a lookup of a complete relation that holds x (the first one)
  const on = (a: Atom, bound: readonly number[]): number | undefined => {
    if (!complete(a.rel)) return undefined;
    return bound.find((c) => { const t = a.args[c]; return t?.kind === 'var' && t.name === x; });
  };
  for (const op of v.ops.slice(1)) {
    if (op.kind === 'scan' && op.source !== 'delta') {
      // a lookup on more columns can only succeed if x is among the values of its column
      const c = on(op.atom, op.bound);
      if (c !== undefined) pos.push({ rel: op.atom.rel, col: c });
    } else if (op.kind === 'neg') {
      // a negation is a guard only when x is all it looks up: then x ∉ keys decides it
      const c = op.bound.length === 1 ? on(op.atom, op.bound) : undefined;
      if (c !== undefined && op.atom.args.every((t, i) => i === c || t.kind === 'anon')) neg.push({ rel: op.atom.rel, col: c, op });
    }
  }
  return { pos, neg };
}

/**
 * The dispatch of `versions` (all scanning the same delta relation first, `keyArity` key
 * columns), or undefined when no version has a guard.
 *
 * @param complete true for relations that do not change while the stratum runs
 * @example
 * dispatchOf(atRegsVersions, 2, (r) => !stratum.has(r)) // { col: 1, guards: [clobber_set/0, …], masks }
 */
export function dispatchOf(versions: readonly RuleVersion[], keyArity: number, complete: (rel: string) => boolean): Dispatch | undefined {
  let best: { col: number; per: VersionGuards[]; n: number } | undefined;
  for (let dc = 0; dc < keyArity; dc++) {
    const per = versions.map((v) => {
      const first = v.ops[0];
      const t = first?.kind === 'scan' ? first.atom.args[dc] : undefined;
      return t?.kind === 'var' ? guardsOn(v, t.name, complete) : { pos: [], neg: [] };
    });
    const n = per.reduce((s, g) => s + g.pos.length + g.neg.length, 0);
    if (n > 0 && (best === undefined || n > best.n)) best = { col: dc, per, n };
  }
  if (best === undefined) return undefined;
  const guards: Guard[] = [];
  const bit = (g: Guard): number => {
    let j = guards.findIndex((h) => h.rel === g.rel && h.col === g.col);
    if (j < 0 && guards.length < MAX_GUARDS) { j = guards.length; guards.push(g); }
    return j < 0 ? 0 : 1 << j;
  };
  const bits = best.per.map((g) => ({ pos: g.pos.map(bit), neg: g.neg.map(bit) }));
  const or = (bs: readonly number[]): number => bs.reduce((m, b) => m | b, 0);
  const masks = bits.map((b) => ({ pos: or(b.pos), neg: or(b.neg) }));
  // a negation is decided when its guard got a bit (at most MAX_GUARDS do)
  const decided = best.per.map((g, i) => g.neg.filter((_, j) => bits[i]!.neg[j] !== 0).map((x) => x.op));
  return { col: best.col, guards, masks, decided };
}

/**
 * What `guardTable` reads of a guard relation: its rows (row-major) and their count, and its
 * key table (row-store.ts): in chain mode on column `dcol`, or in dense mode (`denseOnly`,
 * one column), every key k of that column is in 0 ≤ k < dense.length.
 */
export interface GuardRows {
  readonly data: Int32Array;
  readonly size: number;
  readonly clears: number;
  readonly dcol: number;
  readonly denseOnly: boolean;
  readonly dense: Int32Array;
}

/** Where `guardTable` caches the table: the delta relation (relation.ts `gtab`, `gsig`). */
export interface GuardCache {
  gtab: Int32Array | null;
  gsig: string;
}

/**
 * The table W of the file header over guard relations `rels` (key column `cols[j]` of rows
 * `strides[j]` wide, bit j), or null when a key is negative or ≥ 2^26. `negBits`: the guards
 * some version excludes (their bits must be exact); the others may be set for extra keys. Cached on `cache`
 * while the guards' sizes and clears stay the same (`id` names the guard list). Shared by
 * every fused function: one optimised loop instead of a pair of loops per guard in each.
 *
 * @example
 * guardTable(rel, 'alu64k/0', [alu64k], [4], [0], 0) // W[i] = 1 for every ALU64-imm insn i
 */
export function guardTable(
  cache: GuardCache, id: string, rels: readonly GuardRows[], strides: readonly number[], cols: readonly number[], negBits: number,
): Int32Array | null {
  let sig = id;
  for (const r of rels) sig += `|${r.size}:${r.clears}`;
  if (cache.gsig === sig) return cache.gtab;
  let mx = -1;
  let ok = true;
  for (let j = 0; j < rels.length; j++) {
    const g = rels[j]!, n = g.size, c = cols[j]!;
    // a key table bounds the keys without a pass over the rows (the table may be longer than
    // the largest key: the entries past it stay 0, untouched)
    if (n > 0 && (g.dcol === c || (g.denseOnly && c === 0))) { mx = Math.max(mx, g.dense.length - 1); continue; }
    const d = g.data, st = strides[j]!;
    for (let r = 0; r < n; r++) {
      const x = d[r * st + c]!;
      if (x > mx) mx = x;
      else if (x < 0) ok = false;
    }
  }
  let W: Int32Array | null = null;
  if (ok && mx < 1 << 26) {
    W = new Int32Array(mx + 1);
    // a guard no version excludes (not in negBits), with about a row per key (succ: every
    // insn has a successor but the exits), gets its bit on every key in one fill: an extra
    // bit only lets a version try a lookup that then fails
    let all = 0;
    for (let j = 0; j < rels.length; j++) if (((negBits >>> j) & 1) === 0 && rels[j]!.size * 2 >= W.length) all |= 1 << j;
    if (all !== 0) W.fill(all);
    for (let j = 0; j < rels.length; j++) {
      if (((all >>> j) & 1) === 1) continue;
      const d = rels[j]!.data, n = rels[j]!.size, st = strides[j]!, c = cols[j]!, b = 1 << j;
      for (let r = 0; r < n; r++) W[d[r * st + c]!] |= b;
    }
  }
  cache.gtab = W;
  cache.gsig = sig;
  return W;
}

/**
 * One line per version: the dispatch column, then each version's required (+) and excluded
 * (−) guards, for debugging and tests.
 *
 * @example
 * showDispatch(d) // "on column 1\n  V0: +call_pseudo/0\n  V1: −clobber_set/0 −alu64k/0 …"
 */
export function showDispatch(d: Dispatch): string {
  const bits = (m: number, sign: string): string[] => d.guards.flatMap((g, j) => ((m >>> j) & 1 ? [`${sign}${g.rel}/${g.col}`] : []));
  return [`on column ${d.col}`, ...d.masks.map((m, i) => `  V${i}: ${[...bits(m.pos, '+'), ...bits(m.neg, '−')].join(' ') || '(always)'}`)].join('\n');
}
