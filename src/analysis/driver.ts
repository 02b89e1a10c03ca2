/**
 * Runs the analysis rules over one program's facts (spec liveness.md §5.3, "which analyses
 * run"). The fixpoint itself is the engine's; this file only decides WHICH roots exist, in the
 * kernel's order, using incremental evaluation:
 *
 *   1. roots = { main } ∪ { global subprograms }; run to the fixpoint.
 *   2. for each subprogram S in reverse topological order of the call graph (callers first):
 *      if S has no instance yet, add root(S) and continue the fixpoint from the current state.
 *   3. report the kernel's limits: a call passing a stack pointer from depth 7 (more than
 *      MAX_CALL_FRAMES = 8 frames), and more than 10000 analyze() calls, where the number of
 *      calls is the number of paths from a root to each instance in the instance tree
 *      (every analysis of a caller re-analyses its callees).
 */
import * as E from 'fp-ts/lib/Either.js';
import { bpfError, type BpfLocation, type Diagnostic } from '../base/diagnostic.js';
import type { FactTables } from '../bpf/facts.js';
import { Database } from '../eval/database.js';
import type { AnalysisRules } from './rules.js';

/** Facts of one program: rows of numbers per prelude relation. */
export type ProgramFacts = ReadonlyMap<string, readonly (readonly number[])[]>;

/** Kernel limit on analyze() calls (`liveness analysis exceeded complexity limit`). */
export const MAX_ANALYSES = 10000;

/** Options of the analysis run. */
export interface DriverOptions {
  /** 4 = half-slot analysis of the spec (default); 8 = Linux 6.18-compatible slots. */
  readonly granularity?: 4 | 8;
  /** Collect per-rule timing in the database statistics. */
  readonly stats?: boolean;
}

type Key = readonly [number, number];

function keyOf(v: unknown): Key {
  const a = v as readonly number[];
  return [a[0]!, a[1]!];
}

/**
 * The fact relations an analysis with `rules` uses: those some rule reads, plus `global`,
 * `subprog_topo` (the driver's root order) and `calls_callback` (read by `analyze`).
 *
 * @example
 * programFactTables(p, d, cfg, { only: factsRead(rules) })
 */
export function factsRead(rules: AnalysisRules): ReadonlySet<string> {
  return new Set([...readByRules(rules), 'global', 'subprog_topo', 'calls_callback']);
}

/** The relations some rule reads (computed once per compiled rule set). */
function readByRules(rules: AnalysisRules): ReadonlySet<string> {
  let r = readCache.get(rules);
  if (r === undefined) readCache.set(rules, (r = new Set(rules.plan.strata.flatMap((s) => s.reads))));
  return r;
}

const readCache = new WeakMap<AnalysisRules, ReadonlySet<string>>();

/**
 * Evaluates the analysis rules over `facts`, adding roots as the kernel does.
 *
 * `facts` is consumed: each relation's columns leave the map once they are loaded (by
 * `insertColumns`, without row arrays), so that they can be collected while the rules run.
 *
 * @example
 * runAnalysis(rules, programFactTables(p, d, cfg), where, { granularity: 4 }) // right(database)
 */
export function runAnalysis(rules: AnalysisRules, facts: FactTables, where: BpfLocation, opts: DriverOptions = {}): E.Either<Diagnostic[], Database> {
  const db = new Database(rules.plan, opts.stats ?? false);
  const declared = rules.plan.relations;
  const globals = [...(facts.get('global')?.column(0) ?? [])];
  const topoRows = facts.get('subprog_topo')?.rows() ?? [];
  const topo = topoRows.sort((a, b) => a[0]! - b[0]!).map((r) => r[1]!);
  // input relations no rule reads (postorder, insn_subprog, ... unless the user's rules do)
  // are not loaded: at a million insns they were 80 MB and half a second
  const read = readByRules(rules);
  for (const [rel, table] of [...facts]) {
    if (declared.has(rel) && read.has(rel)) {
      const rm = table.rowMajorData();
      if (rm !== undefined) db.insertRowMajor(rel, rm, table.length);
      else db.insertColumns(rel, Array.from({ length: table.arity }, (_, c) => table.column(c)));
    }
    facts.delete(rel);
  }
  db.insertFacts('granularity', [[opts.granularity ?? 4]]);
  db.insertFacts('root', [[0], ...globals.filter((s) => s !== 0).map((s) => [s])]);
  db.run();

  const instances = db.relation('instance')!;
  for (let p = topo.length - 1; p >= 0; p--) {
    const s = topo[p]!;
    if (s === 0 || globals.includes(s)) continue;
    let reached = false;
    for (const row of instances.rows()) if (row[1] === s) { reached = true; break; }
    if (reached) continue;
    db.insertFacts('root', [[s]]);
    db.run();
  }
  return limits(db, where);
}

function limits(db: Database, where: BpfLocation): E.Either<Diagnostic[], Database> {
  const deep = [...db.relation('too_deep')!.rows()];
  if (deep.length > 0) {
    return E.left(deep.map((r) => bpfError('E950',
      `call passes a stack pointer from call depth 7: more than 8 frames (MAX_CALL_FRAMES) in the liveness analysis`,
      { ...where, insn: r[1] as number })));
  }
  const parents = new Map<string, string[]>();
  const all: string[] = [];
  for (const r of db.relation('instance')!.rows()) all.push(keyOf(r[0]).join(','));
  for (const r of db.relation('parent')!.rows()) {
    const k = keyOf(r[0]).join(',');
    const list = parents.get(k) ?? [];
    list.push(keyOf(r[1]).join(','));
    parents.set(k, list);
  }
  const memo = new Map<string, number>();
  const paths = (k: string): number => {
    const hit = memo.get(k);
    if (hit !== undefined) return hit;
    memo.set(k, 0);
    const ps = parents.get(k);
    const n = ps === undefined ? 1 : Math.min(1e9, ps.reduce((acc, p) => acc + paths(p), 0));
    memo.set(k, n);
    return n;
  };
  const total = all.reduce((acc, k) => acc + paths(k), 0);
  if (total > MAX_ANALYSES) {
    return E.left([bpfError('E951', `liveness analysis exceeded complexity limit (${total} calls; the kernel allows ${MAX_ANALYSES})`, where)]);
  }
  return E.right(db);
}
