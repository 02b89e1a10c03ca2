/**
 * Normalisation of rule bodies into disjunctive normal form.
 *
 *     dnf(l1, ..., ln)        = { c1 ++ ... ++ cn | ci ∈ dnf(li) }     (conjunction: product)
 *     dnf((a1 ; ... ; ak))    = dnf(a1) ∪ ... ∪ dnf(ak)                (group: union)
 *     dnf(literal)            = { [literal] }
 *
 * A rule `h1, ..., hm :- body` gives one clause per head and per alternative of dnf(body).
 * `true` literals are dropped; an alternative containing `false` never fires and is dropped
 * (after checking). Aggregate bodies must be conjunctions: single-alternative groups are
 * flattened, real disjunctions inside an aggregate are rejected (E206). The number of
 * alternatives is capped at MAX_ALTERNATIVES (E206) so a pathological body cannot explode.
 */
import { error, type Diagnostic } from '../base/diagnostic.js';
import type { Aggregate, Atom, BoolLit, Constraint, Disjunction, Generator, Literal, Negation, Term } from '../lang/ast.js';

/** A body literal after flattening groups (booleans still present). */
export type FlatLiteral = Atom | Negation | Constraint | Generator | BoolLit;

/** Upper bound on the alternatives one body may expand to. */
export const MAX_ALTERNATIVES = 4096;

/**
 * Expands a disjunction into its alternatives; undefined (with E206) when too many.
 *
 * @example
 * dnf(rule.body, diags) // [[edge(x, y)], [edge(y, x)]] for `edge(x, y) ; edge(y, x)`
 */
export function dnf(d: Disjunction, diags: Diagnostic[]): FlatLiteral[][] | undefined {
  const out = dnfD(d);
  if (out === undefined) {
    diags.push(error('E206', `rule body expands to more than ${MAX_ALTERNATIVES} alternatives`, d.span));
    return undefined;
  }
  return out.map((alt) => alt.map((l) => normLiteral(l, diags)));
}

function dnfD(d: Disjunction): FlatLiteral[][] | undefined {
  const out: FlatLiteral[][] = [];
  for (const alt of d.alts) {
    const a = dnfConj(alt);
    if (a === undefined) return undefined;
    out.push(...a);
    if (out.length > MAX_ALTERNATIVES) return undefined;
  }
  return out;
}

function dnfConj(lits: readonly Literal[]): FlatLiteral[][] | undefined {
  let acc: FlatLiteral[][] = [[]];
  for (const l of lits) {
    if (l.kind !== 'group') {
      for (const c of acc) c.push(l);
      continue;
    }
    const inner = dnfD(l.body);
    if (inner === undefined) return undefined;
    if (acc.length * inner.length > MAX_ALTERNATIVES) return undefined;
    const next: FlatLiteral[][] = [];
    for (const c of acc) for (const i of inner) next.push([...c, ...i]);
    acc = next;
  }
  return acc;
}

/** Flattens groups inside aggregates of a literal (rebuilding only the nodes that change). */
function normLiteral(l: FlatLiteral, diags: Diagnostic[]): FlatLiteral {
  switch (l.kind) {
    case 'cmp': {
      const left = normTerm(l.left, diags);
      const right = normTerm(l.right, diags);
      return left === l.left && right === l.right ? l : { ...l, left, right };
    }
    case 'atom': {
      const args = l.args.map((a) => normTerm(a, diags));
      return args.every((a, i) => a === l.args[i]) ? l : { ...l, args };
    }
    case 'neg': {
      const atom = normLiteral(l.atom, diags);
      return atom === l.atom || atom.kind !== 'atom' ? l : { ...l, atom };
    }
    case 'gen': {
      const call = normTerm(l.call, diags);
      return call === l.call || call.kind !== 'call' ? l : { ...l, call };
    }
    default:
      return l;
  }
}

/**
 * Normalises aggregate bodies inside a term: groups with one alternative are inlined, `true`
 * dropped, `false` replaced by the constraint `0 = 1`.
 */
export function normTerm(t: Term, diags: Diagnostic[]): Term {
  switch (t.kind) {
    case 'aggregate':
      return normAggregate(t, diags);
    case 'binop': {
      const left = normTerm(t.left, diags);
      const right = normTerm(t.right, diags);
      return left === t.left && right === t.right ? t : { ...t, left, right };
    }
    case 'unop': {
      const arg = normTerm(t.arg, diags);
      return arg === t.arg ? t : { ...t, arg };
    }
    case 'call':
    case 'record': {
      const args = t.args.map((a) => normTerm(a, diags));
      return args.every((a, i) => a === t.args[i]) ? t : { ...t, args };
    }
    default:
      return t;
  }
}

function normAggregate(a: Aggregate, diags: Diagnostic[]): Aggregate {
  const body: Literal[] = [];
  let changed = false;
  const visit = (ls: readonly Literal[]): void => {
    for (const l of ls) {
      if (l.kind === 'group') {
        changed = true;
        if (l.body.alts.length !== 1) {
          diags.push(error('E206', 'a disjunction inside an aggregate body is not supported; use a helper relation', l.span));
          continue;
        }
        visit(l.body.alts[0]!);
      } else if (l.kind === 'bool') {
        changed = true;
        if (!l.value) body.push(falseConstraint(l));
      } else {
        const n = normLiteral(l, diags);
        if (n !== l) changed = true;
        body.push(n as Literal);
      }
    }
  };
  visit(a.body);
  return changed ? { ...a, body } : a;
}

/** The constraint `0 = 1` standing for `false` (at the span of the literal it replaces). */
export function falseConstraint(l: BoolLit): Constraint {
  const zero = { kind: 'num', value: 0, radix: 10, unsigned: false, span: l.span } as const;
  const one = { kind: 'num', value: 1, radix: 10, unsigned: false, span: l.span } as const;
  return { kind: 'cmp', op: '=', left: zero, right: one, span: l.span };
}
