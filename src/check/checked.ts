/**
 * CheckedProgram: the checker's output and the planner's input. It is the contract between
 * check/ and plan/. Every rule is normalised:
 *
 *   - `.include`s are resolved, types resolved to carriers;
 *   - multi-head rules are split, bodies put into disjunctive normal form (one Clause per
 *     alternative), parenthesised groups flattened;
 *   - every variable of a clause has a resolved type;
 *   - relations are partitioned into strata (SCCs of the dependency graph in topological
 *     order); negation and non-monotone aggregates only point to earlier strata.
 *
 * Terms and literals keep the AST shapes (with spans) so that later stages can still point at
 * source text in their own diagnostics.
 */
import type { Span } from '../base/span.js';
import type { Diagnostic } from '../base/diagnostic.js';
import type { Carrier } from '../base/lattice.js';
import type { Atom, Constraint, Generator, Negation, Term, Var, Aggregate } from '../lang/ast.js';

/** A resolved column type. */
export type ColumnType =
  | { readonly kind: 'primitive'; readonly carrier: Carrier; readonly name: string }
  | { readonly kind: 'record'; readonly name: string; readonly fields: readonly ColumnType[] }
  | { readonly kind: 'lattice'; readonly lattice: string; readonly name: string };

/** A declared column: name and resolved type. @example { name: 'x', type: { kind: 'primitive', carrier: 'number', name: 'number' } } */
export interface RelationColumn {
  readonly name: string;
  readonly type: ColumnType;
}

/** One `.input`/`.output` directive of a relation with its parameters. @example { params: new Map([['filename', 'e.tsv']]), span } */
export interface IoSpec {
  readonly params: ReadonlyMap<string, string | number | boolean>;
  readonly span: Span;
}

/**
 * A declared relation. For a lattice-valued relation (`lattice` set) the columns before the
 * last are its key.
 *
 * @example
 * program.relations.get('live')?.lattice // 'mask'
 */
export interface RelationInfo {
  readonly name: string;
  readonly columns: readonly RelationColumn[];
  /** Name of the lattice when the last column is a lattice column; undefined otherwise. */
  readonly lattice?: string;
  readonly inputs: readonly IoSpec[];
  readonly outputs: readonly IoSpec[];
  readonly printsize: boolean;
  readonly span: Span;
  /** Qualifiers written after the declaration (`brie`, `inflationary`, ...). */
  readonly qualifiers?: readonly string[];
  /**
   * Declared `inflationary` (lattice relations only): the stored value is the join of every
   * value ever derived, even where rules use the lattice value non-monotonically inside the
   * recursive stratum; the checker does not apply its monotonicity check (E503) to it.
   */
  readonly inflationary?: boolean;
}

/** A body literal after normalisation. Aggregates appear inside constraints (`X = count : {...}`). */
export type CLiteral = Atom | Negation | Constraint | Generator;

/** One normalised rule alternative with a single head. @example printClause(clause) // 'p(x) :- q(x).  % x: number' */
export interface Clause {
  readonly head: Atom;
  readonly body: readonly CLiteral[];
  /** The span of the original rule (a rule with `;` or several heads gives several clauses). */
  readonly span: Span;
  /** Type of every named variable in the clause (anonymous `_` has none). */
  readonly varTypes: ReadonlyMap<string, ColumnType>;
  /** Index of the source rule in program order, for stats and plans. */
  readonly ruleIndex: number;
}

/** One SCC of the dependency graph; strata are listed in evaluation order. @example program.strata[0].relations // ['edge'] */
export interface Stratum {
  readonly index: number;
  readonly relations: readonly string[];
  readonly clauses: readonly Clause[];
  /** True if some clause of the stratum reads a relation of the same stratum. */
  readonly recursive: boolean;
}

/** A fact written in the program (constant arguments, type-checked). @example { rel: 'edge', args: [one, two], span } */
export interface GroundFact {
  readonly rel: string;
  readonly args: readonly Term[];
  readonly span: Span;
}

/** A `?-` query: its DNF alternatives and named variables (first occurrence order). @example query.vars.map((v) => v.name) // ['X', 'Y'] */
export interface CheckedQuery {
  readonly body: readonly (readonly CLiteral[])[];
  readonly vars: readonly Var[];
  readonly span: Span;
  /** Type of every named variable (first alternative that types it), e.g. to show lattice values. */
  readonly varTypes?: ReadonlyMap<string, ColumnType>;
}

/** The checker's result, input of the planner. @example check(input, registry) // right(CheckedProgram) */
export interface CheckedProgram {
  readonly relations: ReadonlyMap<string, RelationInfo>;
  readonly strata: readonly Stratum[];
  readonly facts: readonly GroundFact[];
  readonly queries: readonly CheckedQuery[];
  /** All source texts by file name (for diagnostics with carets). */
  readonly sources: ReadonlyMap<string, string>;
  /** Warnings of the checker (W-codes, e.g. singleton variables); absent or empty when none. */
  readonly warnings?: readonly Diagnostic[];
}

/** Re-exported for consumers that walk aggregate terms inside constraints. */
export type { Aggregate };
