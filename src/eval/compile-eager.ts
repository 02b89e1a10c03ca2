/**
 * Fused eager functions (fixpoint.ts, "eager lattice deltas"): the delta versions of one
 * recursive stratum whose delta atom is a lattice relation of the stratum, compiled into ONE
 * function that runs them as a worklist:
 *
 *     phase 1: for every relation X and every row r of ΔX: run each X-version on r (X has a
 *              stack worklist), or queue r (X has a flow column, flow-order.ts)
 *     phase 2: until every worklist is empty: take the next row of the relation whose
 *              worklist (worklist.ts) has the smallest key — stacks first, newest change
 *              first, which follows a chain depth-first; heaps in flow order — and run
 *              each version of its relation on it
 *
 * A change thus runs along a chain of instructions, through every rule and relation of the
 * stratum, within one call, instead of one rule step per semi-naive iteration. Each
 * X-version body is a closure `V<n>(row)` (V8 optimises small functions, not one huge
 * body), all sharing the relation locals of the function; `E<k>(row)` calls those of
 * relation k. The worklists are the relations' `wl`, filled by `logRow` while `wlOn`.
 * `E<k>` runs only the versions that can fire on the row's key (eager-dispatch.ts), read
 * from the table `G<k>` built at the start of each run.
 */
import type { ColumnType } from '../check/checked.js';
import type { PlanRegistry, RelationPlan, RuleVersion } from '../plan/plan.js';
import { instantiate, type Compiled, type RuntimeHelpers } from './compile.js';
import { Gen } from './gen.js';
import { dispatchOf, guardTable, type Dispatch } from './eager-dispatch.js';

/** A fused eager function: bound to a database's relations, it gives the pass to run. */
export type CompiledEager = Compiled<() => void>;

/** A rule version to fuse, with its clause's variable types. */
export interface EagerVersion {
  readonly version: RuleVersion;
  readonly varTypes: ReadonlyMap<string, ColumnType>;
}

/**
 * Compiles the fused eager function of a stratum (see the file header).
 *
 * @example
 * const cv = compileEager([{ version: v, varTypes }], plan.relations, registry, rt, sym, (r) => !own.has(r));
 *
 * @param complete true for the relations that do not change while the stratum runs (those of
 *        lower strata): the only ones whose rows may decide the dispatch
 */
export function compileEager(
  versions: readonly EagerVersion[], relPlans: ReadonlyMap<string, RelationPlan>,
  registry: PlanRegistry, rt: RuntimeHelpers, symbol: (s: string) => number, complete: (rel: string) => boolean,
): CompiledEager {
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
  const dispatches: { k: number; d: Dispatch }[] = [];
  let nv = 0;
  for (const [rel, list] of byRel) {
    const k = g.rel(rel).k;
    ks.push(k);
    const names: string[] = [];
    const ka = g.rel(rel).plan.keyArity;
    const d = dispatchOf(list.map((ev) => ev.version), ka, complete);
    g.fusedRow = 'cur';
    list.forEach((ev, i) => {
      // one closure per version: V8 optimises small functions, not one huge body
      const name = `V${nv++}`;
      names.push(name);
      g.resetVersion(ev.varTypes);
      // negations the dispatch bits decide are not looked up while the table is in use
      g.decided = d === undefined ? undefined : { negs: new Set(d.decided[i]), table: `G${k}` };
      const head = g.rel(ev.version.head.rel);
      g.open(`const ${name} = (cur) => {`);
      g.emitOps(ev.version.ops, 0, () => g.emitHead(ev.version.head, head));
      g.close('};');
    });
    g.decided = undefined;
    const all = names.map((n) => `${n}(cur);`).join(' ');
    if (d === undefined) g.line(`const E${k} = (cur) => { ${all} };`);
    else {
      dispatches.push({ k, d });
      g.line(`let G${k} = null;`);
      const runs = names.map((n, i) => {
        const { pos, neg } = d.masks[i]!;
        const cond = [pos !== 0 ? `(w & ${pos}) === ${pos}` : '', neg !== 0 ? `(w & ${neg}) === 0` : ''].filter((c) => c !== '');
        return cond.length === 0 ? `${n}(cur);` : `if (${cond.join(' && ')}) ${n}(cur);`;
      });
      const x = ka === 1 ? `R${k}d[cur]` : `R${k}d[cur * ${ka} + ${d.col}]`;
      g.line(`const E${k} = (cur) => { if (G${k} === null) { ${all} return; } const x = ${x}; const w = (x >>> 0) < G${k}.length ? G${k}[x] : 0; ${runs.join(' ')} };`);
    }
  }
  // what follows runs at each call of the returned pass closure; the closures above are
  // created once per database, so V8 keeps their optimised code from pass to pass
  g.beginPass();
  for (const { k, d } of dispatches) emitTable(g, k, d);
  for (const k of ks) g.line(`R${k}o.wlOn = true;`);
  // phase 1: a stack relation runs its delta rows now; a prioritised one queues them
  for (const k of ks) {
    g.line(`if (R${k}o.wl.col < 0) for (let q = 0, n = R${k}o.dLen, d = R${k}o.dRows; q < n; q++) E${k}(d[q]);`);
    g.line(`else for (let q = 0, n = R${k}o.dLen, d = R${k}o.dRows; q < n; q++) if (R${k}o.inWl[d[q]] === 0) R${k}o.wlPush(d[q]);`);
  }
  // phase 2: the relation whose next row has the smallest key (stacks: -2^31, first)
  g.open('for (;;) {');
  g.line('let bk = -1, bkey = 0;');
  for (const k of ks) g.line(`if (R${k}o.wl.len > 0) { const key = R${k}o.wl.top(); if (bk < 0 || key < bkey) { bk = ${k}; bkey = key; } }`);
  g.line('if (bk < 0) break;');
  g.line(`switch (bk) { ${ks.map((k) => `case ${k}: E${k}(R${k}o.wlPop()); break;`).join(' ')} }`);
  g.close();
  for (const k of ks) g.line(`R${k}o.wlOn = false;`);
  return instantiate<() => void>(g, `eager ${[...byRel.keys()].join('+')}`, rt, usesSymbols);
}

/**
 * Code setting `G<k>` to the dispatch table: a call of `guardTable` (eager-dispatch.ts), which
 * returns the table cached on the delta relation while the guard relations keep their rows.
 */
function emitTable(g: Gen, k: number, d: Dispatch): void {
  const slots = d.guards.map((gd) => g.rel(gd.rel));
  const id = JSON.stringify(d.guards.map((gd) => `${gd.rel}/${gd.col}`).join(','));
  const strides = g.constant(slots.map((s) => Math.max(1, s.plan.keyArity)));
  const cols = g.constant(d.guards.map((gd) => gd.col));
  const negBits = d.masks.reduce((m, x) => m | x.neg, 0);
  g.line(`G${k} = K[${g.constant(guardTable)}](R${k}o, ${id}, [${slots.map((s) => `R${s.k}o`).join(', ')}], K[${strides}], K[${cols}], ${negBits});`);
}
