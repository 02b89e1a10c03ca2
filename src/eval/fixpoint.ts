/**
 * Semi-naive fixpoint over strata, with incremental continuation.
 *
 * State per relation (relation.ts): rows move to-add → recent → stable. Within a stratum run,
 * `recent` is the delta: for a plain relation the row range [dLo, dHi) appended by the
 * previous iteration, for a lattice relation the keys whose value changed in it. Derived
 * tuples are inserted at once (they land after dHi and form the next delta).
 *
 * First run of stratum S (no marks yet):
 *     iteration 0:  the `full` version of every clause without a positive atom over S (the
 *                   others would only repeat what iteration 1 derives, its Δ being all of S)
 *     iteration n:  Δ = what iteration n-1 added to S's relations (lower relations: Δ = ∅);
 *                   for every clause and every atom i over S with Δ(i) ≠ ∅ run version i
 *                   (atoms before i read `old` = rows before Δ, after i read `full`);
 *                   clauses whose aggregate reads S rerun `full`; stop when Δ = ∅ everywhere.
 * Later runs (facts were inserted since the marks M recorded at the end of the last run):
 *     if S reads a relation that was recomputed from scratch, or reads a changed relation
 *     through negation or a non-monotone aggregate: clear S's relations, replay their given
 *     facts, and do a first run (downstream strata that read them are recomputed in turn);
 *     otherwise iteration 0 runs version i of every clause for every positive atom i whose
 *     relation grew since M (Δ(i) = rows after M, `old` = rows before M), `full` for clauses
 *     with a `join` aggregate over a changed relation; then iterations n ≥ 1 as above.
 * This is exact for monotone programs: every new derivation uses at least one new tuple, and
 * version i enumerates exactly the derivations whose first new tuple is at atom i.
 */
import type { ColumnType } from '../check/checked.js';
import type { EagerVersion } from './compile-eager.js';
import type { ClausePlan, Plan, RuleVersion, StratumPlan } from '../plan/plan.js';
import type { Relation } from './relation.js';
import { versionStats, type EvalStats } from './stats.js';

/** Sizes and log positions of the relations a stratum saw at the end of its last run. */
export interface StratumMarks {
  readonly size: ReadonlyMap<string, number>;
  readonly log: ReadonlyMap<string, number>;
}

/** What the fixpoint needs from the database. */
export interface EngineState {
  readonly plan: Plan;
  readonly marks: (StratumMarks | undefined)[];
  readonly baseFacts: ReadonlyMap<string, (readonly unknown[])[]>;
  readonly statistics: EvalStats;
  readonly collectStats: boolean;
  rel(name: string): Relation;
  runVersion(v: RuleVersion, varTypes: ReadonlyMap<string, ColumnType>): void;
  /** Runs the fused eager function of stratum `s` over `versions` (compile-eager.ts). */
  runEager(s: StratumPlan, versions: readonly EagerVersion[]): void;
  insertFacts(rel: string, rows: Iterable<readonly unknown[]>): void;
}

function snapshot(db: EngineState, names: readonly string[]): { size: Map<string, number>; log: Map<string, number> } {
  const size = new Map<string, number>();
  const log = new Map<string, number>();
  for (const n of names) { const r = db.rel(n); size.set(n, r.size); log.set(n, r.logLen); }
  return { size, log };
}

function run(db: EngineState, c: ClausePlan, v: RuleVersion): void {
  if (!db.collectStats) { db.runVersion(v, c.clause.varTypes); return; }
  const st = versionStats(db.statistics, c.id, c.clause.ruleIndex, v.label, c.clause.head);
  const t0 = performance.now();
  db.runVersion(v, c.clause.varTypes);
  st.ms += performance.now() - t0;
  st.runs++;
}

/** True when some positive atom before body index `i` reads an empty `old` part. */
function oldEmptyBefore(db: EngineState, c: ClausePlan, i: number): boolean {
  for (const j of c.deltas.keys()) {
    if (j >= i) continue;
    const r = db.rel((c.clause.body[j] as { rel: string }).rel);
    if (!r.lattice && r.dLo === 0) return true;
  }
  return false;
}

function atomRel(db: EngineState, c: ClausePlan, i: number): Relation {
  return db.rel((c.clause.body[i] as { rel: string }).rel);
}

function setNoDelta(r: Relation): void {
  r.setDeltaRange(r.size, r.size);
  r.dLen = 0;
}

/** The delta versions of a stratum that run fused and eagerly: those of its lattice relations. */
interface EagerSet {
  readonly versions: readonly EagerVersion[];
  readonly skip: ReadonlySet<RuleVersion>;
  readonly rels: readonly string[];
}
const eagerSets = new WeakMap<StratumPlan, EagerSet>();

function eagerOf(db: EngineState, s: StratumPlan): EagerSet {
  let e = eagerSets.get(s);
  if (e) return e;
  const versions: EagerVersion[] = [];
  const skip = new Set<RuleVersion>();
  const rels = new Set<string>();
  for (const c of s.clauses) {
    for (const i of c.recursiveAtoms) {
      const r = atomRel(db, c, i);
      if (!r.lattice) continue;
      const v = c.deltas.get(i)!;
      versions.push({ version: v, varTypes: c.clause.varTypes });
      skip.add(v);
      rels.add(r.name);
    }
  }
  e = { versions, skip, rels: [...rels] };
  eagerSets.set(s, e);
  return e;
}

function runEager(db: EngineState, s: StratumPlan, e: EagerSet): void {
  if (!db.collectStats) { db.runEager(s, e.versions); return; }
  const st = versionStats(db.statistics, -1 - s.index, -1, `eager: ${e.versions.length} delta versions on ${e.rels.join(', ')}`, e.versions[0]!.version.head);
  const t0 = performance.now();
  db.runEager(s, e.versions);
  st.ms += performance.now() - t0;
  st.runs++;
}

/**
 * Iterations n ≥ 1 of a stratum, starting from the state `before` iteration n-1.
 *
 * Eager lattice deltas: the delta versions whose delta atom is a lattice relation of the
 * stratum run first, fused into one function (compile-eager.ts) that goes on with
 * the rows they change until none is left. When it returns, every change of those
 * relations has been processed, with the row's latest value, by every version with that
 * delta atom, so their log marks move to the current end and the next Δ holds only the
 * changes made after it (by the other versions of the iteration). Plain relations keep
 * the plain semi-naive step: rows derived in the fused run are their next Δ.
 */
function iterate(db: EngineState, s: StratumPlan, before0: StratumMarks): number {
  let before = before0;
  let n = 0;
  const eager = eagerOf(db, s);
  const own = new Set(s.relations);
  for (const name of s.reads) if (!own.has(name)) setNoDelta(db.rel(name));
  for (;;) {
    let any = false;
    for (const name of s.relations) {
      const r = db.rel(name);
      if (r.lattice) r.setDeltaFromLog(before.log.get(name)!);
      else r.setDeltaRange(before.size.get(name)!, r.size);
      if (r.deltaSize() > 0) any = true;
    }
    if (!any) break;
    const next = snapshot(db, s.relations);
    if (eager.versions.length > 0) {
      runEager(db, s, eager);
      for (const name of eager.rels) next.log.set(name, db.rel(name).logLen);
    }
    before = next;
    for (const c of s.clauses) {
      for (const i of c.recursiveAtoms) {
        if (eager.skip.has(c.deltas.get(i)!)) continue;
        if (atomRel(db, c, i).deltaSize() === 0 || oldEmptyBefore(db, c, i)) continue;
        run(db, c, c.deltas.get(i)!);
      }
      if (c.rerunFull) run(db, c, c.full);
    }
    n++;
  }
  for (const name of s.relations) setNoDelta(db.rel(name));
  return n;
}

function firstRun(db: EngineState, s: StratumPlan): number {
  for (const name of s.reads) setNoDelta(db.rel(name));
  for (const name of s.relations) setNoDelta(db.rel(name));
  // Iteration 1's Δ is every row of S, given facts included (marks at 0). So a clause with a
  // positive atom over S derives nothing in iteration 0 that iteration 1 would not: only the
  // clauses without such an atom (and those rerun in full anyway) run their full version.
  const before = snapshot(db, []);
  for (const name of s.relations) { before.size.set(name, 0); before.log.set(name, 0); }
  for (const c of s.clauses) if (c.recursiveAtoms.length === 0 || c.rerunFull) run(db, c, c.full);
  return 1 + (s.recursive ? iterate(db, s, before) : 0);
}

function incremental(db: EngineState, s: StratumPlan, m: StratumMarks, changed: ReadonlySet<string>): number {
  const touched = new Set([...s.reads, ...s.relations]);
  for (const name of touched) {
    const r = db.rel(name);
    if (r.lattice) r.setDeltaFromLog(m.log.get(name) ?? 0);
    else r.setDeltaRange(m.size.get(name) ?? 0, r.size);
  }
  const before = snapshot(db, s.relations);
  for (const c of s.clauses) {
    if (c.rerunFull || c.aggJoinReads.some((r) => changed.has(r))) { run(db, c, c.full); continue; }
    for (const [i, v] of c.deltas) {
      if (atomRel(db, c, i).deltaSize() === 0 || oldEmptyBefore(db, c, i)) continue;
      run(db, c, v);
    }
  }
  return 1 + (s.recursive ? iterate(db, s, before) : 0);
}

/**
 * Brings every stratum to its fixpoint, continuing from the current state when possible.
 *
 * @example
 * runStrata(db) // called by Database.run()
 */
export function runStrata(db: EngineState): void {
  const reset = new Set<string>();
  for (const s of db.plan.strata) {
    const touched = [...new Set([...s.reads, ...s.relations])];
    const m = db.marks[s.index];
    let iters: number;
    if (m === undefined) {
      iters = firstRun(db, s);
    } else {
      const changed = new Set(touched.filter((n) => {
        const r = db.rel(n);
        return r.size !== (m.size.get(n) ?? 0) || r.logLen !== (m.log.get(n) ?? 0);
      }));
      const wasReset = touched.some((n) => reset.has(n));
      if (changed.size === 0 && !wasReset) continue;
      if (wasReset || s.clauses.some((c) => c.nonMonotoneReads.some((n) => changed.has(n)))) {
        for (const name of s.relations) {
          db.rel(name).clear();
          reset.add(name);
          const base = db.baseFacts.get(name);
          if (base) db.insertFacts(name, base.splice(0));
        }
        iters = firstRun(db, s);
      } else {
        iters = incremental(db, s, m, changed);
      }
    }
    db.statistics.iterations[s.index] = (db.statistics.iterations[s.index] ?? 0) + iters;
    db.marks[s.index] = snapshot(db, touched);
    // the stratum is at its fixpoint: its relations' pending buffers are empty until the
    // next run (on a million-insn program they held ~150 MB for the rest of the evaluation)
    for (const name of s.relations) db.rel(name).releaseScratch();
  }
  // every mark is now at the end of the logs (each stratum snapshots after its inputs are
  // final): the changes logged so far are never read again
  for (const s of db.plan.strata) for (const name of s.relations) db.rel(name).dropLog();
}
