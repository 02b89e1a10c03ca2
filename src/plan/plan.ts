/**
 * Plan: the planner's output and the evaluator's input (contract between plan/ and eval/).
 *
 * For every stratum the planner lists its clauses; for every clause it gives
 *
 *   - a `full` version: every positive atom reads the whole relation (first run of a stratum);
 *   - one `delta` version per positive body atom i (semi-naive):
 *
 *         ΔH  ⊇  A1_old ⋈ … ⋈ A(i-1)_old ⋈ ΔAi ⋈ A(i+1)_full ⋈ … ⋈ Ak_full
 *
 *     where `old` = tuples present before the current delta, `Δ` = tuples that became new in
 *     the previous iteration (for a lattice relation: keys whose value changed), `full` = all.
 *     Iterations ≥ 1 of a recursive stratum only run the versions whose delta atom is a
 *     relation of the stratum; incremental runs (new facts after a fixpoint) also run the
 *     versions whose delta atom is a lower relation that received tuples.
 *
 * Each version is a list of operations in join order (chosen by `order.ts`, not the order the
 * user wrote) and the head to insert into. `indexes` lists, per relation, the bound-column
 * sets the versions look up by.
 */
import type { Lattice, FunctorSpec } from '../base/lattice.js';
import type { CheckedProgram, Clause, RelationInfo } from '../check/checked.js';
import type { Aggregate, Atom, Constraint, Generator, Term } from '../lang/ast.js';

/** Which part of a relation a scan reads. */
export type Source = 'full' | 'delta' | 'old';

/** Iterate the tuples of `atom.rel` matching the already-bound columns `bound`. */
export interface ScanOp {
  readonly kind: 'scan';
  readonly atom: Atom;
  /** Position of the atom in the clause body. */
  readonly bodyIndex: number;
  readonly source: Source;
  /** Key columns whose value is known before the scan (index lookup key), ascending. */
  readonly bound: readonly number[];
}
/** `!atom`: continue only if no tuple matches (all non-anonymous columns are bound). */
export interface NegOp {
  readonly kind: 'neg';
  readonly atom: Atom;
  readonly bound: readonly number[];
}
/** A constraint whose variables are all bound. */
export interface FilterOp {
  readonly kind: 'filter';
  readonly cmp: Constraint;
}
/** `pattern = expr` where `expr` is bound and `pattern` binds new variables. */
export interface BindOp {
  readonly kind: 'bind';
  readonly pattern: Term;
  readonly expr: Term;
}
/** `X in @gen(args)` with bound arguments. */
export interface GenOp {
  readonly kind: 'gen';
  readonly gen: Generator;
}
/** `result = agg : { body }`: the body evaluated with the outer bound variables as constants. */
export interface AggOp {
  readonly kind: 'agg';
  readonly agg: Aggregate;
  readonly result: Term;
  readonly body: readonly Op[];
}
export type Op = ScanOp | NegOp | FilterOp | BindOp | GenOp | AggOp;

/** One evaluable form of a clause. */
export interface RuleVersion {
  /** `full` or `delta <rel>@<bodyIndex>`. */
  readonly label: string;
  /** Body index of the delta atom (undefined for the full version). */
  readonly deltaAtom?: number;
  readonly ops: readonly Op[];
  readonly head: Atom;
}

export interface ClausePlan {
  /** Unique id of the clause in the plan (stats key). */
  readonly id: number;
  readonly clause: Clause;
  readonly full: RuleVersion;
  /** One version per positive body atom, keyed by body index. */
  readonly deltas: ReadonlyMap<number, RuleVersion>;
  /** Body indices of positive atoms over relations of the clause's own stratum. */
  readonly recursiveAtoms: readonly number[];
  /** An aggregate body reads a relation of the same stratum: rerun `full` every iteration. */
  readonly rerunFull: boolean;
  /** Relations read by negation or a non-monotone aggregate (count/sum/min/max/mean/meet). */
  readonly nonMonotoneReads: readonly string[];
  /** Relations read monotonically inside `join` aggregates. */
  readonly aggJoinReads: readonly string[];
}

export interface StratumPlan {
  readonly index: number;
  readonly relations: readonly string[];
  readonly recursive: boolean;
  readonly clauses: readonly ClausePlan[];
  /** Every relation any clause of the stratum reads (positively, negatively or in aggregates). */
  readonly reads: readonly string[];
}

export interface RelationPlan {
  readonly info: RelationInfo;
  /** Bound-column sets to index by (each ascending, none empty, none covering all keys). */
  readonly indexes: readonly (readonly number[])[];
  /** Number of key columns (all columns but the lattice column). */
  readonly keyArity: number;
  /**
   * The key column that enough full versions fix to a constant in their outermost scan to
   * share an index on it (planner.ts, `sharedConstColumns`); every ordering of a version,
   * the evaluator's included, looks such a scan up by it.
   */
  readonly constColumn?: number;
}

/** The registry the planner and evaluator need (structurally the checker's `Registry`). */
export interface PlanRegistry {
  readonly lattices: ReadonlyMap<string, Lattice<unknown>>;
  readonly functors: ReadonlyMap<string, FunctorSpec>;
}

export interface Plan {
  readonly program: CheckedProgram;
  readonly registry: PlanRegistry;
  readonly relations: ReadonlyMap<string, RelationPlan>;
  readonly strata: readonly StratumPlan[];
}
