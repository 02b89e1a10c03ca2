/**
 * Small helpers over terms and literals shared by the planner and the evaluator: variables of
 * a term, whether a term is bound under a set of bound variables, and whether a term can be
 * used as a binding pattern (a variable or a record of patterns with some unbound variable).
 */
import type { Literal, Term } from '../lang/ast.js';

/**
 * Adds the named variables of `t` to `out` (aggregate bodies are not entered: their variables
 * are local except the ones shared with the clause, which the planner handles).
 *
 * @example
 * termVars(binop('+', v('x'), num(1)), new Set()) // Set { 'x' }
 */
export function termVars(t: Term, out: Set<string> = new Set()): Set<string> {
  switch (t.kind) {
    case 'var': out.add(t.name); break;
    case 'binop': termVars(t.left, out); termVars(t.right, out); break;
    case 'unop': termVars(t.arg, out); break;
    case 'call': case 'record': for (const a of t.args) termVars(a, out); break;
    case 'aggregate': if (t.target) termVars(t.target, out); for (const l of t.body) literalVars(l, out); break;
    default: break;
  }
  return out;
}

/** Named variables of a literal (including inside aggregates and groups). */
export function literalVars(l: Literal, out: Set<string> = new Set()): Set<string> {
  switch (l.kind) {
    case 'atom': for (const a of l.args) termVars(a, out); break;
    case 'neg': for (const a of l.atom.args) termVars(a, out); break;
    case 'cmp': termVars(l.left, out); termVars(l.right, out); break;
    case 'gen': out.add(l.target.name); for (const a of l.call.args) termVars(a, out); break;
    case 'group': for (const alt of l.body.alts) for (const x of alt) literalVars(x, out); break;
    default: break;
  }
  return out;
}

/** True when every variable of `t` is in `bound` and `t` contains no `_` nor aggregate. */
export function isBound(t: Term, bound: ReadonlySet<string>): boolean {
  switch (t.kind) {
    case 'var': return bound.has(t.name);
    case 'anon': case 'aggregate': return false;
    case 'num': case 'str': case 'nil': return true;
    case 'binop': return isBound(t.left, bound) && isBound(t.right, bound);
    case 'unop': return isBound(t.arg, bound);
    case 'call': case 'record': return t.args.every((a) => isBound(a, bound));
  }
}

/** True when `t` can bind by matching: a variable, `_`, or a record of such patterns / bound terms. */
export function isPattern(t: Term, bound: ReadonlySet<string>): boolean {
  switch (t.kind) {
    case 'var': case 'anon': return true;
    case 'record': return t.args.every((a) => isBound(a, bound) || isPattern(a, bound));
    default: return isBound(t, bound);
  }
}

/** Adds to `bound` the variables a successful match of pattern `t` binds. */
export function bindPattern(t: Term, bound: Set<string>): void {
  termVars(t, bound);
}
