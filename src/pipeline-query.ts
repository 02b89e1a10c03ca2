/**
 * Queries (`?- body.` in the REPL) answered over a computed Database, by rewriting:
 *
 *     ?- path(1, X), X != 3.
 *  ⇒  .decl __query(X: number)
 *     __query(X) :- path(1, X), X != 3.
 *
 * The rewritten rule runs in a small side program that declares every relation of the main
 * program (types, functors and relation declarations, no rules, no IO) and receives the rows
 * of the relations the query reads as input facts, so a query never re-evaluates the main
 * program. Variable types come from the positions where the query uses them: a column of a
 * positive atom (or a field of a record pattern there), a generator's result type, else
 * the `fallback` type (the caller tries number, then symbol, unsigned, float). A lattice-typed variable is shown as text through a private functor
 * `@__show_<lattice>`, so the answer relation is a plain set of rows; a query without
 * variables gets one constant column and answers yes (1 row) or no (0 rows).
 */
import type { FunctorSpec, Lattice } from './base/lattice.js';
import type { Span } from './base/span.js';
import type { CheckedQuery, ColumnType, RelationInfo } from './check/checked.js';
import type { Atom, Column, Item, Literal, RelDecl, Rule, Term, Var } from './lang/ast.js';

/**
 * Name of the answer relation of a rewritten query.
 *
 * @example
 * side.relation(QUERY_REL) // the answers of a rewritten query
 */
export const QUERY_REL = '__query';

/**
 * The rewritten query: items to add to the side program and how to read the answers.
 *
 * @example
 * rewriteQuery(q, relations, registry).items // [.decl __query(X: number), __query(X) :- path(1, X).]
 */
export interface QueryRewrite {
  readonly items: readonly Item[];
  /** Column headers of the answer table (the query's variables; empty for a yes/no query). */
  readonly vars: readonly string[];
  /** Relations the query reads (to copy into the side program as input). */
  readonly reads: readonly string[];
  /** Functors the side program needs in addition to the main registry. */
  readonly functors: readonly FunctorSpec[];
  /** Some variable's type was not deduced and `fallback` was used. */
  readonly guessed: boolean;
}

const showName = (lattice: string): string => `__show_${lattice}`;

function typeOfVars(q: CheckedQuery, relations: ReadonlyMap<string, RelationInfo>, functors: ReadonlyMap<string, FunctorSpec>, lattices: ReadonlyMap<string, Lattice<unknown>>): Map<string, ColumnType> {
  const types = new Map<string, ColumnType>();
  const fromPattern = (t: Term, ty: ColumnType): void => {
    if (t.kind === 'var' && !types.has(t.name)) types.set(t.name, ty);
    else if (t.kind === 'record' && ty.kind === 'record') t.args.forEach((a, i) => ty.fields[i] && fromPattern(a, ty.fields[i]!));
  };
  const byName = (name: string): ColumnType =>
    lattices.has(name)
      ? { kind: 'lattice', lattice: name, name }
      : { kind: 'primitive', carrier: name === 'symbol' || name === 'unsigned' || name === 'float' ? name : 'number', name };
  for (const alt of q.body)
    for (const l of alt) {
      if (l.kind === 'atom') {
        const info = relations.get(l.rel);
        l.args.forEach((a, i) => info?.columns[i] && fromPattern(a, info.columns[i]!.type));
      } else if (l.kind === 'gen') {
        const f = functors.get(l.call.name);
        if (f && !types.has(l.target.name)) types.set(l.target.name, byName(f.result));
      }
    }
  return types;
}

function readsOf(lits: readonly Literal[], out: Set<string>): void {
  const term = (t: Term): void => {
    if (t.kind === 'aggregate') readsOf(t.body, out);
    else if (t.kind === 'binop') (term(t.left), term(t.right));
    else if (t.kind === 'unop') term(t.arg);
    else if (t.kind === 'call' || t.kind === 'record') t.args.forEach(term);
  };
  for (const l of lits) {
    if (l.kind === 'atom') (out.add(l.rel), l.args.forEach(term));
    else if (l.kind === 'neg') out.add(l.atom.rel);
    else if (l.kind === 'cmp') (term(l.left), term(l.right));
    else if (l.kind === 'gen') l.call.args.forEach(term);
    else if (l.kind === 'group') l.body.alts.forEach((a) => readsOf(a, out));
  }
}

/**
 * Rewrites a checked query into a declaration and a rule of the answer relation.
 *
 * @example
 * rewriteQuery(checked.queries[0], checked.relations, registry).vars // ['X']
 */
export function rewriteQuery(
  q: CheckedQuery,
  relations: ReadonlyMap<string, RelationInfo>,
  registry: { readonly lattices: ReadonlyMap<string, Lattice<unknown>>; readonly functors: ReadonlyMap<string, FunctorSpec> },
  fallback: 'number' | 'symbol' | 'unsigned' | 'float' = 'number',
): QueryRewrite {
  const span: Span = q.span;
  const types = typeOfVars(q, relations, registry.functors, registry.lattices);
  const v = (name: string): Var => ({ kind: 'var', name, span });
  const columns: Column[] = [];
  const head: Term[] = [];
  const extra = new Map<string, FunctorSpec>();
  for (const x of q.vars) {
    const ty = types.get(x.name) ?? { kind: 'primitive', carrier: fallback, name: fallback };
    if (ty.kind === 'lattice') {
      const l = registry.lattices.get(ty.lattice);
      const name = showName(ty.lattice);
      if (l && !extra.has(name)) extra.set(name, { name, params: [ty.lattice], result: 'symbol', fn: ((m: unknown) => l.show(m)) as (...a: never[]) => unknown });
      columns.push({ name: x.name, type: { name: 'symbol', span }, lattice: false, span });
      head.push({ kind: 'call', name, at: true, args: [v(x.name)], span });
    } else {
      columns.push({ name: x.name, type: { name: ty.name, span }, lattice: false, span });
      head.push(v(x.name));
    }
  }
  if (columns.length === 0) {
    columns.push({ name: 'yes', type: { name: 'number', span }, lattice: false, span });
    head.push({ kind: 'num', value: 1, radix: 10, unsigned: false, span });
  }
  const decl: RelDecl = { kind: 'decl', names: [QUERY_REL], columns, qualifiers: [], span };
  const atom: Atom = { kind: 'atom', rel: QUERY_REL, args: head, span };
  const rule: Rule = { kind: 'rule', heads: [atom], body: { alts: q.body, span }, span };
  const reads = new Set<string>();
  for (const alt of q.body) readsOf(alt, reads);
  const guessed = q.vars.some((x) => !types.has(x.name));
  return { items: [decl, rule], vars: q.vars.map((x) => x.name), reads: [...reads].sort(), functors: [...extra.values()], guessed };
}

/**
 * The declarations of a program (types, functors, relations) without rules, facts or IO:
 * the context in which a rewritten query is checked.
 *
 * @example
 * declarationsOnly(loaded.items).every((i) => i.kind === 'decl' || i.kind === 'type' || i.kind === 'functor') // true
 */
export function declarationsOnly(items: readonly Item[]): Item[] {
  return items.filter((i) => i.kind === 'decl' || i.kind === 'type' || i.kind === 'functor');
}
