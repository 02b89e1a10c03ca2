/**
 * Ground terms (the arguments of facts written in rule files) compiled to their encoding,
 * with the same term compiler as the rules (gen.ts `Gen`, terms-js.ts).
 */
import type { ColumnType } from '../check/checked.js';
import type { Term } from '../lang/ast.js';
import type { PlanRegistry } from '../plan/plan.js';
import type { RuntimeHelpers } from './compile.js';
import { Gen } from './gen.js';
import { carrierOfType, termJs } from './terms-js.js';

/**
 * Compiles a ground term (a fact argument) of column type `t` to a thunk giving its encoding.
 *
 * @example
 * compileConstTerm(num(3), numberType, registry, rt, sym)() // 3
 */
export function compileConstTerm(
  term: Term, t: ColumnType, registry: PlanRegistry, rt: RuntimeHelpers, symbol: (s: string) => number,
): () => unknown {
  const g = new Gen(new Map(), new Map(), registry, symbol);
  const fn = new Function('rt', 'K', `"use strict"; return ${termJs(term, g, carrierOfType(t))};`) as (rt: RuntimeHelpers, K: unknown[]) => unknown;
  return () => fn(rt, g.consts);
}
