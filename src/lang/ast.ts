/**
 * The rule language's abstract syntax. This file is the contract between the parser
 * (lang/parse.ts), the printer (lang/print.ts) and the checker (check/). Every node carries a
 * span. The tree mirrors the text faithfully (disjunctions and parentheses are kept) so that
 * `parse(print(ast))` equals `ast` modulo spans; normalisation (DNF, multi-head split) is the
 * checker's job.
 *
 * Language summary (see docs/language.md for the full reference):
 *
 *     .include "other.dl"
 *     .type Node <: number            .type Name = symbol      .type Inst = [cs: number, d: number]
 *     .decl edge(x: number, y: number)
 *     .decl live(i: number, m: <mask>)          // lattice-valued: last column `<lattice>`
 *     .functor f(x: number): number             // registered from TypeScript
 *     .input edge  .input edge(IO="file", filename="e.tsv", delimiter=",")   .output path
 *     edge(1, 2).
 *     path(x, y) :- edge(x, y) ; edge(y, x).
 *     a(x), b(x) :- c(x), !d(x), x < 10, y = x + 1, K in @mask_members(M).
 *     n(c) :- c = count : { edge(_, _) }.       m(s) :- s = meet M : { live(_, M) }.
 */
import type { Span } from '../base/span.js';

export interface Node {
  readonly span: Span;
}

// ---------------------------------------------------------------- terms

export interface Var extends Node {
  readonly kind: 'var';
  readonly name: string;
}
/** `_`: each occurrence is a fresh variable. */
export interface Anon extends Node {
  readonly kind: 'anon';
}
/** Integer literal. `radix` only remembers how it was written (10, 16 or 2) for printing. */
export interface NumLit extends Node {
  readonly kind: 'num';
  readonly value: number;
  readonly radix: 10 | 16 | 2;
  /** Written with a `u` suffix (`42u`): an unsigned literal. */
  readonly unsigned: boolean;
}
export interface StrLit extends Node {
  readonly kind: 'str';
  readonly value: string;
}
export interface NilLit extends Node {
  readonly kind: 'nil';
}
export type BinOpName =
  | '+' | '-' | '*' | '/' | '%' | '^'
  | 'band' | 'bor' | 'bxor' | 'bshl' | 'bshr' | 'bshru'
  | 'land' | 'lor' | 'lxor';
export interface BinOp extends Node {
  readonly kind: 'binop';
  readonly op: BinOpName;
  readonly left: Term;
  readonly right: Term;
}
export type UnOpName = '-' | 'bnot' | 'lnot';
export interface UnOp extends Node {
  readonly kind: 'unop';
  readonly op: UnOpName;
  readonly arg: Term;
}
/**
 * A functor application. `at` is true for `@name(...)` (user-registered or bpfdl built-in
 * functors such as `@mask_union`); false for Soufflé intrinsics written without `@`
 * (`cat`, `strlen`, `substr`, `ord`, `to_number`, `to_string`, `min`, `max`, `abs`).
 */
export interface Call extends Node {
  readonly kind: 'call';
  readonly name: string;
  readonly at: boolean;
  readonly args: readonly Term[];
}
/** Record constructor `[a, b, c]`. */
export interface RecordTerm extends Node {
  readonly kind: 'record';
  readonly args: readonly Term[];
}
export type AggregateFn = 'count' | 'sum' | 'min' | 'max' | 'mean' | 'join' | 'meet';
/**
 * `count : { body }`, `sum X : { body }`, `min X : atom(...)`, `meet M : { body }`.
 * `target` is absent only for `count`. The body is a conjunction.
 */
export interface Aggregate extends Node {
  readonly kind: 'aggregate';
  readonly fn: AggregateFn;
  readonly target?: Term;
  readonly body: readonly Literal[];
  /** True when written `min X : atom(...)` without braces (only remembered for printing). */
  readonly bare: boolean;
}
export type Term = Var | Anon | NumLit | StrLit | NilLit | BinOp | UnOp | Call | RecordTerm | Aggregate;

// ---------------------------------------------------------------- literals

export interface Atom extends Node {
  readonly kind: 'atom';
  readonly rel: string;
  readonly args: readonly Term[];
}
export interface Negation extends Node {
  readonly kind: 'neg';
  readonly atom: Atom;
}
export type CmpOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export interface Constraint extends Node {
  readonly kind: 'cmp';
  readonly op: CmpOp;
  readonly left: Term;
  readonly right: Term;
}
/** `X in @gen(args)`: one binding of X per value the generator functor yields. */
export interface Generator extends Node {
  readonly kind: 'gen';
  readonly target: Var;
  readonly call: Call;
}
export interface BoolLit extends Node {
  readonly kind: 'bool';
  readonly value: boolean;
}
/** A parenthesised disjunction inside a body. */
export interface Group extends Node {
  readonly kind: 'group';
  readonly body: Disjunction;
}
export type Literal = Atom | Negation | Constraint | Generator | BoolLit | Group;

/** `conj ; conj ; ...` where each conjunction is a list of literals joined by `,`. */
export interface Disjunction extends Node {
  readonly alts: readonly (readonly Literal[])[];
}

// ---------------------------------------------------------------- items

export interface TypeRef extends Node {
  /** `number`, `unsigned`, `symbol`, `float`, or a user type name. */
  readonly name: string;
}
export interface Column extends Node {
  readonly name: string;
  readonly type: TypeRef;
  /** True for the lattice column `m: <mask>` (only allowed as the last column). */
  readonly lattice: boolean;
}
export interface RelDecl extends Node {
  readonly kind: 'decl';
  readonly names: readonly string[];
  readonly columns: readonly Column[];
  /** Soufflé qualifiers (`brie`, `btree`, `eqrel`, `inline`, ...), kept but mostly ignored. */
  readonly qualifiers: readonly string[];
}
/** `.type A <: number` (subtype), `.type A = B | C` (union / alias), `.type R = [x: T, ...]`. */
export interface TypeDecl extends Node {
  readonly kind: 'type';
  readonly name: string;
  readonly def:
    | { readonly kind: 'subtype'; readonly base: TypeRef }
    | { readonly kind: 'union'; readonly members: readonly TypeRef[] }
    | { readonly kind: 'record'; readonly fields: readonly Column[] };
}
export interface FunctorDecl extends Node {
  readonly kind: 'functor';
  readonly name: string;
  readonly params: readonly Column[];
  readonly result: TypeRef;
  readonly stateful: boolean;
}
export type IoKind = 'input' | 'output' | 'printsize';
export interface IoParam extends Node {
  readonly key: string;
  readonly value: string | number | boolean;
}
export interface IoDirective extends Node {
  readonly kind: 'io';
  readonly io: IoKind;
  readonly rels: readonly string[];
  readonly params: readonly IoParam[];
}
export interface Include extends Node {
  readonly kind: 'include';
  readonly path: string;
}
/** A ground fact `edge(1, 2).` (a rule without body). */
export interface Fact extends Node {
  readonly kind: 'fact';
  readonly head: Atom;
}
export interface Rule extends Node {
  readonly kind: 'rule';
  readonly heads: readonly Atom[];
  readonly body: Disjunction;
}
/** `?- atom.` a query (REPL, or in a file: printed after evaluation). */
export interface Query extends Node {
  readonly kind: 'query';
  readonly body: Disjunction;
}
export type Item = RelDecl | TypeDecl | FunctorDecl | IoDirective | Include | Fact | Rule | Query;

export interface Source {
  readonly file: string;
  readonly items: readonly Item[];
}
