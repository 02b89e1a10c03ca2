/**
 * Semantic actions for bodies and terms. Binary operator chains are grouped by precedence
 * climbing (ops.ts); `- <number>` is folded into a negative number literal, so that `-1` is
 * the literal -1 (as the printer writes it); aggregates check their target (E008).
 */
import type * as ohm from 'ohm-js';
import type * as A from './ast.js';
import { error } from '../base/diagnostic.js';
import { climb, type Operand } from './ops.js';
import { aggBody, atom, call, conj, cur, disj, lit, makeCall, numberLit, opt, sp, stringValue, term, termList, type AggBody } from './actions-context.js';

/** Actions of the `disj` operation. */
export const disjActions: ohm.ActionDict<A.Disjunction> = {
  Disj(first, _semis, rest) {
    return { span: sp(this), alts: [first, ...rest.children].map(conj) };
  },
};

/** Actions of the `conj` operation. */
export const conjActions: ohm.ActionDict<A.Literal[]> = {
  Conj(first, _commas, rest) {
    return [first, ...rest.children].map(lit);
  },
};

/** Actions of the `lit` operation. */
export const litActions: ohm.ActionDict<A.Literal> = {
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

/** Actions of the `atom` operation. */
export const atomActions: ohm.ActionDict<A.Atom> = {
  Atom(rel, _l, args, _r) {
    return { kind: 'atom', span: sp(this), rel: rel.sourceString, args: termList(args) };
  },
};

/** Actions of the `args` operation. */
export const argsActions: ohm.ActionDict<A.Term[]> = {
  Args(list) {
    const l = opt(list);
    return l ? termList(l) : [];
  },
  ArgList(first, _commas, rest) {
    return [first, ...rest.children].map(term);
  },
};

/** Actions of the `call` operation. */
export const callActions: ohm.ActionDict<A.Call> = {
  AtCall(_at, name, _l, args, _r) {
    return makeCall(this, name, args, true);
  },
};

/** Actions of the `aggBody` operation. */
export const aggBodyActions: ohm.ActionDict<AggBody> = {
  AggBody_braced(_l, body, _r) {
    return { body: conj(body), bare: false };
  },
  AggBody_bare(a) {
    return { body: [atom(a)], bare: true };
  },
};

/** Actions of the `term` operation. */
export const termActions: ohm.ActionDict<A.Term> = {
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
