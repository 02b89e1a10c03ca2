/**
 * The lattice interface shared by the checker (which only needs names and carrier types) and
 * the evaluator (which joins values). A lattice-valued relation keeps, per key, one value of
 * `T`; a derived value `v` is joined into the stored one `s` and counts as new only when
 * `!equals(join(s, v), s)`.
 *
 * Laws (property-tested for every built-in): join is associative, commutative and idempotent;
 * `join(bottom, x) = x`; `leq(x, y) <=> equals(join(x, y), y)`.
 */

/** A join-semilattice over values of `T`. */
export interface Lattice<T> {
  /** Name used in rule files: `.decl r(k: number, v: <name>)`. */
  readonly name: string;
  readonly bottom: T;
  join(a: T, b: T): T;
  leq(a: T, b: T): boolean;
  /** Greatest lower bound, when the lattice has one (used by `meet` aggregates). Optional. */
  meet?(a: T, b: T): T;
  equals(a: T, b: T): boolean;
  /** Text for printing and output files. */
  show(v: T): string;
  /** Parses the text `show` produced (for input facts); returns undefined when malformed. */
  parse(text: string): T | undefined;
  /**
   * Set by the built-in 128-bit mask lattices: values are objects with int32 fields
   * `w0..w3`, joined by bitwise or (`'or128'`) or and (`'and128'`). Relations then store
   * them unboxed, four int32 words per row, and the generated code joins them in place.
   */
  readonly unboxed?: 'or128' | 'and128';
}

/**
 * A lattice given by its join and equality, with the order the laws define:
 * `leq(x, y) = equals(join(x, y), y)`.
 *
 * @example
 * const l = joinLattice({ name: 'max', bottom: 0, join: Math.max, equals: (a, b) => a === b, show: String, parse: Number });
 * l.leq(1, 2) // true
 */
export function joinLattice<T>(spec: Omit<Lattice<T>, 'leq'>): Lattice<T> {
  return { ...spec, leq: (a, b) => spec.equals(spec.join(a, b), b) };
}

/** Column carrier kinds as the evaluator stores them. */
export type Carrier = 'number' | 'unsigned' | 'float' | 'symbol' | 'record';

/**
 * A pure function over column values, registered from TypeScript. Arguments arrive as JS
 * values: `number` for number/unsigned/float columns, `string` for symbols, the lattice's `T`
 * for lattice types, and arrays for records.
 */
export interface FunctorSpec {
  readonly name: string;
  /** Type names of the parameters (`number`, `symbol`, a lattice name, ...). */
  readonly params: readonly string[];
  readonly result: string;
  /** A generator yields zero or more results (`X in @name(...)`); a plain functor yields one. */
  readonly generator?: boolean;
  readonly fn: (...args: never[]) => unknown;
}
