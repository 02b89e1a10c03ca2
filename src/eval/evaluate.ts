/**
 * The evaluator's entry point: Plan + facts → Database at its fixpoint.
 */
import type { Plan } from '../plan/plan.js';
import { Database, type FactInput, type Row } from './database.js';

/** Options of `evaluate`. */
export interface EvalOptions {
  /** Measure time per rule version (see `Database.stats()`). */
  readonly stats?: boolean;
}

/**
 * Evaluates `plan` over the input facts (plus the program's own facts) to the fixpoint.
 *
 * @example
 * const db = evaluate(plan(checked, registry), { e: [[1, 2], [2, 3]] });
 * db.relation('tc')!.size // 3
 */
export function evaluate(plan: Plan, input: FactInput, options: EvalOptions = {}): Database {
  const db = new Database(plan, options.stats ?? false);
  const entries: Iterable<readonly [string, Iterable<Row>]> = input instanceof Map ? input.entries() : Object.entries(input);
  for (const [rel, rows] of entries) db.insertFacts(rel, rows);
  db.run();
  return db;
}
