/**
 * Semantic actions for items: declarations, directives, clauses (grammar/datalog.ohm → ast.ts).
 */
import type * as ohm from 'ohm-js';
import type * as A from './ast.js';
import { error } from '../base/diagnostic.js';
import { atom, col, cur, disj, ioParam, ioValue, item, list, opt, sp, stringValue, tspec, typeRef, type TypeSpec } from './actions-context.js';

/** Actions of the `item` operation. */
export const itemActions: ohm.ActionDict<A.Item | null> = {
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

/** Actions of the `col` operation. */
export const colActions: ohm.ActionDict<A.Column> = {
  Column(name, _colon, spec) {
    const { type, lattice } = tspec(spec);
    return { span: sp(this), name: name.sourceString, type, lattice };
  },
  Param_anon(spec) {
    const { type, lattice } = tspec(spec);
    return { span: sp(this), name: '', type, lattice };
  },
};

/** Actions of the `tspec` operation. */
export const tspecActions: ohm.ActionDict<TypeSpec> = {
  TypeSpec_lattice(_l, name, _r) {
    return { type: typeRef(name), lattice: true };
  },
  TypeSpec_plain(name) {
    return { type: typeRef(name), lattice: false };
  },
};

/** Actions of the `ioParam` operation. */
export const ioParamActions: ohm.ActionDict<A.IoParam> = {
  IoParam(key, _eq, value) {
    return { span: sp(this), key: key.sourceString, value: ioValue(value) };
  },
};

/** Actions of the `ioValue` operation. */
export const ioValueActions: ohm.ActionDict<A.IoParam['value']> = {
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
