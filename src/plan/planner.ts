/**
 * The planner: CheckedProgram → Plan. Stratification is the checker's; per stratum the
 * planner builds, for every clause, the full version and one semi-naive delta version per
 * positive body atom (see plan.ts for the equations), orders each version's body with
 * `orderBody` (order.ts), and collects the indexes the versions look up by.
 */
import type { CheckedProgram, Clause, CLiteral } from '../check/checked.js';
import type { Literal } from '../lang/ast.js';
import type { ClausePlan, Op, Plan, PlanRegistry, RelationPlan, RuleVersion, Source, StratumPlan } from './plan.js';
import { orderBody, type OrderEnv } from './order.js';
import { termVars } from './terms.js';

/**
 * Plans a checked program.
 *
 * @example
 * const p = plan(checked, { lattices: builtinLattices, functors: builtinFunctors });
 * printPlan(p);
 */
export function plan(prog: CheckedProgram, registry: PlanRegistry): Plan {
  const keyArity = (rel: string): number => {
    const info = prog.relations.get(rel);
    if (!info) throw new Error(`planner: unknown relation '${rel}'`);
    return info.columns.length - (info.lattice !== undefined ? 1 : 0);
  };
  const indexSets = new Map<string, Map<string, number[]>>();
  const noteIndexes = (ops: readonly Op[]): void => {
    for (const op of ops) {
      if (op.kind === 'agg') noteIndexes(op.body);
      if (op.kind !== 'scan' && op.kind !== 'neg') continue;
      // a delta scan reads the delta rows and checks its bound columns: no index
      if (op.kind === 'scan' && op.source === 'delta') continue;
      if (op.bound.length === 0 || op.bound.length === keyArity(op.atom.rel)) continue;
      let m = indexSets.get(op.atom.rel);
      if (!m) indexSets.set(op.atom.rel, (m = new Map()));
      m.set(op.bound.join(','), [...op.bound]);
    }
  };
  const constColumn = sharedConstColumns(prog, keyArity);
  let nextId = 0;
  const strata: StratumPlan[] = prog.strata.map((s) => {
    const env: OrderEnv = { keyArity, stratumRels: new Set(s.relations), constColumn: (rel) => constColumn.get(rel) };
    const reads = new Set<string>();
    const clauses = s.clauses.map((c): ClausePlan => {
      const cp = planClause(nextId++, c, env, reads);
      // the indexes of the versions a first evaluation runs; the delta versions on a
      // lower-stratum atom only run when facts are added later (incremental evaluation),
      // and build theirs on first use
      noteIndexes(cp.full.ops);
      for (const i of cp.recursiveAtoms) noteIndexes(cp.deltas.get(i)!.ops);
      return cp;
    });
    return { index: s.index, relations: s.relations, recursive: s.recursive, clauses, reads: [...reads].sort() };
  });
  const relations = new Map<string, RelationPlan>();
  for (const [name, info] of prog.relations) {
    const idx = [...(indexSets.get(name)?.values() ?? [])].sort((a, b) => a.join(',').localeCompare(b.join(',')));
    const cc = constColumn.get(name);
    relations.set(name, { info, indexes: idx, keyArity: keyArity(name), ...(cc !== undefined ? { constColumn: cc } : {}) });
  }
  return { program: prog, registry, relations, strata };
}

/** Full versions that must fix a column to a constant in their outermost scan to share an index on it. */
const SHARED_CONST_SCANS = 4;

/**
 * Per relation, the key column that at least SHARED_CONST_SCANS full versions fix to a
 * constant in their outermost scan (the one most of them fix). One index on it costs about
 * one pass over the relation; each of those scans then reads only the rows with its
 * constant instead of all of them. The count orders every clause body once more (without
 * the option, which changes no order, only the outermost scan's lookup columns).
 *
 * @example
 * sharedConstColumns(prog, keyArity).get('insn') // 1 (the class: `insn(I, 7, ...)`)
 */
function sharedConstColumns(prog: CheckedProgram, keyArity: (rel: string) => number): Map<string, number> {
  const counts = new Map<string, number[]>();
  for (const s of prog.strata) {
    const env: OrderEnv = { keyArity, stratumRels: new Set(s.relations) };
    for (const c of s.clauses) {
      const first = orderBody(c.body, new Set(), undefined, () => 'full', env, headVars(c))[0];
      if (first?.kind !== 'scan' || first.bound.length !== 0) continue;
      const k = keyArity(first.atom.rel);
      const cs = counts.get(first.atom.rel) ?? new Array<number>(k).fill(0);
      first.atom.args.forEach((a, j) => { if (j < k && (a.kind === 'num' || a.kind === 'str')) cs[j]!++; });
      counts.set(first.atom.rel, cs);
    }
  }
  const out = new Map<string, number>();
  for (const [rel, cs] of counts) {
    const best = cs.indexOf(Math.max(...cs));
    if (cs[best]! >= SHARED_CONST_SCANS) out.set(rel, best);
  }
  return out;
}

/**
 * The version `v` of `clause` ordered again under `env` (for instance with statistics).
 *
 * @example
 * reorderVersion(cp.clause, cp.deltas.get(2)!, { ...env, fanout }) // same version, new ops
 */
export function reorderVersion(clause: Clause, v: RuleVersion, env: OrderEnv): RuleVersion {
  const i = v.deltaAtom;
  const sourceOf = (j: number): Source => (i === undefined ? 'full' : j === i ? 'delta' : j < i ? 'old' : 'full');
  return { ...v, ops: orderBody(clause.body, new Set(), i, sourceOf, env, headVars(clause)) };
}

function headVars(clause: Clause): Set<string> {
  const outside = new Set<string>();
  for (const a of clause.head.args) termVars(a, outside);
  return outside;
}

function planClause(id: number, clause: Clause, env: OrderEnv, reads: Set<string>): ClausePlan {
  const outside = headVars(clause);
  const positive: number[] = [];
  clause.body.forEach((l, i) => { if (l.kind === 'atom') positive.push(i); });
  const fullOps = orderBody(clause.body, new Set(), undefined, () => 'full', env, outside);
  const full: RuleVersion = { label: 'full', ops: fullOps, head: clause.head };
  const deltas = new Map<number, RuleVersion>();
  for (const i of positive) {
    const sourceOf = (j: number): Source => (j === i ? 'delta' : j < i ? 'old' : 'full');
    const ops = orderBody(clause.body, new Set(), i, sourceOf, env, outside);
    const rel = (clause.body[i] as { rel: string }).rel;
    deltas.set(i, { label: `delta ${rel}@${i}`, deltaAtom: i, ops, head: clause.head });
  }
  const nonMono = new Set<string>();
  const aggJoin = new Set<string>();
  let rerunFull = false;
  const visit = (lits: readonly (Literal | CLiteral)[], inAgg: 'none' | 'mono' | 'nonmono'): void => {
    for (const l of lits) {
      if (l.kind === 'atom') {
        reads.add(l.rel);
        if (inAgg === 'nonmono') nonMono.add(l.rel);
        if (inAgg === 'mono') aggJoin.add(l.rel);
        if (inAgg !== 'none' && env.stratumRels.has(l.rel)) rerunFull = true;
      } else if (l.kind === 'neg') {
        reads.add(l.atom.rel);
        nonMono.add(l.atom.rel);
      } else if (l.kind === 'cmp') {
        for (const t of [l.left, l.right]) {
          if (t.kind === 'aggregate') visit(t.body, t.fn === 'join' && inAgg !== 'nonmono' ? 'mono' : 'nonmono');
        }
      } else if (l.kind === 'group') {
        for (const alt of l.body.alts) visit(alt, inAgg);
      }
    }
  };
  visit(clause.body, 'none');
  return {
    id, clause, full, deltas,
    recursiveAtoms: positive.filter((i) => env.stratumRels.has((clause.body[i] as { rel: string }).rel)),
    rerunFull,
    nonMonotoneReads: [...nonMono].sort(),
    aggJoinReads: [...aggJoin].sort(),
  };
}
