/**
 * Shared plumbing of the semantic actions (actions-items.ts, actions-terms.ts): the parse
 * context of the current match, spans, and one typed accessor per Ohm operation
 * (`term(n): Term`, ...) so that every action is type-checked against its result type.
 */
import type * as ohm from 'ohm-js';
import type * as A from './ast.js';
import { error, type Diagnostic } from '../base/diagnostic.js';
import type { Spanner } from './spanner.js';
import { decodeString } from './strings.js';

/** What the actions need to know about the input being parsed. */
export interface ParseContext {
  /** Spans of [start, end) offsets of the matched input (which may be a chunk of the file). */
  readonly span: Spanner;
  readonly diags: Diagnostic[];
  /** Every number literal of the tree (after folding), range-checked after the walk. */
  readonly nums: Set<A.NumLit>;
}

/** An Ohm CST node (wrapped by the semantics). */
export type Node = ohm.Node;
type Column = A.Column;
/** A column type as written: `T` or `<T>`. */
export interface TypeSpec {
  readonly type: A.TypeRef;
  readonly lattice: boolean;
}
/** An aggregate body and whether it was written without braces. */
export interface AggBody {
  readonly body: readonly A.Literal[];
  readonly bare: boolean;
}

let ctx: ParseContext | undefined;

/**
 * Runs `f` with `c` as the context of the actions (restored afterwards).
 *
 * @example
 * withContext(c, () => sem(match)['items']())
 */
export function withContext<T>(c: ParseContext, f: () => T): T {
  const saved = ctx;
  ctx = c;
  try {
    return f();
  } finally {
    ctx = saved;
  }
}

/** The context of the running parse (actions only run inside `withContext`). */
export function cur(): ParseContext {
  if (!ctx) throw new Error('bpfdl: semantic action outside a parse');
  return ctx;
}

/** The span of a node. */
export const sp = (n: Node): A.Node['span'] => cur().span(n.source.startIdx, n.source.endIdx);
/** The elements of a `ListOf`/`NonemptyListOf` node. */
export const list = (n: Node): Node[] => n.asIteration().children;
/** The child of an optional (`x?`) node, if present. */
export const opt = (n: Node): Node | undefined => n.children[0];

// Typed accessors, one per operation: each returns what that operation's actions produce.
export const item = (n: Node): A.Item | null => n['item']() as A.Item | null;
export const term = (n: Node): A.Term => n['term']() as A.Term;
export const lit = (n: Node): A.Literal => n['lit']() as A.Literal;
export const conj = (n: Node): A.Literal[] => n['conj']() as A.Literal[];
export const disj = (n: Node): A.Disjunction => n['disj']() as A.Disjunction;
export const atom = (n: Node): A.Atom => n['atom']() as A.Atom;
export const call = (n: Node): A.Call => n['call']() as A.Call;
export const col = (n: Node): Column => n['col']() as Column;
export const tspec = (n: Node): TypeSpec => n['tspec']() as TypeSpec;
export const termList = (n: Node): A.Term[] => n['args']() as A.Term[];
export const aggBody = (n: Node): AggBody => n['aggBody']() as AggBody;
export const ioParam = (n: Node): A.IoParam => n['ioParam']() as A.IoParam;
export const ioValue = (n: Node): A.IoParam['value'] => n['ioValue']() as A.IoParam['value'];

/** A type name node as a TypeRef. */
export const typeRef = (n: Node): A.TypeRef => ({ span: sp(n), name: n.sourceString });

/** A `number` token as a literal (registered in the context for the range check). */
export function numberLit(n: Node): A.NumLit {
  const text = n.sourceString;
  const unsigned = text.endsWith('u');
  const body = unsigned ? text.slice(0, -1) : text;
  const radix: 10 | 16 | 2 = body.startsWith('0x') ? 16 : body.startsWith('0b') ? 2 : 10;
  const digits = radix === 10 ? body : body.slice(2);
  const value = digits.length > 64 ? Infinity : parseInt(digits, radix);
  const lit: A.NumLit = { kind: 'num', span: sp(n), value, radix, unsigned };
  cur().nums.add(lit);
  return lit;
}

/** The value of a `string` token; bad escapes become E006 diagnostics. */
export function stringValue(n: Node): string {
  const { value, bad } = decodeString(n.sourceString);
  const c = cur();
  for (const b of bad) {
    const start = n.source.startIdx + b.offset;
    c.diags.push(error('E006', `unknown escape '${b.text}' in string literal (use \\\\ \\" \\n \\t \\r \\0 or \\xHH)`, c.span(start, start + b.length)));
  }
  return value;
}

/** A functor application node (`@name(args)` when `at`, else `name(args)`) as a Call. */
export function makeCall(self: Node, name: Node, args: Node, at: boolean): A.Call {
  return { kind: 'call', span: sp(self), name: name.sourceString, at, args: termList(args) };
}
