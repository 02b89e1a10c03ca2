/**
 * Semantic actions: Ohm concrete syntax tree (grammar/datalog.ohm) → AST (ast.ts).
 *
 * One Ohm operation per result type (`items`, `item`, `term`, `lit`, ...), each with an
 * `ActionDict` typed by its result (actions-items.ts, actions-terms.ts) and read through typed
 * accessors (actions-context.ts), so every action is type-checked. Rules with a single child
 * that need no action (e.g. `Item = Directive`) pass the operation through to their child
 * (Ohm's default). Diagnostics found while building the tree (bad escapes, preprocessor lines,
 * unsupported directives, aggregate targets; literals out of range are checked by parse.ts)
 * are collected in the `ParseContext`.
 */
import type * as ohm from 'ohm-js';
import type * as A from './ast.js';
import { item, withContext, type ParseContext } from './actions-context.js';
import { colActions, ioParamActions, ioValueActions, itemActions, tspecActions } from './actions-items.js';
import { aggBodyActions, argsActions, atomActions, callActions, conjActions, disjActions, litActions, termActions } from './actions-terms.js';

export type { ParseContext } from './actions-context.js';

const programActions: ohm.ActionDict<A.Item[]> = {
  Program(items) {
    return items.children.map(item).filter((i): i is A.Item => i !== null);
  },
};

/**
 * Creates the semantics of `grammar` (once per grammar). Use with `buildItems`.
 *
 * @example
 * const sem = makeSemantics(datalogGrammar())
 */
export function makeSemantics(grammar: ohm.Grammar): ohm.Semantics {
  return grammar
    .createSemantics()
    .addOperation('items', programActions)
    .addOperation('item', itemActions)
    .addOperation('col', colActions)
    .addOperation('tspec', tspecActions)
    .addOperation('ioParam', ioParamActions)
    .addOperation('ioValue', ioValueActions)
    .addOperation('disj', disjActions)
    .addOperation('conj', conjActions)
    .addOperation('lit', litActions)
    .addOperation('atom', atomActions)
    .addOperation('call', callActions)
    .addOperation('args', argsActions)
    .addOperation('aggBody', aggBodyActions)
    .addOperation('term', termActions);
}

/**
 * Runs the semantics on a successful match of `Program`, collecting diagnostics into `c`.
 *
 * @example
 * buildItems(sem, grammar.match(text), context) // Item[]
 */
export function buildItems(sem: ohm.Semantics, match: ohm.MatchResult, c: ParseContext): A.Item[] {
  return withContext(c, () => sem(match)['items']() as A.Item[]);
}
