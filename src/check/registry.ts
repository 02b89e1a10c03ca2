/**
 * The registry the checker resolves lattice and functor names against. Built-in lattices
 * (`mask`, `mask_meet`, `max`, `min`, `iset`, `bool`) and functors (`mask_union`, ...) are
 * implemented in eval/; users add their own from TypeScript. The checker only reads names,
 * parameter types and result types; it never calls `fn` or the lattice operations.
 */
import type { FunctorSpec, Lattice } from '../base/lattice.js';

/** Lattices and functors known to a program, by name. */
export interface Registry {
  readonly lattices: ReadonlyMap<string, Lattice<unknown>>;
  readonly functors: ReadonlyMap<string, FunctorSpec>;
}

/**
 * A registry with nothing in it (programs without lattices or `@` functors).
 *
 * @example
 * check({ sources, items }, emptyRegistry)
 */
export const emptyRegistry: Registry = { lattices: new Map(), functors: new Map() };
