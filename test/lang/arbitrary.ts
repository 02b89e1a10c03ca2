/**
 * fast-check arbitraries for rule-language ASTs, covering every node kind of src/lang/ast.ts.
 * Generated trees are the ones the parser can produce: e.g. no `-` applied to a signed
 * non-negative literal (the parser folds `-5` into the literal -5), no `bare` aggregate whose
 * body is not a single atom, generator calls always written with `@`.
 */
import fc from 'fast-check';
import type * as A from '../../src/lang/ast.js';
import { noSpan } from '../../src/base/span.js';

const span = noSpan;

/** Words that cannot be variable or plain-call names. */
export const reserved = new Set([
  'nil', 'true', 'false', 'band', 'bor', 'bxor', 'bshl', 'bshr', 'bshru', 'bnot', 'land', 'lor', 'lxor', 'lnot',
  'count', 'sum', 'min', 'max', 'mean', 'join', 'meet', 'in', '_',
]);

const identRaw = fc
  .tuple(fc.constantFrom(...'abcxyzXYZ_?'), fc.array(fc.constantFrom(...'abz019_?'), { maxLength: 4 }))
  .map(([h, t]) => h + t.join(''));
/** Any identifier (relation names, type names, keys); includes keywords such as `count`. */
export const ident = fc.oneof({ weight: 5, arbitrary: identRaw }, { weight: 1, arbitrary: fc.constantFrom('count', 'min', 'join', 'brie', 'stateful', 'nil', 'sum') }).filter((s) => s !== '_');
/** Variable names (no keywords). */
export const varName = identRaw.filter((s) => !reserved.has(s));

const str = fc.oneof(fc.string(), fc.string({ unit: 'binary-ascii' }), fc.string({ unit: 'binary', maxLength: 5 }));

const num: fc.Arbitrary<A.NumLit> = fc.oneof(
  fc.integer({ min: -0x80000000, max: 0x7fffffff }).map((value): A.NumLit => ({ kind: 'num', span, value, radix: 10, unsigned: false })),
  fc
    .tuple(fc.integer({ min: -0x80000000, max: 0xffffffff }), fc.constantFrom<16 | 2>(16, 2))
    .map(([value, radix]): A.NumLit => ({ kind: 'num', span, value, radix, unsigned: false })),
  fc
    .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom<10 | 16 | 2>(10, 16, 2))
    .map(([value, radix]): A.NumLit => ({ kind: 'num', span, value, radix, unsigned: true })),
);

const binOps: A.BinOpName[] = ['+', '-', '*', '/', '%', '^', 'band', 'bor', 'bxor', 'bshl', 'bshr', 'bshru', 'land', 'lor', 'lxor'];
const unOps: A.UnOpName[] = ['-', 'bnot', 'lnot'];
const cmpOps: A.CmpOp[] = ['=', '!=', '<', '<=', '>', '>='];
const aggFns: A.AggregateFn[] = ['count', 'sum', 'min', 'max', 'mean', 'join', 'meet'];
const plainCallNames = ['cat', 'strlen', 'substr', 'ord', 'to_number', 'to_string', 'abs', 'foo'];

interface Rec {
  term: A.Term;
  literal: A.Literal;
  atom: A.Atom;
  disj: A.Disjunction;
}

const tie = fc.letrec<Rec>((t) => {
  const term = t('term') as fc.Arbitrary<A.Term>;
  const literal = t('literal') as fc.Arbitrary<A.Literal>;
  const atom = t('atom') as fc.Arbitrary<A.Atom>;
  const disj = t('disj') as fc.Arbitrary<A.Disjunction>;
  const terms = fc.array(term, { maxLength: 3 });
  const conj = fc.array(literal, { minLength: 1, maxLength: 3 });
  const call = (at: boolean): fc.Arbitrary<A.Call> =>
    fc
      .tuple(at ? ident : fc.constantFrom(...plainCallNames), terms)
      .map(([name, args]): A.Call => ({ kind: 'call', span, name, at, args }));
  const aggregate: fc.Arbitrary<A.Aggregate> = fc
    .tuple(fc.constantFrom(...aggFns), term, conj, fc.boolean())
    .map(([fn, target, body, bare]): A.Aggregate => {
      const isBare = bare && body.length === 1 && body[0]?.kind === 'atom';
      return fn === 'count' ? { kind: 'aggregate', span, fn, body, bare: isBare } : { kind: 'aggregate', span, fn, target, body, bare: isBare };
    });
  return {
    term: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      varName.map((name): A.Term => ({ kind: 'var', span, name })),
      fc.constant<A.Term>({ kind: 'anon', span }),
      num,
      str.map((value): A.Term => ({ kind: 'str', span, value })),
      fc.constant<A.Term>({ kind: 'nil', span }),
      fc.tuple(fc.constantFrom(...binOps), term, term).map(([op, left, right]): A.Term => ({ kind: 'binop', span, op, left, right })),
      fc
        .tuple(fc.constantFrom(...unOps), term)
        .filter(([op, arg]) => !(op === '-' && arg.kind === 'num' && !arg.unsigned && arg.value >= 0))
        .map(([op, arg]): A.Term => ({ kind: 'unop', span, op, arg })),
      call(true),
      call(false),
      terms.map((args): A.Term => ({ kind: 'record', span, args })),
      aggregate,
    ),
    atom: fc.tuple(ident, terms).map(([rel, args]): A.Atom => ({ kind: 'atom', span, rel, args })),
    disj: fc.array(conj, { minLength: 1, maxLength: 3 }).map((alts): A.Disjunction => ({ span, alts })),
    literal: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      atom,
      atom.map((a): A.Literal => ({ kind: 'neg', span, atom: a })),
      fc.tuple(fc.constantFrom(...cmpOps), term, term).map(([op, left, right]): A.Literal => ({ kind: 'cmp', span, op, left, right })),
      fc.tuple(varName, call(true)).map(([name, c]): A.Literal => ({ kind: 'gen', span, target: { kind: 'var', span, name }, call: c })),
      fc.boolean().map((value): A.Literal => ({ kind: 'bool', span, value })),
      disj.map((body): A.Literal => ({ kind: 'group', span, body })),
    ),
  };
});

/** Terms of every kind. */
export const arbTerm = tie.term;
/** Body literals of every kind. */
export const arbLiteral = tie.literal;

const typeRef = ident.map((name): A.TypeRef => ({ span, name }));
const column = (named: boolean): fc.Arbitrary<A.Column> =>
  fc
    .tuple(named ? ident : fc.oneof(ident, fc.constant('')), typeRef, fc.boolean())
    .map(([name, type, lattice]): A.Column => ({ span, name, type, lattice }));
const qualifiers = ['inflationary', 'brie', 'btree', 'btree_delete', 'eqrel', 'inline', 'no_inline', 'magic', 'no_magic', 'override', 'input', 'output', 'printsize'];
const ioValue = fc.oneof(str, fc.integer({ min: -1000, max: 1 << 30 }), fc.boolean());

/** Items of every kind. */
export const arbItem: fc.Arbitrary<A.Item> = fc.oneof(
  fc
    .tuple(fc.array(ident, { minLength: 1, maxLength: 3 }), fc.array(column(true), { maxLength: 4 }), fc.array(fc.constantFrom(...qualifiers), { maxLength: 2 }))
    .map(([names, columns, q]): A.Item => ({ kind: 'decl', span, names, columns, qualifiers: q })),
  fc.tuple(ident, typeRef).map(([name, base]): A.Item => ({ kind: 'type', span, name, def: { kind: 'subtype', base } })),
  fc
    .tuple(ident, fc.array(typeRef, { minLength: 1, maxLength: 3 }))
    .map(([name, members]): A.Item => ({ kind: 'type', span, name, def: { kind: 'union', members } })),
  fc
    .tuple(ident, fc.array(column(true), { maxLength: 3 }))
    .map(([name, fields]): A.Item => ({ kind: 'type', span, name, def: { kind: 'record', fields } })),
  fc
    .tuple(ident, fc.array(column(false), { maxLength: 3 }), typeRef, fc.boolean())
    .map(([name, params, result, stateful]): A.Item => ({ kind: 'functor', span, name, params, result, stateful })),
  fc
    .tuple(fc.constantFrom<A.IoKind>('input', 'output', 'printsize'), fc.array(ident, { minLength: 1, maxLength: 3 }), fc.array(fc.tuple(ident, ioValue), { maxLength: 3 }))
    .map(([io, rels, ps]): A.Item => ({ kind: 'io', span, io, rels, params: ps.map(([key, value]) => ({ span, key, value })) })),
  str.map((path): A.Item => ({ kind: 'include', span, path })),
  tie.atom.map((head): A.Item => ({ kind: 'fact', span, head })),
  fc.tuple(fc.array(tie.atom, { minLength: 1, maxLength: 2 }), tie.disj).map(([heads, body]): A.Item => ({ kind: 'rule', span, heads, body })),
  tie.disj.map((body): A.Item => ({ kind: 'query', span, body })),
);

/** Whole sources. */
export const arbSource: fc.Arbitrary<A.Source> = fc.array(arbItem, { maxLength: 6 }).map((items): A.Source => ({ file: 'gen.dl', items }));
