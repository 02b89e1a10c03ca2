/**
 * Semantic actions: Ohm concrete syntax tree (grammar/datalog.ohm) → AST (ast.ts).
 *
 * One Ohm operation per result type (`item`, `term`, `lit`, ...), each with an `ActionDict`
 * typed by its result, and one typed accessor per operation (`term(n): Term`, ...), so every
 * action is type-checked. Rules with a single child that need no action (e.g. `Expr = LOr`)
 * pass the operation through to their child (Ohm's default).
 *
 * Actions read the current file through `ParseContext` (file name, span builder, and a list
 * collecting diagnostics found while building the tree: bad escapes, preprocessor lines,
 * unsupported directives, literals out of range). Folding: `- <number>` becomes a negative
 * number literal, so that `-1` is the literal -1 (as the printer writes it).
 */
import type * as ohm from 'ohm-js';
import type * as A from './ast.js';
import { error, type Diagnostic } from '../base/diagnostic.js';
import type { Spanner } from './spanner.js';
import { decodeString } from './strings.js';
import { climb, type Operand } from './ops.js';

/** What the actions need to know about the file being parsed. */
export interface ParseContext {
  /** Spans of [start, end) offsets of the matched input (which may be a chunk of the file). */
  readonly span: Spanner;
  readonly diags: Diagnostic[];
  /** Every number literal of the tree (after folding), range-checked after the walk. */
  readonly nums: Set<A.NumLit>;
}

type Node = ohm.Node;
type Column = A.Column;
interface TypeSpec {
  readonly type: A.TypeRef;
  readonly lattice: boolean;
}
interface AggBody {
  readonly body: readonly A.Literal[];
  readonly bare: boolean;
}

let ctx: ParseContext | undefined;

function cur(): ParseContext {
  if (!ctx) throw new Error('bpfdl: semantic action outside a parse');
  return ctx;
}

const sp = (n: Node): A.Node['span'] => cur().span(n.source.startIdx, n.source.endIdx);
const list = (n: Node): Node[] => n.asIteration().children;
const opt = (n: Node): Node | undefined => n.children[0];

// Typed accessors, one per operation.
const item = (n: Node): A.Item | null => n['item']() as A.Item | null;
const term = (n: Node): A.Term => n['term']() as A.Term;
const lit = (n: Node): A.Literal => n['lit']() as A.Literal;
const conj = (n: Node): A.Literal[] => n['conj']() as A.Literal[];
const disj = (n: Node): A.Disjunction => n['disj']() as A.Disjunction;
const atom = (n: Node): A.Atom => n['atom']() as A.Atom;
const call = (n: Node): A.Call => n['call']() as A.Call;
const col = (n: Node): Column => n['col']() as Column;
const tspec = (n: Node): TypeSpec => n['tspec']() as TypeSpec;
const termList = (n: Node): A.Term[] => n['args']() as A.Term[];
const aggBody = (n: Node): AggBody => n['aggBody']() as AggBody;
const ioParam = (n: Node): A.IoParam => n['ioParam']() as A.IoParam;
const ioValue = (n: Node): A.IoParam['value'] => n['ioValue']() as A.IoParam['value'];

const typeRef = (n: Node): A.TypeRef => ({ span: sp(n), name: n.sourceString });

function numberLit(n: Node): A.NumLit {
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

function stringValue(n: Node): string {
  const { value, bad } = decodeString(n.sourceString);
  const c = cur();
  for (const b of bad) {
    const start = n.source.startIdx + b.offset;
    c.diags.push(error('E006', `unknown escape '${b.text}' in string literal (use \\\\ \\" \\n \\t \\r \\0 or \\xHH)`, c.span(start, start + b.length)));
  }
  return value;
}

function makeCall(self: Node, name: Node, args: Node, at: boolean): A.Call {
  return { kind: 'call', span: sp(self), name: name.sourceString, at, args: termList(args) };
}

const itemActions: ohm.ActionDict<A.Item | null> = {
  Item_directive(_lookahead, d) {
    return item(d);
  },
  Query(_q, body, _dot) {
    return { kind: 'query', span: sp(this), body: disj(body) };
  },
  Rule(first, _commas, rest, _arrow, body, _dot) {
    return { kind: 'rule', span: sp(this), heads: [first, ...rest.children].map(atom), body: disj(body) };
  },
  Fact(head, _dot) {
    return { kind: 'fact', span: sp(this), head: atom(head) };
  },
  ppLine(_hash, _rest) {
    cur().diags.push(error('E005', `preprocessor lines ('${this.sourceString.trim().split(/\s/)[0] ?? '#'}') are not supported; use .include "file"`, sp(this)));
    return null;
  },
  unsupported(_dot, name, _rest) {
    cur().diags.push(error('E007', `unknown or unsupported directive '.${name.sourceString}'`, cur().span(this.source.startIdx, name.source.endIdx)));
    return null;
  },
  Decl(_kw, names, _l, cols, _r, quals) {
    return {
      kind: 'decl',
      span: sp(this),
      names: list(names).map((n) => n.sourceString),
      columns: list(cols).map(col),
      qualifiers: quals.children.map((q) => q.sourceString),
    };
  },
  TypeDecl_sub(_kw, name, _op, base) {
    return { kind: 'type', span: sp(this), name: name.sourceString, def: { kind: 'subtype', base: typeRef(base) } };
  },
  TypeDecl_rec(_kw, name, _eq, _l, fields, _r) {
    return { kind: 'type', span: sp(this), name: name.sourceString, def: { kind: 'record', fields: list(fields).map(col) } };
  },
  TypeDecl_union(_kw, name, _eq, members) {
    return { kind: 'type', span: sp(this), name: name.sourceString, def: { kind: 'union', members: list(members).map(typeRef) } };
  },
  TypeDecl_old(kw, name) {
    const base: A.TypeRef = { span: sp(kw), name: kw.sourceString === '.number_type' ? 'number' : 'symbol' };
    return { kind: 'type', span: sp(this), name: name.sourceString, def: { kind: 'subtype', base } };
  },
  FunctorDecl(_kw, name, _l, params, _r, _colon, result, stateful) {
    return {
      kind: 'functor',
      span: sp(this),
      name: name.sourceString,
      params: list(params).map(col),
      result: typeRef(result),
      stateful: stateful.numChildren > 0,
    };
  },
  IoDirective(kw, rels, params) {
    const p = opt(params);
    return {
      kind: 'io',
      span: sp(this),
      io: kw.sourceString.slice(1) as A.IoKind,
      rels: list(rels).map((r) => r.sourceString),
      params: p ? list(p.child(1)).map(ioParam) : [],
    };
  },
  Include(_kw, path) {
    return { kind: 'include', span: sp(this), path: stringValue(path) };
  },
};

const colActions: ohm.ActionDict<Column> = {
  Column(name, _colon, spec) {
    const { type, lattice } = tspec(spec);
    return { span: sp(this), name: name.sourceString, type, lattice };
  },
  Param_anon(spec) {
    const { type, lattice } = tspec(spec);
    return { span: sp(this), name: '', type, lattice };
  },
};

const tspecActions: ohm.ActionDict<TypeSpec> = {
  TypeSpec_lattice(_l, name, _r) {
    return { type: typeRef(name), lattice: true };
  },
  TypeSpec_plain(name) {
    return { type: typeRef(name), lattice: false };
  },
};

const ioParamActions: ohm.ActionDict<A.IoParam> = {
  IoParam(key, _eq, value) {
    return { span: sp(this), key: key.sourceString, value: ioValue(value) };
  },
};

const ioValueActions: ohm.ActionDict<A.IoParam['value']> = {
  IoValue_neg(_minus, n) {
    return -Number(n.sourceString.replace(/u$/, ''));
  },
  IoValue_num(n) {
    return Number(n.sourceString.replace(/u$/, ''));
  },
  IoValue_str(s) {
    return stringValue(s);
  },
  IoValue_bool(b) {
    return b.sourceString === 'true';
  },
  IoValue_ident(i) {
    return i.sourceString;
  },
};

const disjActions: ohm.ActionDict<A.Disjunction> = {
  Disj(first, _semis, rest) {
    return { span: sp(this), alts: [first, ...rest.children].map(conj) };
  },
};

const conjActions: ohm.ActionDict<A.Literal[]> = {
  Conj(first, _commas, rest) {
    return [first, ...rest.children].map(lit);
  },
};

const litActions: ohm.ActionDict<A.Literal> = {
  Literal_neg(_bang, a) {
    return { kind: 'neg', span: sp(this), atom: atom(a) };
  },
  Literal_gen(v, _in, c) {
    return { kind: 'gen', span: sp(this), target: { kind: 'var', span: sp(v), name: v.sourceString }, call: call(c) };
  },
  Literal_cmp(l, op, r) {
    return { kind: 'cmp', span: sp(this), op: op.sourceString as A.CmpOp, left: term(l), right: term(r) };
  },
  Literal_atom(a) {
    return atom(a);
  },
  Literal_bool(b) {
    return { kind: 'bool', span: sp(this), value: b.sourceString === 'true' };
  },
  Literal_group(_l, body, _r) {
    return { kind: 'group', span: sp(this), body: disj(body) };
  },
};

const atomActions: ohm.ActionDict<A.Atom> = {
  Atom(rel, _l, args, _r) {
    return { kind: 'atom', span: sp(this), rel: rel.sourceString, args: termList(args) };
  },
};

const argsActions: ohm.ActionDict<A.Term[]> = {
  Args(list) {
    const l = opt(list);
    return l ? termList(l) : [];
  },
  ArgList(first, _commas, rest) {
    return [first, ...rest.children].map(term);
  },
};

const callActions: ohm.ActionDict<A.Call> = {
  AtCall(_at, name, _l, args, _r) {
    return makeCall(this, name, args, true);
  },
};

const aggBodyActions: ohm.ActionDict<AggBody> = {
  AggBody_braced(_l, body, _r) {
    return { body: conj(body), bare: false };
  },
  AggBody_bare(a) {
    return { body: [atom(a)], bare: true };
  },
};

const termActions: ohm.ActionDict<A.Term> = {
  Expr(first, ops, operands) {
    if (ops.numChildren === 0) return term(first);
    const nodes = [first, ...operands.children];
    const items = nodes.map((n) => ({ value: term(n), start: n.source.startIdx, end: n.source.endIdx }));
    const make = (op: A.BinOpName, l: Operand<A.Term>, r: Operand<A.Term>): Operand<A.Term> => ({
      value: { kind: 'binop', span: cur().span(l.start, r.end), op, left: l.value, right: r.value },
      start: l.start,
      end: r.end,
    });
    return climb(items, ops.children.map((o) => o.sourceString as A.BinOpName), make).value;
  },
  Unary(ops, base, _carets, exps) {
    // `base ^ exp` first, then the prefix operators right to left: `- bnot x` = -(bnot x).
    const e = opt(exps);
    let arg: A.Term = e
      ? { kind: 'binop', span: cur().span(base.source.startIdx, this.source.endIdx), op: '^', left: term(base), right: term(e) }
      : term(base);
    const end = this.source.endIdx;
    for (let i = ops.numChildren - 1; i >= 0; i--) {
      const op = ops.child(i);
      const o = op.sourceString as A.UnOpName;
      const span = cur().span(op.source.startIdx, end);
      if (o === '-' && arg.kind === 'num' && !arg.unsigned && arg.value >= 0) {
        const c = cur();
        c.nums.delete(arg);
        const folded: A.NumLit = { ...arg, span, value: arg.value === 0 ? 0 : -arg.value };
        c.nums.add(folded);
        arg = folded;
      } else arg = { kind: 'unop', span, op: o, arg };
    }
    return arg;
  },
  Paren(_l, e, _r) {
    return term(e);
  },
  Record(_l, args, _r) {
    return { kind: 'record', span: sp(this), args: termList(args) };
  },
  nilKw(_n) {
    return { kind: 'nil', span: sp(this) };
  },
  Aggregate(kw, target, _colon, body) {
    const b = aggBody(body);
    const fn = kw.sourceString as A.AggregateFn;
    const t = opt(target);
    if (fn === 'count' && t) cur().diags.push(error('E008', "'count' takes no target: write 'count : { ... }'", sp(t)));
    if (fn !== 'count' && !t) cur().diags.push(error('E008', `'${fn}' needs a target: write '${fn} X : { ... }'`, sp(kw)));
    return t && fn !== 'count'
      ? { kind: 'aggregate', span: sp(this), fn, target: term(t), body: b.body, bare: b.bare }
      : { kind: 'aggregate', span: sp(this), fn, body: b.body, bare: b.bare };
  },
  AtCall(_at, name, _l, args, _r) {
    return makeCall(this, name, args, true);
  },
  PlainCall(name, _l, args, _r) {
    return makeCall(this, name, args, false);
  },
  number(_digits, _body, _u) {
    return numberLit(this);
  },
  string(_open, _chars, _escaped, _close) {
    return { kind: 'str', span: sp(this), value: stringValue(this) };
  },
  anon(_u) {
    return { kind: 'anon', span: sp(this) };
  },
  var(name) {
    return { kind: 'var', span: sp(this), name: name.sourceString };
  },
};

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
  const saved = ctx;
  ctx = c;
  try {
    return sem(match)['items']() as A.Item[];
  } finally {
    ctx = saved;
  }
}
