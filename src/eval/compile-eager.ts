/**
 * Fused eager functions (fixpoint.ts, "eager lattice deltas"): the delta versions of one
 * recursive stratum whose delta atom is a lattice relation of the stratum, compiled into ONE
 * function that runs them as a worklist:
 *
 *     phase 1: for every relation X and every row r of ΔX: run each X-version on r
 *     phase 2: until every worklist is empty: for every X, pop the rows changed since they
 *              were last processed (a stack: the newest change first, which follows a
 *              chain depth-first) and run each X-version on them
 *
 * A change thus runs along a chain of instructions, through every rule and relation of the
 * stratum, within one call, instead of one rule step per semi-naive iteration. Each
 * X-version body is a closure `V<n>(row)` (V8 optimises small functions, not one huge
 * body), all sharing the relation locals of the function; `E<k>(row)` calls those of
 * relation k. The worklists are the relations' `wl` stacks, filled by `logRow` while `wlOn`.
 */
import type { ColumnType } from '../check/checked.js';
import type { PlanRegistry, RelationPlan, RuleVersion } from '../plan/plan.js';
import { Gen, type CompiledVersion, type RuntimeHelpers } from './compile.js';
import type { Relation } from './relation.js';

/** A rule version to fuse, with its clause's variable types. */
export interface EagerVersion {
  readonly version: RuleVersion;
  readonly varTypes: ReadonlyMap<string, ColumnType>;
}

/**
 * Compiles the fused eager function of a stratum (see the file header).
 *
 * @example
 * const cv = compileEager([{ version: v, varTypes }], plan.relations, registry, rt, sym);
 */
export function compileEager(
  versions: readonly EagerVersion[], relPlans: ReadonlyMap<string, RelationPlan>,
  registry: PlanRegistry, rt: RuntimeHelpers, symbol: (s: string) => number,
): CompiledVersion {
  let usesSymbols = false;
  const g = new Gen(new Map(), relPlans, registry, (s) => { usesSymbols = true; return symbol(s); });
  const byRel = new Map<string, EagerVersion[]>();
  for (const ev of versions) {
    const first = ev.version.ops[0];
    if (first?.kind !== 'scan' || first.source !== 'delta') throw new Error('compileEager: a delta version must scan its delta atom first');
    const list = byRel.get(first.atom.rel) ?? [];
    list.push(ev);
    byRel.set(first.atom.rel, list);
  }
  const ks: number[] = [];
  let nv = 0;
  for (const [rel, list] of byRel) {
    const k = g.rel(rel).k;
    ks.push(k);
    const names: string[] = [];
    g.fusedRow = 'cur';
    for (const ev of list) {
      // one closure per version: V8 optimises small functions, not one huge body
      const name = `V${nv++}`;
      names.push(name);
      g.resetVersion(ev.varTypes);
      const head = g.rel(ev.version.head.rel);
      g.open(`const ${name} = (cur) => {`);
      g.emitOps(ev.version.ops, 0, () => g.emitHead(ev.version.head, head));
      g.close('};');
    }
    g.line(`const E${k} = (cur) => { ${names.map((n) => `${n}(cur);`).join(' ')} };`);
  }
  for (const k of ks) g.line(`R${k}o.wlOn = true;`);
  for (const k of ks) g.line(`for (let q = 0, n = R${k}o.dLen, d = R${k}o.dRows; q < n; q++) E${k}(d[q]);`);
  g.open('for (;;) {');
  g.line('let any = false;');
  for (const k of ks) {
    g.line(`while (R${k}o.wlLen > 0) { const r = R${k}o.wl[--R${k}o.wlLen]; R${k}o.inWl[r] = 0; any = true; E${k}(r); }`);
  }
  g.line('if (!any) break;');
  g.close();
  for (const k of ks) g.line(`R${k}o.wlOn = false;`);
  const src = g.finish();
  const fn = new Function('rt', 'K', 'R', src) as (rt: RuntimeHelpers, K: unknown[], R: readonly Relation[]) => void;
  const K = g.consts;
  return { rels: g.relNames, source: src, run: (R) => fn(rt, K, R), rebind: (rt2) => (R) => fn(rt2, K, R), usesSymbols };
}
