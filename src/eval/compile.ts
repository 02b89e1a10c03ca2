/**
 * Compiles one rule version (plan.ts) into a specialised JS function with `new Function`
 * (the code itself: gen.ts). Each function is named by a `sourceURL` comment
 * (`bpfdl-gen/<n> <head> <version>`, `instantiate`), so CPU profiles and stack traces show
 * which rule version runs.
 */
import type { ColumnType } from '../check/checked.js';
import type { Op, PlanRegistry, RelationPlan, RuleVersion } from '../plan/plan.js';
import { Gen } from './gen.js';
import type { Relation } from './relation.js';

/** Runtime helpers the generated code calls as `rt.*`. */
export interface RuntimeHelpers {
  str(id: number): string;
  sym(s: string): number;
  rec(fields: readonly number[]): number;
  field(arity: number, id: number, i: number): number;
  decode(t: ColumnType, v: number): unknown;
  f2i(x: number): number;
  i2f(x: number): number;
  divS(a: number, b: number): number;
  modS(a: number, b: number): number;
  divU(a: number, b: number): number;
  modU(a: number, b: number): number;
  powI(a: number, b: number, u: boolean): number;
  substr(s: string, i: number, n: number): string;
  toNumber(s: string): number;
}

/**
 * Generated code: call with the relations in `rels` order. It returns T: nothing for a rule
 * version, the pass closure for a fused eager function (compile-eager.ts).
 */
export interface Compiled<T> {
  readonly rels: readonly string[];
  readonly source: string;
  run(rels: readonly Relation[]): T;
  /** The same code bound to another database's runtime (valid when no symbol was interned). */
  rebind(rt: RuntimeHelpers): (rels: readonly Relation[]) => T;
  /** True if compiling interned symbol constants (then the code is tied to one symbol table). */
  readonly usesSymbols: boolean;
}

/** A compiled rule version. */
export type CompiledVersion = Compiled<void>;

/**
 * Compiles a rule version.
 *
 * @example
 * const cv = compileVersion(version, varTypes, plan.relations, registry, rt, sym);
 * cv.run(cv.rels.map((n) => db.rel(n)));
 */
export function compileVersion(
  v: RuleVersion, varTypes: ReadonlyMap<string, ColumnType>, relPlans: ReadonlyMap<string, RelationPlan>,
  registry: PlanRegistry, rt: RuntimeHelpers, symbol: (s: string) => number,
): CompiledVersion {
  let usesSymbols = false;
  const g = new Gen(varTypes, relPlans, registry, (s) => { usesSymbols = true; return symbol(s); });
  const head = g.rel(v.head.rel);
  g.directHead = !readsRel(v.ops, v.head.rel);
  g.emitOps(v.ops, 0, () => g.emitHead(v.head, head));
  return instantiate(g, `${v.head.rel} ${v.label}`, rt, usesSymbols);
}

/** Whether `ops` (aggregate bodies included) read relation `rel`. */
function readsRel(ops: readonly Op[], rel: string): boolean {
  return ops.some((op) => ((op.kind === 'scan' || op.kind === 'neg') && op.atom.rel === rel) || (op.kind === 'agg' && readsRel(op.body, rel)));
}

let generated = 0;

/**
 * Turns the generated source into a function. It is named for profilers and stack traces by
 * a `sourceURL` comment: `bpfdl-gen/<n> <what>` (n counts the functions of the process).
 * (exported for compile-eager.ts)
 */
export function instantiate<T = void>(g: Gen, what: string, rt: RuntimeHelpers, usesSymbols: boolean): Compiled<T> {
  const src = g.finish();
  const name = `bpfdl-gen/${++generated} ${what}`.replace(/[^\w/@ .,+-]/g, '_').replace(/ /g, '_');
  const fn = new Function('rt', 'K', 'R', `${src}\n//# sourceURL=${name}`) as (rt: RuntimeHelpers, K: unknown[], R: readonly Relation[]) => T;
  const K = g.consts;
  return { rels: g.relNames, source: src, run: (R) => fn(rt, K, R), rebind: (rt2) => (R) => fn(rt2, K, R), usesSymbols };
}
