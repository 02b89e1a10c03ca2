/**
 * Test helpers: rule text → CheckedProgram → Plan with the built-in registry.
 */
import * as E from 'fp-ts/lib/Either.js';
import { parseSource } from '../../src/lang/parse.js';
import { check } from '../../src/check/check.js';
import type { CheckedProgram } from '../../src/check/checked.js';
import { plan } from '../../src/plan/planner.js';
import type { Plan, PlanRegistry } from '../../src/plan/plan.js';
import { builtinLattices } from '../../src/eval/lattices/index.js';
import { builtinFunctors } from '../../src/eval/functors.js';

/** The built-in lattices and functors. */
export const registry: PlanRegistry = { lattices: builtinLattices, functors: builtinFunctors };

/** Parses and checks `text` (throws with the diagnostics on error). */
export function checked(text: string, reg: PlanRegistry = registry): CheckedProgram {
  const src = parseSource('test.dl', text);
  if (E.isLeft(src)) throw new Error('parse: ' + JSON.stringify(src.left.map((d) => d.message)));
  const c = check({ sources: new Map([['test.dl', text]]), items: src.right.items }, reg);
  if (E.isLeft(c)) throw new Error('check: ' + JSON.stringify(c.left.map((d) => d.message)));
  return c.right;
}

/** Parses, checks and plans `text`. */
export function planOf(text: string, reg: PlanRegistry = registry): Plan {
  return plan(checked(text, reg), reg);
}

/** Sorted string form of rows, for comparisons. */
export function rowSet(rows: Iterable<readonly unknown[]>): string[] {
  return [...rows].map((r) => JSON.stringify(r.map((x) => (typeof x === 'object' && x !== null && !Array.isArray(x) ? String(x) : x)))).sort();
}
