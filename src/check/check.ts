/**
 * The checker: Ast items → CheckedProgram, reporting every problem it finds.
 *
 *     resolve      declarations, types, IO directives, functor declarations   (resolve.ts)
 *     facts        constant arguments (safety.ts), types (types.ts)
 *     rules        per rule: DNF (normalize.ts); per alternative: type inference and checks
 *                  (types.ts), range restriction (safety.ts); one Clause per head × alternative
 *     queries      like rule bodies without a head; vars in order of first occurrence
 *     stratify     SCCs of the dependency graph, negation/aggregation cycles (stratify.ts)
 *     monotone     lattice values inside their own recursive stratum (monotone.ts)
 *
 * Diagnostics are deduplicated (one rule with `;` is checked once per alternative) and sorted
 * by position. Warnings (W-codes) do not fail the check; they are returned in
 * `CheckedProgram.warnings`, or together with the errors in the Left.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Diagnostic } from '../base/diagnostic.js';
import type { Atom, Item, Literal, Term, Var } from '../lang/ast.js';
import type { CLiteral, CheckedProgram, CheckedQuery, Clause, ColumnType, GroundFact } from './checked.js';
import { checkMonotone } from './monotone.js';
import { dnf, type FlatLiteral } from './normalize.js';
import { resolve, type Env } from './resolve.js';
import type { Registry } from './registry.js';
import { checkFactArgs, checkSafety, checkSingletons, clauseVars } from './safety.js';
import { stratify } from './stratify.js';
import { ClauseTyper } from './types.js';

/** What the checker reads: all loaded sources (for carets) and their items, includes expanded. */
export interface CheckInput {
  readonly sources: ReadonlyMap<string, string>;
  readonly items: readonly Item[];
}

function toCLiterals(alt: readonly FlatLiteral[]): CLiteral[] | undefined {
  const out: CLiteral[] = [];
  for (const l of alt) {
    if (l.kind === 'bool') {
      if (!l.value) return undefined;
    } else out.push(l);
  }
  return out;
}

function relationsKnown(env: Env, heads: readonly Atom[], body: readonly (FlatLiteral | Literal)[]): boolean {
  const ok = (a: Atom): boolean => env.relations.get(a.rel)?.columns.length === a.args.length;
  let good = heads.every(ok);
  const visit = (ls: readonly (FlatLiteral | Literal)[]): void => {
    for (const l of ls) {
      if (l.kind === 'atom') {
        good &&= ok(l);
        l.args.forEach(visitTerm);
      } else if (l.kind === 'neg') good &&= ok(l.atom);
      else if (l.kind === 'cmp') (visitTerm(l.left), visitTerm(l.right));
      else if (l.kind === 'gen') visitTerm(l.call);
      else if (l.kind === 'group') l.body.alts.forEach(visit);
    }
  };
  const visitTerm = (t: Term): void => {
    if (t.kind === 'aggregate') visit(t.body);
    else if (t.kind === 'binop') (visitTerm(t.left), visitTerm(t.right));
    else if (t.kind === 'unop') visitTerm(t.arg);
    else if (t.kind === 'call' || t.kind === 'record') t.args.forEach(visitTerm);
  };
  visit(body);
  for (const h of heads) h.args.forEach(visitTerm);
  return good;
}

function dedupeAndSort(diags: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diags) {
    const key = `${d.code}|${d.span?.file}|${d.span?.start}|${d.span?.end}|${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out
    .map((d, i) => ({ d, i }))
    .sort((a, b) => {
      const fa = a.d.span?.file ?? '';
      const fb = b.d.span?.file ?? '';
      if (fa !== fb) return fa < fb ? -1 : 1;
      return (a.d.span?.start ?? 0) - (b.d.span?.start ?? 0) || a.i - b.i;
    })
    .map((x) => x.d);
}

/**
 * Checks a loaded program against a registry of lattices and functors.
 *
 * @example
 * const r = check({ sources, items }, { lattices: builtinLattices, functors: builtinFunctors });
 * if (E.isRight(r)) console.log(printChecked(r.right));
 */
export function check(input: CheckInput, registry: Registry): E.Either<Diagnostic[], CheckedProgram> {
  const diags: Diagnostic[] = [];
  const env = resolve(input.items, registry, diags);
  const facts: GroundFact[] = [];
  const clauses: Clause[] = [];
  const queries: CheckedQuery[] = [];
  let ruleIndex = 0;

  for (const it of input.items) {
    if (it.kind === 'fact') {
      checkFactArgs(it.head, diags);
      const typer = new ClauseTyper(env, diags);
      typer.checkAtom(it.head);
      facts.push({ rel: it.head.rel, args: it.head.args, span: it.span });
    } else if (it.kind === 'rule') {
      const index = ruleIndex++;
      const alts = dnf(it.body, diags);
      if (!alts) continue;
      const unboundAny = new Set<string>();
      for (const alt of alts) {
        const typer = new ClauseTyper(env, diags);
        typer.infer(it.heads, alt);
        for (const h of it.heads) typer.checkAtom(h);
        typer.checkLits(alt);
        const unbound = checkSafety(it.heads, alt, diags);
        for (const n of unbound) unboundAny.add(n);
        const cvars = clauseVars(it.heads, alt);
        typer.reportUntyped(cvars, unbound);
        const body = toCLiterals(alt);
        if (!body || !relationsKnown(env, it.heads, alt)) continue;
        const varTypes = typer.varTypes(cvars.map((v) => v.name));
        for (const head of it.heads) clauses.push({ head, body, span: it.span, varTypes, ruleIndex: index });
      }
      checkSingletons(it.heads, it.body.alts.flat(), unboundAny, diags);
    } else if (it.kind === 'query') {
      const alts = dnf(it.body, diags);
      if (!alts) continue;
      const body: CLiteral[][] = [];
      const vars = new Map<string, Var>();
      const varTypes = new Map<string, ColumnType>();
      for (const alt of alts) {
        const typer = new ClauseTyper(env, diags);
        typer.infer([], alt);
        typer.checkLits(alt);
        const unbound = checkSafety([], alt, diags);
        const cvars = clauseVars([], alt);
        typer.reportUntyped(cvars, unbound);
        for (const v of cvars) if (!vars.has(v.name)) vars.set(v.name, v);
        for (const [n, ty] of typer.varTypes(cvars.map((v) => v.name))) if (!varTypes.has(n)) varTypes.set(n, ty);
        const b = toCLiterals(alt);
        if (b) body.push(b);
      }
      queries.push({ body, vars: [...vars.values()], span: it.span, varTypes });
    }
  }

  const strata = stratify(env.relationOrder, clauses, diags);
  checkMonotone(env, strata, diags);

  const all = dedupeAndSort(diags);
  if (all.some((d) => d.severity === 'error')) return E.left(all);
  return E.right({ relations: env.relations, strata, facts, queries, sources: input.sources, warnings: all });
}
