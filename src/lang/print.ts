/**
 * AST → canonical text. The output parses back to the same AST (modulo spans):
 *
 *     parseSource(f, printSource(s)) = s   (ignoring spans)
 *
 * Canonical form: one item per line; `, ` between arguments and literals; ` ; ` between
 * alternatives; binary operators spaced; parentheses only where precedence or associativity
 * needs them (Soufflé precedence, see grammar/datalog.ohm), and around negative number
 * literals used as operands (`x - (-1)`), so `-` never merges with a neighbour.
 */
import type * as A from './ast.js';
import { encodeString } from './strings.js';
import { ATOMIC_PREC, binPrec, UNARY_PREC } from './ops.js';

const UNARY = UNARY_PREC;
const ATOMIC = ATOMIC_PREC;

function prec(t: A.Term): number {
  if (t.kind === 'binop') return binPrec[t.op];
  if (t.kind === 'unop') return UNARY;
  if (t.kind === 'num' && t.value < 0) return UNARY;
  return ATOMIC;
}

function wrap(t: A.Term, min: number): string {
  const s = printTerm(t);
  return prec(t) < min || (t.kind === 'num' && t.value < 0) ? `(${s})` : s;
}

function printNum(n: A.NumLit): string {
  const neg = n.value < 0;
  const mag = Math.abs(n.value);
  const digits = n.radix === 16 ? '0x' + mag.toString(16) : n.radix === 2 ? '0b' + mag.toString(2) : String(mag);
  return (neg ? '-' : '') + digits + (n.unsigned ? 'u' : '');
}

// An aggregate's target is bare only when it is a simple operand; anything else (a call such
// as `sum(x)`, an operator, another aggregate) is parenthesised so it cannot swallow the `:`.
function printTarget(t: A.Term): string {
  const simple = t.kind === 'var' || t.kind === 'anon' || t.kind === 'str' || t.kind === 'nil' || (t.kind === 'num' && t.value >= 0);
  return simple ? printTerm(t) : `(${printTerm(t)})`;
}

const args = (ts: readonly A.Term[]): string => ts.map(printTerm).join(', ');

/**
 * Prints a term.
 *
 * @example
 * printTerm(parsed('x + 1 * y')) // 'x + 1 * y'
 */
export function printTerm(t: A.Term): string {
  switch (t.kind) {
    case 'var':
      return t.name;
    case 'anon':
      return '_';
    case 'num':
      return printNum(t);
    case 'str':
      return encodeString(t.value);
    case 'nil':
      return 'nil';
    case 'binop': {
      const p = binPrec[t.op];
      // `^` is right-associative, everything else left-associative.
      const [lp, rp] = t.op === '^' ? [p + 1, UNARY] : [p, p + 1];
      return `${wrap(t.left, lp)} ${t.op} ${wrap(t.right, rp)}`;
    }
    case 'unop':
      return `${t.op === '-' ? '-' : t.op + ' '}${wrap(t.arg, UNARY)}`;
    case 'call':
      return `${t.at ? '@' : ''}${t.name}(${args(t.args)})`;
    case 'record':
      return `[${args(t.args)}]`;
    case 'aggregate': {
      const target = t.target ? ` ${printTarget(t.target)}` : '';
      const body = t.bare && t.body.length === 1 && t.body[0]?.kind === 'atom' ? printAtom(t.body[0]) : `{ ${t.body.map(printLiteral).join(', ')} }`;
      return `${t.fn}${target} : ${body}`;
    }
  }
}

/**
 * Prints an atom.
 *
 * @example
 * printAtom(parsedAtom('edge(x, 1)')) // 'edge(x, 1)'
 */
export function printAtom(a: A.Atom): string {
  return `${a.rel}(${args(a.args)})`;
}

function printDisj(d: A.Disjunction): string {
  return d.alts.map((c) => c.map(printLiteral).join(', ')).join(' ; ');
}

/**
 * Prints a body literal.
 *
 * @example
 * printLiteral(parsedLiteral('!b(x)')) // '!b(x)'
 */
export function printLiteral(l: A.Literal): string {
  switch (l.kind) {
    case 'atom':
      return printAtom(l);
    case 'neg':
      return `!${printAtom(l.atom)}`;
    case 'cmp':
      return `${printTerm(l.left)} ${l.op} ${printTerm(l.right)}`;
    case 'gen':
      return `${l.target.name} in ${printTerm(l.call)}`;
    case 'bool':
      return l.value ? 'true' : 'false';
    case 'group':
      return `(${printDisj(l.body)})`;
  }
}

function printColumn(c: A.Column): string {
  const type = c.lattice ? `<${c.type.name}>` : c.type.name;
  return c.name === '' ? type : `${c.name}: ${type}`;
}

function printIoValue(v: A.IoParam['value']): string {
  return typeof v === 'string' ? encodeString(v) : String(v);
}

/**
 * Prints an item (one line, no trailing newline).
 *
 * @example
 * printItem(parsedItem('.decl e(x:number,y:number)')) // '.decl e(x: number, y: number)'
 */
export function printItem(i: A.Item): string {
  switch (i.kind) {
    case 'decl': {
      const q = i.qualifiers.map((x) => ' ' + x).join('');
      return `.decl ${i.names.join(', ')}(${i.columns.map(printColumn).join(', ')})${q}`;
    }
    case 'type': {
      const d = i.def;
      const def =
        d.kind === 'subtype'
          ? `<: ${d.base.name}`
          : d.kind === 'union'
            ? `= ${d.members.map((m) => m.name).join(' | ')}`
            : `= [${d.fields.map(printColumn).join(', ')}]`;
      return `.type ${i.name} ${def}`;
    }
    case 'functor':
      return `.functor ${i.name}(${i.params.map(printColumn).join(', ')}): ${i.result.name}${i.stateful ? ' stateful' : ''}`;
    case 'io': {
      const p = i.params.length > 0 ? `(${i.params.map((x) => `${x.key}=${printIoValue(x.value)}`).join(', ')})` : '';
      return `.${i.io} ${i.rels.join(', ')}${p}`;
    }
    case 'include':
      return `.include ${encodeString(i.path)}`;
    case 'fact':
      return `${printAtom(i.head)}.`;
    case 'rule':
      return `${i.heads.map(printAtom).join(', ')} :- ${printDisj(i.body)}.`;
    case 'query':
      return `?- ${printDisj(i.body)}.`;
  }
}

/**
 * Prints a whole source, one item per line.
 *
 * @example
 * printSource({ file: 'a.dl', items }) // '.decl e(x: number)\ne(1).\n'
 */
export function printSource(s: A.Source): string {
  return s.items.map((i) => printItem(i) + '\n').join('');
}
