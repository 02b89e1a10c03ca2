/**
 * Join order with statistics: a rule version is ordered again when it first runs in a
 * database, using the sizes of the relations of lower strata, which are complete by then.
 *
 * The static planner (plan/order.ts) has no statistics: among lookups into lower-stratum
 * relations it takes the one with the most bound columns. That is wrong when a lookup on
 * few columns is a near-key (`succ(I, J, _)` by J: about one row) and one on more columns
 * fans out (`must_write(N, F, I, W)` by N, F: one row per writing insn of the instance).
 * Here the orderer gets
 *
 *     fanout(R, B) = |R| / |distinct keys of R on columns B|      (R complete, B ≠ ∅)
 *
 * and prefers the lower-stratum lookup with the smallest fanout (fully bound: ≤ 1). Only
 * versions whose order can depend on it are reordered: at least two lower-stratum atoms
 * besides the delta atom, and another order when the fan-out contradicts the static rule. Ordering never changes a result, only the work. Versions
 * ordered the same way share one RuleVersion object, and so their generated code.
 */
import type { Clause } from '../check/checked.js';
import type { Plan, RuleVersion } from '../plan/plan.js';
import type { OrderEnv } from '../plan/order.js';
import { reorderVersion } from '../plan/planner.js';
import type { Relation } from './relation.js';

interface Candidate { readonly clause: Clause; readonly stratumRels: ReadonlySet<string> }

const candidatesOf = new WeakMap<Plan, Map<RuleVersion, Candidate>>();
const variantsOf = new WeakMap<RuleVersion, Map<string, RuleVersion>>();

/** The plan's side of an OrderEnv: key arities and shared constant columns. */
function planEnv(plan: Plan, stratumRels: ReadonlySet<string>): OrderEnv {
  return {
    keyArity: (r) => plan.relations.get(r)!.keyArity,
    stratumRels,
    constColumn: (r) => plan.relations.get(r)!.constColumn,
  };
}

function candidates(plan: Plan): Map<RuleVersion, Candidate> {
  let m = candidatesOf.get(plan);
  if (m) return m;
  m = new Map();
  for (const s of plan.strata) {
    const stratumRels = new Set(s.relations);
    for (const c of s.clauses) {
      for (const v of [c.full, ...c.deltas.values()]) {
        const lower = c.clause.body.filter((l, i) => l.kind === 'atom' && i !== v.deltaAtom && !stratumRels.has(l.rel)).length;
        if (lower < 2) continue;
        // keep only versions whose order statistics can change: ordered with a fan-out that
        // contradicts the static preference (more bound columns = more rows per key), the
        // order must differ
        const contrary = reorderVersion(c.clause, v, { ...planEnv(plan, stratumRels), fanout: (_r, cols) => cols.length });
        if (signature(contrary) !== signature(v)) m.set(v, { clause: c.clause, stratumRels });
      }
    }
  }
  candidatesOf.set(plan, m);
  return m;
}

function signature(v: RuleVersion): string {
  return v.ops.map((o) => (o.kind === 'scan' ? `${o.bodyIndex}[${o.bound.join(',')}]` : o.kind)).join(' ');
}

/**
 * The version to compile for `v` given the current relations (`v` itself when the statistics
 * do not change its order).
 *
 * @example
 * const vv = adaptVersion(db.plan, v, (n) => db.rel(n));
 */
export function adaptVersion(plan: Plan, v: RuleVersion, rel: (name: string) => Relation): RuleVersion {
  const cand = candidates(plan).get(v);
  if (!cand) return v;
  const env: OrderEnv = {
    ...planEnv(plan, cand.stratumRels),
    fanout: (r, cols) => {
      const R = rel(r);
      if (cols.length >= R.arity) return R.size > 0 ? 1 : 0;
      const keys = R.index(cols).keys;
      return keys === 0 ? 0 : R.size / keys;
    },
  };
  const nv = reorderVersion(cand.clause, v, env);
  const sig = signature(nv);
  if (sig === signature(v)) return v;
  let vs = variantsOf.get(v);
  if (!vs) variantsOf.set(v, (vs = new Map()));
  const hit = vs.get(sig);
  if (hit) return hit;
  vs.set(sig, nv);
  return nv;
}
