/**
 * Monotone use of lattice values inside their own recursive stratum.
 *
 * Semi-naive evaluation of a lattice-valued relation r keeps one value per key and only ever
 * moves it up (join). A rule of r's recursive stratum may therefore read r's lattice value
 * only in ways whose result can only grow when the value grows. In a clause of a recursive
 * stratum S, call *tainted* the variable at the lattice column of a positive atom of a
 * lattice relation of S, and (transitively) a variable Y defined by `Y = e` where e mentions a
 * tainted variable. Allowed occurrences of tainted variables:
 *
 *   - once, as the source (lattice column of its body atom; a second source is an equality
 *     join on lattice values);
 *   - in `Y = e` defining a new tainted Y, or in the head's lattice column, where e is
 *     *monotone*:  mono(x) for tainted x;  mono(t) for t without tainted variables;
 *     mono(@f(a1..an)) if every ai with tainted variables is mono and at a monotone position of
 *     f: @mask_union and @mask_inter (both positions), @mask_diff (first position only);
 *     for numeric lattices (`max`, `min`): `+` (both operands), `-` (left operand only) and the
 *     intrinsics `min`/`max` (x ≤ y ⇒ x + c ≤ y + c, so both orders are preserved);
 *     a registered functor whose FunctorSpec carries `monotone: [positions]` is monotone there;
 *   - as the argument of the generator `K in @mask_members(M)` when M's lattice is `mask`
 *     (union-joined: members of a smaller mask stay members of every larger one);
 *   - anywhere inside `join`/`meet` aggregates (they are lattice joins).
 * Everything else is E503: a second occurrence in an atom, a negated atom, any comparison other
 * than the defining `=`, a non-monotone functor (e.g. @mask_has, @mask_count, @mask_not), a
 * constant or expression at the lattice column of a body atom. Facts of lattice relations
 * are always allowed (they are not in any stratum's clauses).
 *
 * Opt-out: a relation declared with the qualifier `inflationary` keeps the join of every value
 * ever derived (the evaluator never retracts), so its values are not tainted and clauses with
 * an inflationary head are not checked. This is how rules with strong updates (e.g. argument
 * tracking of spill slots) are written; their result may depend on the evaluation order.
 */
import { error, type Diagnostic } from '../base/diagnostic.js';
import type { Span } from '../base/span.js';
import type { Term } from '../lang/ast.js';
import type { Clause, Stratum } from './checked.js';
import type { Env } from './resolve.js';

/** Monotone argument positions of functors (see the file header). */
export const MONOTONE_FUNCTORS: Readonly<Record<string, readonly number[]>> = {
  mask_union: [0, 1],
  mask_inter: [0, 1],
  mask_diff: [0],
};

/** Monotone operand positions of arithmetic on numeric lattice values (`max`, `min`). */
export const MONOTONE_OPERATORS: Readonly<Partial<Record<string, readonly number[]>>> = {
  '+': [0, 1],
  '-': [0],
};

/** Monotone argument positions of Soufflé intrinsics. */
export const MONOTONE_INTRINSICS: Readonly<Record<string, readonly number[]>> = {
  min: [0, 1],
  max: [0, 1],
};

/** Generators that may enumerate a growing lattice value, by lattice name. */
export const MONOTONE_GENERATORS: Readonly<Record<string, readonly string[]>> = {
  mask_members: ['mask'],
};

/** Own-property lookup (names come from user text: `constructor` must not hit the prototype). */
function own<T>(table: Readonly<Partial<Record<string, T>>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function mentions(t: Term, vars: ReadonlySet<string>): boolean {
  switch (t.kind) {
    case 'var':
      return vars.has(t.name);
    case 'binop':
      return mentions(t.left, vars) || mentions(t.right, vars);
    case 'unop':
      return mentions(t.arg, vars);
    case 'call':
    case 'record':
      return t.args.some((a) => mentions(a, vars));
    case 'aggregate':
      return false; // join/meet bodies are fine; other aggregates are excluded by stratification
    default:
      return false;
  }
}

/** The first tainted occurrence that makes `t` non-monotone, or undefined. */
function nonMono(env: Env, t: Term, tainted: ReadonlySet<string>): Span | undefined {
  if (!mentions(t, tainted)) return undefined;
  if (t.kind === 'var') return undefined;
  const ok =
    t.kind === 'binop'
      ? own(MONOTONE_OPERATORS, t.op)
      : t.kind === 'call'
        ? t.at
          ? (own(MONOTONE_FUNCTORS, t.name) ?? env.functors.get(t.name)?.monotone)
          : own(MONOTONE_INTRINSICS, t.name)
        : undefined;
  if (ok && (t.kind === 'binop' || t.kind === 'call')) {
    const args = t.kind === 'binop' ? [t.left, t.right] : t.args;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (!mentions(a, tainted)) continue;
      if (!ok.includes(i)) return a.span;
      const bad = nonMono(env, a, tainted);
      if (bad) return bad;
    }
    return undefined;
  }
  return t.span;
}

function checkClause(env: Env, c: Clause, stratum: ReadonlySet<string>, diags: Diagnostic[]): void {
  const tainted = new Map<string, { span: Span; lattice: string }>();
  const report = (span: Span, msg: string, name?: string): void => {
    const src = name ? tainted.get(name) : undefined;
    diags.push(error('E503', msg, span, src ? [{ message: `'${name}' holds a lattice value of the same recursive stratum`, span: src.span }] : []));
  };
  const sourceAtoms = new Set<object>();
  for (const l of c.body) {
    if (l.kind !== 'atom' || !stratum.has(l.rel)) continue;
    const rel = env.relations.get(l.rel);
    if (!rel?.lattice || rel.inflationary) continue;
    const last = l.args[l.args.length - 1];
    if (!last || last.kind === 'anon') continue;
    sourceAtoms.add(l);
    if (last.kind !== 'var') {
      report(last.span, `matching the lattice value of '${l.rel}' against a term is not monotone`);
    } else if (tainted.has(last.name)) {
      report(last.span, `joining two lattice values on '${last.name}' (equality on lattice values) is not monotone`, last.name);
    } else tainted.set(last.name, { span: last.span, lattice: rel.lattice });
  }
  if (tainted.size === 0) return;
  const names = (): Set<string> => new Set(tainted.keys());
  // Definitions Y = e (or e = Y) with e mentioning tainted variables.
  const defs = new Set<object>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const l of c.body) {
      if (l.kind !== 'cmp' || l.op !== '=' || defs.has(l)) continue;
      for (const [y, e] of [
        [l.left, l.right],
        [l.right, l.left],
      ] as const) {
        if (y.kind !== 'var' || tainted.has(y.name) || !mentions(e, names())) continue;
        defs.add(l);
        changed = true;
        const bad = nonMono(env, e, names());
        if (bad) report(bad, `a lattice value of this recursive stratum passes through a non-monotone operation`);
        const lat = [...tainted.values()][0]!.lattice;
        tainted.set(y.name, { span: y.span, lattice: lat });
        break;
      }
    }
  }
  const t = names();
  for (const l of c.body) {
    if (l.kind === 'atom') {
      l.args.forEach((a, i) => {
        const isSource = sourceAtoms.has(l) && i === l.args.length - 1;
        if (!isSource && mentions(a, t)) report(a.span, `a lattice value of this recursive stratum is used as a join key, which is not monotone`, firstVar(a, t));
      });
    } else if (l.kind === 'neg') {
      for (const a of l.atom.args) if (mentions(a, t)) report(a.span, `a lattice value of this recursive stratum is used in a negation`, firstVar(a, t));
    } else if (l.kind === 'cmp') {
      if (defs.has(l)) continue;
      if (mentions(l.left, t) || mentions(l.right, t))
        report(l.span, `comparing a lattice value of this recursive stratum ('${l.op}') is not monotone`, firstVar(l.left, t) ?? firstVar(l.right, t));
    } else if (l.kind === 'gen') {
      const arg = l.call.args[0];
      const allowed = own(MONOTONE_GENERATORS, l.call.name);
      const single = l.call.args.length === 1 && arg?.kind === 'var' && t.has(arg.name);
      if (single && allowed?.includes(tainted.get(arg.name)!.lattice)) continue;
      if (l.call.args.some((a) => mentions(a, t))) report(l.call.span, `'@${l.call.name}' is not monotone in a lattice value of this recursive stratum`);
    }
  }
  const rel = env.relations.get(c.head.rel);
  c.head.args.forEach((a, i) => {
    const isLattice = rel?.lattice !== undefined && i === c.head.args.length - 1;
    if (!mentions(a, t)) return;
    if (!isLattice) return report(a.span, `a lattice value of this recursive stratum is used as a key column of '${c.head.rel}'`, firstVar(a, t));
    const bad = nonMono(env, a, t);
    if (bad) report(bad, `a lattice value of this recursive stratum passes through a non-monotone operation`);
  });
}

function firstVar(t: Term, vars: ReadonlySet<string>): string | undefined {
  if (t.kind === 'var') return vars.has(t.name) ? t.name : undefined;
  if (t.kind === 'binop') return firstVar(t.left, vars) ?? firstVar(t.right, vars);
  if (t.kind === 'unop') return firstVar(t.arg, vars);
  if (t.kind === 'call' || t.kind === 'record') for (const a of t.args) {
    const v = firstVar(a, vars);
    if (v) return v;
  }
  return undefined;
}

/**
 * Reports non-monotone uses of lattice values in recursive strata (E503).
 *
 * @example
 * checkMonotone(env, strata, diags)
 */
export function checkMonotone(env: Env, strata: readonly Stratum[], diags: Diagnostic[]): void {
  for (const s of strata) {
    if (!s.recursive) continue;
    const set = new Set(s.relations);
    if (!s.relations.some((r) => env.relations.get(r)?.lattice)) continue;
    for (const c of s.clauses) if (!env.relations.get(c.head.rel)?.inflationary) checkClause(env, c, set, diags);
  }
}
