/**
 * Range restriction (safety) of one clause, and singleton-variable warnings.
 *
 * Bound variables B are the least set closed under:
 *   - every variable at a pattern position (directly, or inside a record constructor) of a
 *     positive body atom is in B (variables inside arithmetic or functor calls are not);
 *   - `X in @g(args)`:  vars(args) ⊆ B  ⟹  X ∈ B;
 *   - `P = e` or `e = P` with P a variable or record pattern:  needs(e) ⊆ B  ⟹  vars(P) ⊆ B,
 *     where needs(aggregate) are the aggregate's variables that also occur outside it.
 * Then every variable of the head, of a negated atom, of a comparison, of a functor or
 * generator argument must be in B (E401, once per variable, at its first offending
 * occurrence). An aggregate body is checked the same way, starting from the outer B; its
 * target must be bound inside it. `_` is an error in a head (E402) and in comparisons,
 * functor arguments and aggregate targets (E403). A named variable occurring once in the
 * whole rule (all alternatives together) gets W401 unless its name starts with `_` (queries
 * are exempt).
 * Facts: every argument must be a constant expression (no variables or aggregates, E404).
 */
import { error, type Diagnostic } from '../base/diagnostic.js';
import type { Aggregate, Atom, Literal, Term, Var } from '../lang/ast.js';
import type { FlatLiteral } from './normalize.js';

type Lit = FlatLiteral | Literal;

/** Calls `f` on every variable and `_` in a term, including inside aggregates when `deep`. */
function eachVar(t: Term, f: (v: Var | Term) => void, deep: boolean): void {
  switch (t.kind) {
    case 'var':
    case 'anon':
      return f(t);
    case 'binop':
      return (eachVar(t.left, f, deep), eachVar(t.right, f, deep));
    case 'unop':
      return eachVar(t.arg, f, deep);
    case 'call':
    case 'record':
      return t.args.forEach((a) => eachVar(a, f, deep));
    case 'aggregate':
      if (deep) {
        if (t.target) eachVar(t.target, f, deep);
        eachLitVar(t.body, f);
      }
      return;
    default:
      return;
  }
}

function eachLitVar(body: readonly Lit[], f: (v: Var | Term) => void): void {
  for (const l of body) {
    if (l.kind === 'atom') l.args.forEach((a) => eachVar(a, f, true));
    else if (l.kind === 'neg') l.atom.args.forEach((a) => eachVar(a, f, true));
    else if (l.kind === 'cmp') (eachVar(l.left, f, true), eachVar(l.right, f, true));
    else if (l.kind === 'gen') (f(l.target), eachVar(l.call, f, true));
    else if (l.kind === 'group') l.body.alts.forEach((a) => eachLitVar(a, f));
  }
}

/** Named variables of a clause in order of first occurrence (head first). @example clauseVars([head], body) */
export function clauseVars(heads: readonly Atom[], body: readonly Lit[]): Var[] {
  const seen = new Map<string, Var>();
  const f = (v: Var | Term): void => {
    if (v.kind === 'var' && !seen.has(v.name)) seen.set(v.name, v);
  };
  for (const h of heads) h.args.forEach((a) => eachVar(a, f, true));
  eachLitVar(body, f);
  return [...seen.values()];
}

/** Whether aggregate `outer` contains `inner` (at any depth). */
function contains(outer: Aggregate, inner: Aggregate): boolean {
  let found = false;
  const visit = (t: Term): void => {
    if (found) return;
    if (t === inner) found = true;
    else if (t.kind === 'aggregate') {
      if (t.target) visit(t.target);
      visitLits(t.body);
    } else if (t.kind === 'binop') (visit(t.left), visit(t.right));
    else if (t.kind === 'unop') visit(t.arg);
    else if (t.kind === 'call' || t.kind === 'record') t.args.forEach(visit);
  };
  const visitLits = (ls: readonly Lit[]): void => {
    for (const l of ls) {
      if (l.kind === 'atom') l.args.forEach(visit);
      else if (l.kind === 'neg') l.atom.args.forEach(visit);
      else if (l.kind === 'cmp') (visit(l.left), visit(l.right));
      else if (l.kind === 'gen') visit(l.call);
      else if (l.kind === 'group') l.body.alts.forEach(visitLits);
    }
  };
  visit(outer);
  return found;
}

class Safety {
  private readonly reported = new Set<string>();
  /** Occurrence count of each variable outside a given aggregate, computed on demand. */
  constructor(
    private readonly diags: Diagnostic[],
    private readonly all: readonly Lit[],
    private readonly heads: readonly Atom[],
  ) {}

  unbound(v: Var): void {
    if (this.reported.has(v.name)) return;
    this.reported.add(v.name);
    this.diags.push(error('E401', `variable '${v.name}' is not bound by a positive atom, generator or equality`, v.span));
  }

  unboundNames(): ReadonlySet<string> {
    return this.reported;
  }

  isReported(name: string): boolean {
    return this.reported.has(name);
  }

  /**
   * Variables of aggregate `a` that also occur outside it in the clause (outside every other
   * aggregate that does not enclose `a`: sibling aggregates have their own local variables).
   */
  needs(a: Aggregate): Set<string> {
    const inside = new Set<string>();
    eachVar(a, (v) => v.kind === 'var' && inside.add(v.name), true);
    const outside = new Set<string>();
    const skip = (t: Term): void => {
      if (t === a) return;
      if (t.kind === 'aggregate') {
        // A sibling aggregate's variables are its own; only an enclosing one shares them.
        if (!contains(t, a)) return;
        if (t.target) skip(t.target);
        walk(t.body);
      } else if (t.kind === 'var') outside.add(t.name);
      else if (t.kind === 'binop') (skip(t.left), skip(t.right));
      else if (t.kind === 'unop') skip(t.arg);
      else if (t.kind === 'call' || t.kind === 'record') t.args.forEach(skip);
    };
    const walk = (ls: readonly Lit[]): void => {
      for (const l of ls) {
        if (l.kind === 'atom') l.args.forEach(skip);
        else if (l.kind === 'neg') l.atom.args.forEach(skip);
        else if (l.kind === 'cmp') (skip(l.left), skip(l.right));
        else if (l.kind === 'gen') (outside.add(l.target.name), skip(l.call));
        else if (l.kind === 'group') l.body.alts.forEach(walk);
      }
    };
    for (const h of this.heads) h.args.forEach(skip);
    walk(this.all);
    return new Set([...inside].filter((n) => outside.has(n)));
  }

  private termNeeds(t: Term): Set<string> {
    const out = new Set<string>();
    const visit = (x: Term): void => {
      if (x.kind === 'aggregate') for (const n of this.needs(x)) out.add(n);
      else if (x.kind === 'var') out.add(x.name);
      else if (x.kind === 'binop') (visit(x.left), visit(x.right));
      else if (x.kind === 'unop') visit(x.arg);
      else if (x.kind === 'call' || x.kind === 'record') x.args.forEach(visit);
    };
    visit(t);
    return out;
  }

  /** Computes the bound set of a conjunction starting from `outer`. */
  bound(body: readonly Lit[], outer: ReadonlySet<string>): Set<string> {
    const b = new Set(outer);
    const pattern = (t: Term): void => {
      if (t.kind === 'var') b.add(t.name);
      else if (t.kind === 'record') t.args.forEach(pattern);
    };
    for (const l of body) if (l.kind === 'atom') l.args.forEach(pattern);
    for (let changed = true; changed; ) {
      const before = b.size;
      for (const l of body) {
        if (l.kind === 'gen') {
          if ([...this.termNeeds(l.call)].every((n) => b.has(n))) b.add(l.target.name);
        } else if (l.kind === 'cmp' && l.op === '=') {
          for (const [p, e] of [
            [l.left, l.right],
            [l.right, l.left],
          ] as const) {
            if ((p.kind === 'var' || p.kind === 'record') && [...this.termNeeds(e)].every((n) => b.has(n))) pattern(p);
          }
        }
      }
      changed = b.size !== before;
    }
    return b;
  }

  /** Checks a term whose variables must all be bound (`_` forbidden when `noAnon`). */
  need(t: Term, b: ReadonlySet<string>, noAnon: string | undefined): void {
    switch (t.kind) {
      case 'var':
        if (!b.has(t.name)) this.unbound(t);
        return;
      case 'anon':
        if (noAnon) this.diags.push(error('E403', `'_' is not allowed in ${noAnon}`, t.span));
        return;
      case 'binop':
        return (this.need(t.left, b, noAnon), this.need(t.right, b, noAnon));
      case 'unop':
        return this.need(t.arg, b, noAnon);
      case 'call':
        return t.args.forEach((a) => this.need(a, b, 'a functor argument'));
      case 'record':
        return t.args.forEach((a) => this.need(a, b, noAnon));
      case 'aggregate':
        return this.aggregate(t, b);
      default:
        return;
    }
  }

  private aggregate(a: Aggregate, outer: ReadonlySet<string>): void {
    const b = this.bound(a.body, outer);
    if (a.target) this.need(a.target, b, 'an aggregate target');
    this.body(a.body, b);
  }

  /** Checks the literals of a conjunction whose bound set is `b`. */
  body(body: readonly Lit[], b: ReadonlySet<string>): void {
    for (const l of body) {
      if (l.kind === 'atom') {
        for (const arg of l.args) if (arg.kind !== 'var' && arg.kind !== 'anon') this.patternNeeds(arg, b);
      } else if (l.kind === 'neg') l.atom.args.forEach((a) => this.need(a, b, undefined));
      else if (l.kind === 'cmp') (this.need(l.left, b, 'a comparison'), this.need(l.right, b, 'a comparison'));
      else if (l.kind === 'gen') l.call.args.forEach((a) => this.need(a, b, 'a generator argument'));
      else if (l.kind === 'group') l.body.alts.forEach((alt) => this.body(alt, this.bound(alt, b)));
    }
  }

  /** Inside a positive atom, record patterns bind; expressions need bound variables. */
  private patternNeeds(t: Term, b: ReadonlySet<string>): void {
    if (t.kind === 'record') t.args.forEach((a) => (a.kind === 'var' || a.kind === 'anon' ? undefined : this.patternNeeds(a, b)));
    else this.need(t, b, 'an expression');
  }
}

/**
 * Checks range restriction of a clause with `heads` (empty for queries) and a conjunctive body.
 * Returns the names of the variables reported as unbound.
 *
 * @example
 * checkSafety([rule.heads[0]], alternative, diags)
 */
export function checkSafety(heads: readonly Atom[], body: readonly Lit[], diags: Diagnostic[]): ReadonlySet<string> {
  const s = new Safety(diags, body, heads);
  const b = s.bound(body, new Set());
  for (const h of heads)
    for (const arg of h.args) {
      const anons: Term[] = [];
      eachVar(arg, (v) => v.kind === 'anon' && anons.push(v), false);
      for (const a of anons) diags.push(error('E402', "'_' is not allowed in a rule head", a.span));
      s.need(arg, b, undefined);
    }
  s.body(body, b);
  return s.unboundNames();
}

/**
 * Warns (W401) about named variables occurring once in a whole rule (all alternatives of its
 * body together, so `p(x) :- q(x, y), (y = 1 ; y = 2)` is fine), except names starting with `_`
 * and names in `skip` (already reported as unbound).
 *
 * @example
 * checkSingletons(rule.heads, rule.body.alts.flat(), new Set(), diags)
 */
export function checkSingletons(heads: readonly Atom[], body: readonly Lit[], skip: ReadonlySet<string>, diags: Diagnostic[]): void {
  const count = new Map<string, { n: number; v: Var }>();
  const f = (v: Var | Term): void => {
    if (v.kind !== 'var') return;
    const c = count.get(v.name);
    if (c) c.n++;
    else count.set(v.name, { n: 1, v });
  };
  for (const h of heads) h.args.forEach((a) => eachVar(a, f, true));
  eachLitVar(body, f);
  for (const [name, { n, v }] of count)
    if (n === 1 && !name.startsWith('_') && !skip.has(name))
      diags.push({ code: 'W401', severity: 'warning', message: `variable '${name}' occurs only once`, span: v.span });
}

/**
 * Checks that every argument of a fact is a constant expression (E404).
 *
 * @example
 * checkFactArgs(fact.head, diags)
 */
export function checkFactArgs(head: Atom, diags: Diagnostic[]): void {
  const visit = (t: Term): void => {
    switch (t.kind) {
      case 'var':
      case 'anon':
      case 'aggregate':
        diags.push(error('E404', `fact arguments must be constants, not '${t.kind === 'var' ? t.name : t.kind === 'anon' ? '_' : 'an aggregate'}'`, t.span));
        return;
      case 'binop':
        return (visit(t.left), visit(t.right));
      case 'unop':
        return visit(t.arg);
      case 'call':
      case 'record':
        return t.args.forEach(visit);
      default:
        return;
    }
  };
  head.args.forEach(visit);
}
