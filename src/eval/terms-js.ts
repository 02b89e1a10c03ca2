/**
 * Terms → JS expression source for the generated join code. Every expression yields an int32
 * encoding (values.ts) or, for lattice-typed terms, a lattice value.
 *
 * Types: a term's carrier comes from the clause's variable types; an integer literal takes the
 * carrier of the other operand (so `x + 1` with `x: float` adds 1.0). Operator semantics are
 * those of arith.ts.
 */
import type { ColumnType } from '../check/checked.js';
import type { Term } from '../lang/ast.js';
import type { PlanRegistry } from '../plan/plan.js';
import { f2i } from './values.js';

/** What a term evaluates to. */
export type Carrier = 'number' | 'unsigned' | 'float' | 'symbol' | 'record' | 'lattice';

/** Code generation context for terms. */
export interface TermEnv {
  readonly varTypes: ReadonlyMap<string, ColumnType>;
  readonly registry: PlanRegistry;
  /** JS identifier of a bound variable. */
  varName(name: string): string;
  /** JS expression reading a bound variable, when it differs from `varName` (unboxed values). */
  varRef?(name: string): string;
  /** Index of a JS constant (lattice, functor, ...) in the generated function's `K` array. */
  constant(v: unknown): number;
  /** Symbol id of a string literal. */
  symbol(s: string): number;
}

/** Carrier of a column type. */
export function carrierOfType(t: ColumnType): Carrier {
  if (t.kind === 'lattice') return 'lattice';
  if (t.kind === 'record') return 'record';
  return t.carrier as Carrier;
}

function carrierOfTypeName(name: string, env: TermEnv): Carrier {
  if (env.registry.lattices.has(name)) return 'lattice';
  if (name === 'symbol' || name === 'unsigned' || name === 'float') return name;
  return 'number';
}

const SYM_RESULT = new Set(['cat', 'substr', 'to_string']);
/** Argument carriers of the conversion intrinsics (a literal argument takes this carrier). */
const CONVERSION_ARG: Readonly<Record<string, Carrier>> = {
  to_float: 'number', itof: 'number', to_unsigned: 'number', itou: 'number', utoi: 'unsigned', to_signed: 'unsigned', ftoi: 'float',
};
const NUM_RESULT = new Set(['strlen', 'ord', 'to_number', 'utoi', 'ftoi', 'to_signed']);

/** The carrier of `t`, or undefined for a literal whose carrier comes from its context. */
export function carrierOf(t: Term, env: TermEnv): Carrier | undefined {
  switch (t.kind) {
    case 'var': {
      const ty = env.varTypes.get(t.name);
      return ty ? carrierOfType(ty) : 'number';
    }
    case 'anon': return undefined;
    case 'num': return t.unsigned ? 'unsigned' : Number.isInteger(t.value) ? undefined : 'float';
    case 'str': return 'symbol';
    case 'nil': case 'record': return 'record';
    case 'binop': {
      if (t.op === 'land' || t.op === 'lor' || t.op === 'lxor') return 'number';
      return carrierOf(t.left, env) ?? carrierOf(t.right, env);
    }
    case 'unop': return t.op === 'lnot' ? 'number' : carrierOf(t.arg, env);
    case 'call': {
      if (t.at) {
        const f = env.registry.functors.get(t.name);
        return f ? carrierOfTypeName(f.result, env) : 'number';
      }
      if (SYM_RESULT.has(t.name)) return 'symbol';
      if (NUM_RESULT.has(t.name)) return 'number';
      if (t.name === 'to_unsigned' || t.name === 'itou') return 'unsigned';
      if (t.name === 'to_float' || t.name === 'itof') return 'float';
      for (const a of t.args) { const c = carrierOf(a, env); if (c) return c; }
      return undefined;
    }
    case 'aggregate': {
      if (t.fn === 'count') return 'number';
      if (t.fn === 'mean') return 'float';
      return t.target ? carrierOf(t.target, env) : 'number';
    }
  }
}

/** The lattice name of a lattice-typed term (a variable or a functor call). */
export function latticeOf(t: Term, env: TermEnv): string | undefined {
  if (t.kind === 'var') {
    const ty = env.varTypes.get(t.name);
    return ty?.kind === 'lattice' ? ty.lattice : undefined;
  }
  if (t.kind === 'call' && t.at) {
    const f = env.registry.functors.get(t.name);
    return f && env.registry.lattices.has(f.result) ? f.result : undefined;
  }
  return undefined;
}

/** JS that turns an encoded value of carrier `c` into the JS value functors receive. */
export function decodeJs(e: string, c: Carrier | undefined, t: Term, env: TermEnv): string {
  switch (c) {
    case 'unsigned': return `((${e}) >>> 0)`;
    case 'float': return `rt.i2f(${e})`;
    case 'symbol': return `rt.str(${e})`;
    case 'record': {
      const ty = t.kind === 'var' ? env.varTypes.get(t.name) : undefined;
      if (!ty) throw new Error('functor arguments of record type must be variables');
      return `rt.decode(K[${env.constant(ty)}], ${e})`;
    }
    default: return e;
  }
}

/** JS that encodes a functor result of type name `typeName`. */
export function encodeJs(e: string, typeName: string, env: TermEnv): string {
  const c = carrierOfTypeName(typeName, env);
  switch (c) {
    case 'lattice': return e;
    case 'symbol': return `rt.sym(${e})`;
    case 'float': return `rt.f2i(${e})`;
    default: return `((${e}) | 0)`;
  }
}

function lit(t: Term & { kind: 'num' }, want: Carrier | undefined): string {
  if (want === 'float') return String(f2i(t.value));
  if (!Number.isInteger(t.value)) return String(f2i(t.value));
  return String(t.value | 0);
}

/** JS for the bound term `t`; `want` is the carrier the context expects (for literals). */
export function termJs(t: Term, env: TermEnv, want?: Carrier): string {
  switch (t.kind) {
    case 'var': return env.varRef ? env.varRef(t.name) : env.varName(t.name);
    case 'num': return lit(t, want);
    case 'str': return String(env.symbol(t.value));
    case 'nil': return '0';
    case 'anon': throw new Error('`_` cannot be evaluated');
    case 'aggregate': throw new Error('aggregates must be top-level in a constraint');
    case 'record': return `rt.rec([${t.args.map((a) => termJs(a, env)).join(', ')}])`;
    case 'unop': {
      const c = carrierOf(t.arg, env) ?? want ?? 'number';
      const a = termJs(t.arg, env, c);
      if (t.op === 'lnot') return `((${a}) === 0 ? 1 : 0)`;
      if (t.op === 'bnot') return `(~(${a}))`;
      return c === 'float' ? `rt.f2i(-rt.i2f(${a}))` : `((-(${a})) | 0)`;
    }
    case 'binop': {
      const c = carrierOf(t, env) ?? want ?? 'number';
      const oc = t.op === 'land' || t.op === 'lor' || t.op === 'lxor' ? (carrierOf(t.left, env) ?? carrierOf(t.right, env) ?? 'number') : c;
      const a = termJs(t.left, env, oc);
      const b = termJs(t.right, env, oc);
      return binopJs(t.op, a, b, c);
    }
    case 'call': return callJs(t, env, want);
  }
}

function binopJs(op: string, a: string, b: string, c: Carrier): string {
  if (c === 'float') {
    const fa = `rt.i2f(${a})`, fb = `rt.i2f(${b})`;
    switch (op) {
      case '+': return `rt.f2i(${fa} + ${fb})`;
      case '-': return `rt.f2i(${fa} - ${fb})`;
      case '*': return `rt.f2i(${fa} * ${fb})`;
      case '/': return `rt.f2i(${fa} / ${fb})`;
      case '%': return `rt.f2i(${fa} % ${fb})`;
      case '^': return `rt.f2i(Math.pow(${fa}, ${fb}))`;
      default: break;
    }
  }
  const u = c === 'unsigned';
  switch (op) {
    case '+': return `((${a}) + (${b}) | 0)`;
    case '-': return `((${a}) - (${b}) | 0)`;
    case '*': return `Math.imul(${a}, ${b})`;
    case '/': return u ? `rt.divU(${a}, ${b})` : `rt.divS(${a}, ${b})`;
    case '%': return u ? `rt.modU(${a}, ${b})` : `rt.modS(${a}, ${b})`;
    case '^': return `rt.powI(${a}, ${b}, ${u})`;
    case 'band': return `((${a}) & (${b}))`;
    case 'bor': return `((${a}) | (${b}))`;
    case 'bxor': return `((${a}) ^ (${b}))`;
    case 'bshl': return `((${a}) << (${b}))`;
    case 'bshr': return u ? `((${a}) >>> (${b}) | 0)` : `((${a}) >> (${b}))`;
    case 'bshru': return `((${a}) >>> (${b}) | 0)`;
    case 'land': return `((${a}) !== 0 && (${b}) !== 0 ? 1 : 0)`;
    case 'lor': return `((${a}) !== 0 || (${b}) !== 0 ? 1 : 0)`;
    case 'lxor': return `(((${a}) !== 0) !== ((${b}) !== 0) ? 1 : 0)`;
    default: throw new Error(`unknown operator ${op}`);
  }
}

/** JS for the raw (unencoded) result of the user functor call `t`: `K[i](decoded args)`. */
export function functorCallJs(t: Term & { kind: 'call' }, env: TermEnv): string {
  const f = env.registry.functors.get(t.name);
  if (!f) throw new Error(`unknown functor @${t.name}`);
  const args = t.args.map((a, i) => {
    const pc = carrierOfTypeName(f.params[i] ?? 'number', env);
    const ac = carrierOf(a, env) ?? (pc === 'lattice' ? 'number' : pc);
    return decodeJs(termJs(a, env, ac), ac, a, env);
  });
  return `K[${env.constant(f.fn)}](${args.join(', ')})`;
}

function callJs(t: Term & { kind: 'call' }, env: TermEnv, want: Carrier | undefined): string {
  if (t.at) {
    const f = env.registry.functors.get(t.name);
    if (!f) throw new Error(`unknown functor @${t.name}`);
    return encodeJs(functorCallJs(t, env), f.result, env);
  }
  const c = carrierOf(t, env) ?? want ?? 'number';
  // A conversion's argument has the carrier the conversion reads, not the result's: in
  // `to_float(10)` the literal is the number 10, not the float 10.0.
  const argC = (a: Term): Carrier => carrierOf(a, env) ?? CONVERSION_ARG[t.name] ?? (c === 'symbol' ? 'number' : c);
  const js = t.args.map((a) => termJs(a, env, argC(a)));
  switch (t.name) {
    case 'cat': return `rt.sym(${js.map((x) => `rt.str(${x})`).join(' + ')})`;
    case 'strlen': return `rt.str(${js[0]}).length`;
    case 'substr': return `rt.sym(rt.substr(rt.str(${js[0]}), ${js[1]}, ${js[2]}))`;
    case 'ord': return `(${js[0]})`;
    case 'to_number': return `rt.toNumber(rt.str(${js[0]}))`;
    case 'to_string': {
      const ac = carrierOf(t.args[0]!, env) ?? 'number';
      return `rt.sym(String(${decodeJs(js[0]!, ac, t.args[0]!, env)}))`;
    }
    case 'abs': return c === 'float' ? `rt.f2i(Math.abs(rt.i2f(${js[0]})))` : c === 'unsigned' ? `(${js[0]})` : `(Math.abs(${js[0]}) | 0)`;
    case 'min': case 'max': {
      const pick = t.name === 'min' ? '<' : '>';
      const cmp = (x: string, y: string): string =>
        c === 'unsigned' ? `((${x}) >>> 0) ${pick} ((${y}) >>> 0)` : c === 'float' ? `rt.i2f(${x}) ${pick} rt.i2f(${y})` : c === 'symbol' ? `rt.str(${x}) ${pick} rt.str(${y})` : `(${x}) ${pick} (${y})`;
      return js.reduce((acc, x) => `((p, q) => (${cmp('p', 'q')} ? p : q))(${acc}, ${x})`);
    }
    case 'to_unsigned': case 'itou': case 'utoi': case 'to_signed': return `(${js[0]})`;
    case 'to_float': case 'itof': return `rt.f2i(${decodeJs(js[0]!, carrierOf(t.args[0]!, env) ?? 'number', t.args[0]!, env)})`;
    case 'ftoi': return `(Math.trunc(rt.i2f(${js[0]})) | 0)`;
    default: throw new Error(`unknown intrinsic functor ${t.name}`);
  }
}

/** JS for the comparison `a op b` of terms with carrier `c`. */
export function compareJs(op: string, a: string, b: string, c: Carrier, latticeConst?: number): string {
  if (c === 'lattice') {
    const eq = `K[${latticeConst}].equals(${a}, ${b})`;
    if (op === '=') return eq;
    if (op === '!=') return `!${eq}`;
    if (op === '<=') return `K[${latticeConst}].leq(${a}, ${b})`;
    if (op === '>=') return `K[${latticeConst}].leq(${b}, ${a})`;
    if (op === '<') return `(K[${latticeConst}].leq(${a}, ${b}) && !${eq})`;
    return `(K[${latticeConst}].leq(${b}, ${a}) && !${eq})`;
  }
  const jsop = op === '=' ? '===' : op === '!=' ? '!==' : op;
  if (op === '=' || op === '!=') return `(${a}) ${jsop} (${b})`;
  if (c === 'unsigned') return `((${a}) >>> 0) ${jsop} ((${b}) >>> 0)`;
  if (c === 'float') return `rt.i2f(${a}) ${jsop} rt.i2f(${b})`;
  if (c === 'symbol') return `rt.str(${a}) ${jsop} rt.str(${b})`;
  return `(${a}) ${jsop} (${b})`;
}
