/**
 * Stratification.
 *
 * Dependency graph: one vertex per declared relation; for every clause `h :- body` an edge
 * b → h for each relation b read by the body, labelled
 *     pos   b in a positive atom, or inside a `join`/`meet` aggregate (monotone),
 *     neg   b in a negated atom (also inside aggregate bodies),
 *     agg   b inside a `count`/`sum`/`min`/`max`/`mean` aggregate (non-monotone).
 * Strata are the SCCs of this graph in topological order (depgraph.ts `orderedSccs`), so a
 * stratum only reads relations of earlier strata or its own. The program is stratifiable iff
 * no `neg`/`agg` edge lies inside one SCC; otherwise E501/E502 name the cycle
 * `h :- !b; b :- x; x :- h` (primary span: the offending literal; related: one rule per edge).
 *
 * EVERY declared relation is in exactly one stratum. Relations without clauses (inputs, or
 * relations filled by facts only) form strata with zero clauses; facts are listed separately
 * in CheckedProgram.facts. `recursive` is true iff some clause of the stratum reads (through
 * any edge) a relation of the same stratum.
 */
import { error, type Diagnostic, type Related } from '../base/diagnostic.js';
import type { Span } from '../base/span.js';
import type { Literal, Term } from '../lang/ast.js';
import type { CLiteral, Clause, Stratum } from './checked.js';
import { orderedSccs, shortestPath } from './depgraph.js';

type EdgeKind = 'pos' | 'neg' | 'agg';

/** One reason why a head depends on a body relation. */
export interface DepEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  /** The literal or aggregate responsible. */
  readonly span: Span;
  /** The clause (rule) it comes from. */
  readonly clause: Clause;
}

function termEdges(t: Term, clause: Clause, out: DepEdge[]): void {
  switch (t.kind) {
    case 'aggregate': {
      const kind: EdgeKind = t.fn === 'join' || t.fn === 'meet' ? 'pos' : 'agg';
      const sub: DepEdge[] = [];
      litEdges(t.body, clause, sub);
      if (t.target) termEdges(t.target, clause, sub);
      for (const e of sub) out.push(e.kind === 'pos' ? { ...e, kind, span: kind === 'agg' ? t.span : e.span } : e);
      return;
    }
    case 'binop':
      return (termEdges(t.left, clause, out), termEdges(t.right, clause, out));
    case 'unop':
      return termEdges(t.arg, clause, out);
    case 'call':
    case 'record':
      return t.args.forEach((a) => termEdges(a, clause, out));
    default:
      return;
  }
}

function litEdges(body: readonly (CLiteral | Literal)[], clause: Clause, out: DepEdge[]): void {
  const to = clause.head.rel;
  for (const l of body) {
    if (l.kind === 'atom') {
      out.push({ from: l.rel, to, kind: 'pos', span: l.span, clause });
      l.args.forEach((a) => termEdges(a, clause, out));
    } else if (l.kind === 'neg') out.push({ from: l.atom.rel, to, kind: 'neg', span: l.span, clause });
    else if (l.kind === 'cmp') (termEdges(l.left, clause, out), termEdges(l.right, clause, out));
    else if (l.kind === 'gen') termEdges(l.call, clause, out);
    else if (l.kind === 'group') l.body.alts.forEach((a) => litEdges(a, clause, out));
  }
}

/**
 * Dependency edges of a clause.
 *
 * @example
 * clauseEdges(clause).map((e) => `${e.from} -${e.kind}-> ${e.to}`)
 */
export function clauseEdges(clause: Clause): DepEdge[] {
  const out: DepEdge[] = [];
  litEdges(clause.body, clause, out);
  clause.head.args.forEach((a) => termEdges(a, clause, out));
  return out;
}

/**
 * Partitions `relations` (declaration order) into strata and reports non-stratifiable cycles.
 * Clauses whose head or body names an unknown relation must have been filtered out.
 *
 * @example
 * stratify(['edge', 'path'], clauses, diags)[1].recursive // true for transitive closure
 */
export function stratify(relations: readonly string[], clauses: readonly Clause[], diags: Diagnostic[]): Stratum[] {
  const id = new Map(relations.map((r, i) => [r, i]));
  const edges = clauses.flatMap(clauseEdges).filter((e) => id.has(e.from) && id.has(e.to));
  const adjSets = relations.map(() => new Set<number>());
  for (const e of edges) adjSets[id.get(e.from)!]!.add(id.get(e.to)!);
  const adj = adjSets.map((s) => [...s]);
  const sccs = orderedSccs(adj);
  const compOf = new Map<string, number>();
  sccs.forEach((c, i) => c.forEach((v) => compOf.set(relations[v]!, i)));

  for (const e of edges) {
    if (e.kind === 'pos' || compOf.get(e.from) !== compOf.get(e.to)) continue;
    const comp = compOf.get(e.from)!;
    // e: from → to (to's rule reads from). Close the cycle with a path to ⇝ from.
    const path =
      e.from === e.to
        ? [id.get(e.to)!]
        : (shortestPath(adj, id.get(e.to)!, id.get(e.from)!, (v) => compOf.get(relations[v]!) === comp) ?? [id.get(e.to)!, id.get(e.from)!]);
    const names = path.map((v) => relations[v]!);
    const steps = [`${e.to} :- ${e.kind === 'neg' ? '!' : 'aggregate over '}${e.from}`];
    const related: Related[] = [];
    for (let i = names.length - 1; i > 0; i--) {
      const a = names[i - 1]!;
      const b = names[i]!;
      steps.push(`${b} :- ${a}`);
      const why = edges.find((x) => x.from === a && x.to === b);
      if (why) related.push({ message: `'${b}' depends on '${a}' here`, span: why.clause.span });
    }
    const what = e.kind === 'neg' ? `'${e.to}' negates '${e.from}'` : `'${e.to}' aggregates over '${e.from}'`;
    diags.push(
      error(e.kind === 'neg' ? 'E501' : 'E502', `${what} inside their recursive cycle: ${steps.join('; ')}`, e.span, related),
    );
  }

  const byStratum = sccs.map((): Clause[] => []);
  for (const cl of clauses) {
    const s = compOf.get(cl.head.rel);
    if (s !== undefined) byStratum[s]!.push(cl);
  }
  const recursive = sccs.map(() => false);
  for (const e of edges) if (compOf.get(e.from) === compOf.get(e.to)) recursive[compOf.get(e.to)!] = true;
  return sccs.map((c, index) => ({ index, relations: c.map((v) => relations[v]!), clauses: byStratum[index]!, recursive: recursive[index]! }));
}
