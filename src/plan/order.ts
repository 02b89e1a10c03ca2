/**
 * Join ordering: turns a clause body (a conjunction of literals) into a sequence of
 * operations, choosing the order itself instead of following the text.
 *
 * Greedy algorithm (B = variables bound so far, initially the outer bound variables):
 *
 *   1. if the version has a delta atom, scan it first (it is the smallest input of the step);
 *   2. place every literal that has become evaluable, as early as possible:
 *        negation            when all its non-`_` arguments are bound      → NegOp
 *        constraint          when both sides are bound                      → FilterOp
 *        `p = e` / `e = p`   when e is bound and p is a pattern              → BindOp
 *        `X in @g(args)`     when args are bound, and no atom is left or one   → GenOp
 *                            of those left mentions X (see deferGen)
 *        `r = agg : {…}`     when the aggregate's shared variables are bound → AggOp
 *   3. pick the next positive atom by, in order: some bound key column (a lookup before a
 *      scan); among lookups, a relation of a lower stratum first (it is complete and usually
 *      a selective filter — e.g. "is insn I a store?" — while a relation of the current
 *      stratum typically fans out: one row per register or slot); when the evaluator supplies
 *      statistics (`fanout`, see eval/adaptive.ts), the lookup with the fewest rows per key
 *      among the lower-stratum ones; most bound key columns (constants count); among scans, a relation of the current stratum before a lower one
 *      (in the `full` version of a recursive clause the recursive relations hold only what
 *      is derived so far, and scanning them first needs no index on them); fewest unbound
 *      columns; then text order. Scan it and add its variables to B;
 *   4. repeat 2–3 until every literal is placed.
 *
 * An atom with bound columns becomes an index lookup on those columns; when variables bind
 * some of them, on those only, the constants being checked on the rows found
 * (`lookupColumns`). The outermost scan of a full version with only constants bound (or
 * variables bound to constant expressions) reads the whole relation and checks them (it
 * runs once; an index would cost as much to build) — unless many full versions fix the same
 * column (`constColumn`: the instruction class of `insn`, in twenty rules): then it looks
 * up that one constant and checks the others.
 * Every step is independent of where the user wrote the atom except the final tie-break.
 */
import type { Aggregate, Atom, Literal, Term } from '../lang/ast.js';
import type { CLiteral } from '../check/checked.js';
import type { Op, Source } from './plan.js';
import { bindPattern, isBound, isPattern, literalVars, termVars } from './terms.js';

/** What the orderer needs to know about relations. */
export interface OrderEnv {
  keyArity(rel: string): number;
  /** Relations of the stratum being planned (read last among equals). */
  readonly stratumRels: ReadonlySet<string>;
  /**
   * Rows per key of a lookup on `cols` of a complete (lower-stratum) relation, when the
   * evaluator knows it (eval/adaptive.ts); the static plan has no statistics.
   */
  fanout?(rel: string, cols: readonly number[]): number;
  /**
   * A key column of `rel` that enough full versions fix to a constant in their outermost
   * scan to pay for an index on it (planner.ts, `sharedConstColumns`): such a scan looks the
   * constant up instead of reading every row.
   */
  constColumn?(rel: string): number | undefined;
}

/** Bound key columns of `atom` under `bound`, ascending. */
export function boundColumns(atom: Atom, bound: ReadonlySet<string>, keyArity: number): number[] {
  const cols: number[] = [];
  for (let j = 0; j < keyArity && j < atom.args.length; j++) {
    const a = atom.args[j];
    if (a !== undefined && isBound(a, bound)) cols.push(j);
  }
  return cols;
}

function isConstant(t: Term): boolean {
  return t.kind === 'num' || t.kind === 'str' || t.kind === 'nil';
}

/**
 * The columns a scan looks up by: its bound columns, but when some are bound by variables,
 * only those — the constants are then checked on the rows found. `alu64k(I, 176, D, _)` with
 * I bound looks up by I alone: one row per instruction, found through the dense table of a
 * one-column index, instead of hashing (I, 176) into a table far larger than the caches.
 * With only constants bound (a scan of the rows with `Class = 7`) they stay the key.
 */
function lookupColumns(atom: Atom, cols: readonly number[]): number[] {
  const vars = cols.filter((c) => !isConstant(atom.args[c]!));
  return vars.length > 0 && vars.length < cols.length ? vars : [...cols];
}

function aggOf(l: Literal | CLiteral): { agg: Aggregate; result: Term } | undefined {
  if (l.kind !== 'cmp' || l.op !== '=') return undefined;
  if (l.right.kind === 'aggregate') return { agg: l.right, result: l.left };
  if (l.left.kind === 'aggregate') return { agg: l.left, result: l.right };
  return undefined;
}

/**
 * Orders `body` into operations.
 *
 * @param outside variables that occur outside `body` (head, enclosing literals): an aggregate
 *        waits until those of its variables are bound.
 * @param sourceOf the source of the positive atom at a body index.
 * @example
 * orderBody(clause.body, new Set(), 1, (i) => (i === 1 ? 'delta' : 'full'), env, headVars)
 */
export function orderBody(
  body: readonly (Literal | CLiteral)[],
  bound0: ReadonlySet<string>,
  deltaAtom: number | undefined,
  sourceOf: (bodyIndex: number) => Source,
  env: OrderEnv,
  outside: ReadonlySet<string>,
): Op[] {
  const bound = new Set(bound0);
  // variables bound to a constant expression (`Nb = -2147483648`): as good as constants
  const constVars = new Set<string>();
  const known = (t: Term): boolean => isConstant(t) || (t.kind === 'var' && constVars.has(t.name));
  const ops: Op[] = [];
  const rem = new Set<number>(body.map((_, i) => i));
  const scan = (i: number): void => {
    const atom = body[i] as Atom;
    // the outermost scan of a full version runs once: with only constants bound, reading
    // the relation through and checking them costs what building an index on them would
    const outermost = deltaAtom === undefined && !ops.some((o) => o.kind === 'scan');
    const cols = lookupColumns(atom, boundColumns(atom, bound, env.keyArity(atom.rel)));
    let lookup = outermost && cols.every((c) => known(atom.args[c]!)) ? [] : cols;
    const shared = outermost && lookup.length === 0 ? env.constColumn?.(atom.rel) : undefined;
    if (shared !== undefined && cols.includes(shared) && isConstant(atom.args[shared]!)) lookup = [shared];
    ops.push({ kind: 'scan', atom, bodyIndex: i, source: sourceOf(i), bound: lookup });
    for (const a of atom.args) bindPattern(a, bound);
    rem.delete(i);
  };
  if (deltaAtom !== undefined) scan(deltaAtom);
  for (;;) {
    let progress = true;
    while (progress) {
      progress = false;
      for (const i of [...rem]) {
        const l = body[i]!;
        const op = readyOp(l, i, body, bound, env, outside);
        if (op === undefined) continue;
        if (op !== 'skip' && op.kind === 'gen' && deferGen(op.gen.target.name, body, rem)) continue;
        rem.delete(i);
        progress = true;
        if (op === 'skip') continue;
        ops.push(op);
        bindOp(op, bound);
        if (op.kind === 'bind' && op.pattern.kind === 'var' && termVars(op.expr).size === 0) constVars.add(op.pattern.name);
      }
    }
    let best = -1;
    let bestKey: number[] = [];
    for (const i of rem) {
      const l = body[i]!;
      if (l.kind !== 'atom') continue;
      const k = env.keyArity(l.rel);
      const nb = boundColumns(l, bound, k).length;
      const lower = env.stratumRels.has(l.rel) ? 0 : 1;
      const fan = nb > 0 && lower === 1 && env.fanout ? -env.fanout(l.rel, boundColumns(l, bound, k)) : 0;
      const key = [nb > 0 ? 1 : 0, nb > 0 ? lower : 0, fan, nb, 1 - lower, -(l.args.length - nb), -i];
      if (best < 0 || lexGreater(key, bestKey)) { best = i; bestKey = key; }
    }
    if (best < 0) break;
    scan(best);
  }
  if (rem.size > 0) {
    const l = body[[...rem][0]!]!;
    throw new Error(`planner: cannot place literal of kind '${l.kind}' (unbound variables; the checker should have rejected it)`);
  }
  return ops;
}

/**
 * A generator (`X in @g(...)`) yields several bindings: placed before an atom that does not
 * mention X it would scan that atom once per binding (`clobber(I, R) :- insn(I, 5, 128, ...),
 * R in @mask_members(@mask_range(0, 5))` read the million `insn` rows six times). So it waits
 * while atoms remain and none of them mentions X; when one does, it goes first and binds X
 * for that atom's lookup.
 */
function deferGen(target: string, body: readonly (Literal | CLiteral)[], rem: ReadonlySet<number>): boolean {
  let atoms = false;
  for (const j of rem) {
    const l = body[j]!;
    if (l.kind !== 'atom') continue;
    atoms = true;
    if (literalVars(l).has(target)) return false;
  }
  return atoms;
}

function lexGreater(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i]! !== b[i]!) return a[i]! > b[i]!;
  return false;
}

function bindOp(op: Op, bound: Set<string>): void {
  switch (op.kind) {
    case 'bind': bindPattern(op.pattern, bound); break;
    case 'gen': bound.add(op.gen.target.name); break;
    case 'agg': bindPattern(op.result, bound); break;
    default: break;
  }
}

function readyOp(
  l: Literal | CLiteral, i: number, body: readonly (Literal | CLiteral)[], bound: ReadonlySet<string>, env: OrderEnv, outside: ReadonlySet<string>,
): Op | 'skip' | undefined {
  switch (l.kind) {
    case 'atom': return undefined;
    case 'bool': return l.value ? 'skip' : { kind: 'filter', cmp: { kind: 'cmp', op: '!=', left: numLit(0, l), right: numLit(0, l), span: l.span } };
    case 'group': throw new Error('planner: parenthesised disjunctions must be normalised by the checker');
    case 'neg': {
      if (!l.atom.args.every((a) => a.kind === 'anon' || isBound(a, bound))) return undefined;
      return { kind: 'neg', atom: l.atom, bound: boundColumns(l.atom, bound, env.keyArity(l.atom.rel)) };
    }
    case 'gen': return l.call.args.every((a) => isBound(a, bound)) ? { kind: 'gen', gen: l } : undefined;
    case 'cmp': {
      const ag = aggOf(l);
      if (ag) {
        const vars = new Set<string>();
        for (const x of ag.agg.body) literalVars(x, vars);
        if (ag.agg.target) termVars(ag.agg.target, vars);
        const shared = new Set<string>();
        const here = new Set(outside);
        body.forEach((o, j) => { if (j !== i) literalVars(o, here); });
        termVars(ag.result, here);
        for (const v of vars) if (here.has(v)) shared.add(v);
        for (const v of shared) if (!bound.has(v) && !termVars(ag.result).has(v)) return undefined;
        if (!isPattern(ag.result, bound)) return undefined;
        const innerBound = new Set([...shared].filter((v) => bound.has(v)));
        const inner = orderBody(ag.agg.body, innerBound, undefined, () => 'full', env, new Set([...here, ...innerBound]));
        return { kind: 'agg', agg: ag.agg, result: ag.result, body: inner };
      }
      const lb = isBound(l.left, bound);
      const rb = isBound(l.right, bound);
      if (lb && rb) return { kind: 'filter', cmp: l };
      if (l.op !== '=') return undefined;
      if (lb && isPattern(l.right, bound)) return { kind: 'bind', pattern: l.right, expr: l.left };
      if (rb && isPattern(l.left, bound)) return { kind: 'bind', pattern: l.left, expr: l.right };
      return undefined;
    }
  }
}

function numLit(value: number, at: { span: import('../base/span.js').Span }): Term {
  return { kind: 'num', value, radix: 10, unsigned: false, span: at.span };
}
