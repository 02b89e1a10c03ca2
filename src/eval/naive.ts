/**
 * Naive reference evaluator, for differential tests only: obviously correct, slow.
 *
 * Per stratum, repeat "evaluate every clause over the current relations and add the heads"
 * until no relation changes. Bodies are evaluated left to right by backtracking, taking at
 * each step the first literal that can be evaluated (atoms always; negations, constraints and
 * generators once their inputs are bound; aggregates when nothing else is ready). Tuples are
 * decoded JS values keyed by their JSON text; lattice relations keep key → joined value.
 */
import type { ColumnType, CheckedProgram, CLiteral, Clause } from '../check/checked.js';
import type { Literal, Term } from '../lang/ast.js';
import type { PlanRegistry } from '../plan/plan.js';
import { divS, modS, powI, substr, toNumber } from './arith.js';

type Env = Map<string, unknown>;
interface Rel { readonly lattice: boolean; readonly tuples: Map<string, unknown[]> }

/** Result of the naive evaluator: rows per relation (lattice relations: key columns + value). */
export type NaiveResult = Map<string, unknown[][]>;

/**
 * Evaluates `prog` naively over `input` (same value conventions as `evaluate`).
 *
 * @example
 * naiveEvaluate(checked, registry, { e: [[1, 2]] }).get('tc') // [[1, 2]]
 */
export function naiveEvaluate(prog: CheckedProgram, registry: PlanRegistry, input: Readonly<Record<string, readonly (readonly unknown[])[]>>): NaiveResult {
  const rels = new Map<string, Rel>();
  for (const [n, info] of prog.relations) rels.set(n, { lattice: info.lattice !== undefined, tuples: new Map() });
  const ev = new Naive(prog, registry, rels);
  for (const f of prog.facts) ev.add(f.rel, f.args.map((a, i) => ev.term(a, new Map(), prog.relations.get(f.rel)!.columns[i]!.type, new Map())));
  for (const [n, rows] of Object.entries(input)) for (const r of rows) ev.add(n, [...r]);
  for (const s of prog.strata) {
    for (let changed = true; changed;) {
      changed = false;
      for (const c of s.clauses) {
        const heads: unknown[][] = [];
        for (const env of ev.body(c.body, new Map(), c)) heads.push(c.head.args.map((a, i) => ev.term(a, env, prog.relations.get(c.head.rel)!.columns[i]!.type, c.varTypes)));
        for (const h of heads) if (ev.add(c.head.rel, h)) changed = true;
      }
    }
  }
  const out: NaiveResult = new Map();
  for (const [n, r] of rels) out.set(n, [...r.tuples.values()]);
  return out;
}

function num(x: unknown): number { return x as number; }

class Naive {
  constructor(readonly prog: CheckedProgram, readonly reg: PlanRegistry, readonly rels: Map<string, Rel>) {}

  add(rel: string, row: unknown[]): boolean {
    const r = this.rels.get(rel)!;
    const info = this.prog.relations.get(rel)!;
    if (!r.lattice) {
      const k = JSON.stringify(row);
      if (r.tuples.has(k)) return false;
      r.tuples.set(k, row);
      return true;
    }
    const L = this.reg.lattices.get(info.lattice!)!;
    const key = row.slice(0, -1);
    const k = JSON.stringify(key);
    const old = r.tuples.get(k);
    if (!old) { r.tuples.set(k, row); return true; }
    const nv = L.join(old[old.length - 1], row[row.length - 1]);
    if (L.equals(nv, old[old.length - 1])) return false;
    r.tuples.set(k, [...key, nv]);
    return true;
  }

  private type(t: Term, c: Clause | undefined, vt: ReadonlyMap<string, ColumnType>): string {
    switch (t.kind) {
      case 'var': { const ty = vt.get(t.name); return ty?.kind === 'primitive' ? ty.carrier : ty?.kind ?? 'number'; }
      case 'num': return t.unsigned ? 'unsigned' : Number.isInteger(t.value) ? '' : 'float';
      case 'str': return 'symbol';
      case 'binop': return this.type(t.left, c, vt) || this.type(t.right, c, vt);
      case 'unop': return this.type(t.arg, c, vt);
      case 'call': return ['cat', 'substr', 'to_string'].includes(t.name) ? 'symbol' : '';
      default: return '';
    }
  }

  term(t: Term, env: Env, want: ColumnType | string, vt: ReadonlyMap<string, ColumnType>): unknown {
    const wantC = typeof want === 'string' ? want : want.kind === 'primitive' ? want.carrier : want.kind;
    switch (t.kind) {
      case 'var': return env.get(t.name);
      case 'num': return wantC === 'unsigned' || t.unsigned ? t.value >>> 0 : wantC === 'float' ? Math.fround(t.value) : t.value | 0;
      case 'str': return t.value;
      case 'nil': return null;
      case 'record': {
        const fields = typeof want !== 'string' && want.kind === 'record' ? want.fields : [];
        return t.args.map((a, i) => this.term(a, env, fields[i] ?? '', vt));
      }
      case 'unop': {
        const c = this.type(t.arg, undefined, vt) || wantC;
        const a = num(this.term(t.arg, env, c, vt));
        if (t.op === 'lnot') return a === 0 ? 1 : 0;
        if (t.op === 'bnot') return c === 'unsigned' ? ~a >>> 0 : ~a;
        return c === 'float' ? Math.fround(-a) : c === 'unsigned' ? -a >>> 0 : -a | 0;
      }
      case 'binop': {
        const logical = t.op === 'land' || t.op === 'lor' || t.op === 'lxor';
        const c = this.type(t, undefined, vt) || (logical ? 'number' : wantC);
        const a = num(this.term(t.left, env, c, vt));
        const b = num(this.term(t.right, env, c, vt));
        return arith(t.op, a, b, c);
      }
      case 'call': return this.call(t, env, wantC, vt);
      case 'anon': case 'aggregate': throw new Error('naive: cannot evaluate ' + t.kind);
    }
  }

  private call(t: Term & { kind: 'call' }, env: Env, wantC: string, vt: ReadonlyMap<string, ColumnType>): unknown {
    if (t.at) {
      const f = this.reg.functors.get(t.name)!;
      const args = t.args.map((a, i) => this.term(a, env, f.params[i] ?? '', vt));
      const r = (f.fn as (...a: unknown[]) => unknown)(...args);
      return f.result === 'number' ? num(r) | 0 : r;
    }
    const c = t.args.map((a) => this.type(a, undefined, vt)).find((x) => x) || wantC;
    const a = t.args.map((x) => this.term(x, env, c, vt));
    switch (t.name) {
      case 'cat': return a.join('');
      case 'strlen': return (a[0] as string).length;
      case 'substr': return substr(a[0] as string, num(a[1]), num(a[2]));
      case 'to_number': return toNumber(a[0] as string);
      case 'to_string': return String(a[0]);
      case 'abs': return c === 'unsigned' ? a[0] : c === 'float' ? Math.abs(num(a[0])) : Math.abs(num(a[0])) | 0;
      case 'min': return a.reduce((x, y) => (lt(y, x, c) ? y : x));
      case 'max': return a.reduce((x, y) => (lt(x, y, c) ? y : x));
      default: throw new Error('naive: functor ' + t.name);
    }
  }

  *body(lits: readonly (Literal | CLiteral)[], env: Env, c: Clause): Generator<Env> {
    if (lits.length === 0) { yield env; return; }
    const bound = (t: Term): boolean => boundIn(t, env);
    let pick = lits.findIndex((l) => l.kind === 'atom' || l.kind === 'bool'
      || (l.kind === 'neg' && l.atom.args.every((a) => a.kind === 'anon' || bound(a)))
      || (l.kind === 'gen' && l.call.args.every(bound))
      || (l.kind === 'cmp' && l.left.kind !== 'aggregate' && l.right.kind !== 'aggregate'
        && ((bound(l.left) && bound(l.right)) || (l.op === '=' && ((l.left.kind === 'var' && bound(l.right)) || (l.right.kind === 'var' && bound(l.left)))))));
    if (pick < 0) pick = lits.findIndex((l) => l.kind === 'cmp');
    if (pick < 0) throw new Error('naive: stuck');
    const l = lits[pick]!;
    const rest = lits.filter((_, i) => i !== pick);
    const vt = c.varTypes;
    switch (l.kind) {
      case 'bool': if (l.value) yield* this.body(rest, env, c); return;
      case 'group': throw new Error('naive: group');
      case 'atom': {
        const info = this.prog.relations.get(l.rel)!;
        for (const row of this.rels.get(l.rel)!.tuples.values()) {
          const e2 = this.unify(l.args, row, env, info.columns.map((x) => x.type), vt, info.lattice);
          if (e2) yield* this.body(rest, e2, c);
        }
        return;
      }
      case 'neg': {
        const info = this.prog.relations.get(l.atom.rel)!;
        for (const row of this.rels.get(l.atom.rel)!.tuples.values()) {
          if (this.unify(l.atom.args, row, env, info.columns.map((x) => x.type), vt, info.lattice)) return;
        }
        yield* this.body(rest, env, c);
        return;
      }
      case 'gen': {
        const f = this.reg.functors.get(l.call.name)!;
        const args = l.call.args.map((a, i) => this.term(a, env, f.params[i] ?? '', vt));
        for (const v of (f.fn as (...a: unknown[]) => Iterable<unknown>)(...args)) {
          const e2 = this.unify([l.target], [v], env, [vt.get(l.target.name)!], vt, undefined);
          if (e2) yield* this.body(rest, e2, c);
        }
        return;
      }
      case 'cmp': {
        const agg = l.left.kind === 'aggregate' ? l.left : l.right.kind === 'aggregate' ? l.right : undefined;
        if (agg) {
          const res = l.left === agg ? l.right : l.left;
          const v = this.aggregate(agg, env, c);
          if (v === undefined) return;
          const e2 = this.unify([res], [v], env, [res.kind === 'var' ? vt.get(res.name)! : { kind: 'primitive', carrier: 'number', name: 'number' }], vt, undefined);
          if (e2) yield* this.body(rest, e2, c);
          return;
        }
        const ty = this.type(l.left, c, vt) || this.type(l.right, c, vt) || 'number';
        if (l.op === '=' && l.left.kind === 'var' && !env.has(l.left.name)) {
          yield* this.body(rest, new Map(env).set(l.left.name, this.term(l.right, env, ty, vt)), c);
          return;
        }
        if (l.op === '=' && l.right.kind === 'var' && !env.has(l.right.name)) {
          yield* this.body(rest, new Map(env).set(l.right.name, this.term(l.left, env, ty, vt)), c);
          return;
        }
        const a = this.term(l.left, env, ty, vt);
        const b = this.term(l.right, env, ty, vt);
        const lat = l.left.kind === 'var' ? vt.get(l.left.name) : undefined;
        const eq = lat?.kind === 'lattice' ? this.reg.lattices.get(lat.lattice)!.equals(a, b) : JSON.stringify(a) === JSON.stringify(b);
        const ok = l.op === '=' ? eq : l.op === '!=' ? !eq : l.op === '<' ? lt(a, b, ty) : l.op === '>' ? lt(b, a, ty) : l.op === '<=' ? !lt(b, a, ty) : !lt(a, b, ty);
        if (ok) yield* this.body(rest, env, c);
        return;
      }
    }
  }

  private aggregate(agg: Term & { kind: 'aggregate' }, env: Env, c: Clause): unknown {
    const vt = c.varTypes;
    const vals: unknown[] = [];
    for (const e of this.body(agg.body, env, c)) vals.push(agg.target ? this.term(agg.target, e, '', vt) : 1);
    const ty = agg.target ? this.type(agg.target, c, vt) : 'number';
    switch (agg.fn) {
      case 'count': return vals.length;
      case 'sum': return ty === 'float' ? Math.fround(vals.reduce((x: number, y) => x + num(y), 0)) : vals.reduce((x: number, y) => (ty === 'unsigned' ? (x + num(y)) >>> 0 : (x + num(y)) | 0), 0);
      case 'mean': return vals.length ? Math.fround(vals.reduce((x: number, y) => x + num(y), 0) / vals.length) : undefined;
      case 'min': return vals.length ? vals.reduce((x, y) => (lt(y, x, ty) ? y : x)) : undefined;
      case 'max': return vals.length ? vals.reduce((x, y) => (lt(x, y, ty) ? y : x)) : undefined;
      case 'join': case 'meet': {
        const t = agg.target?.kind === 'var' ? vt.get(agg.target.name) : undefined;
        const L = this.reg.lattices.get(t?.kind === 'lattice' ? t.lattice : '')!;
        if (!vals.length) return undefined;
        return vals.reduce((x, y) => (agg.fn === 'join' ? L.join(x, y) : L.meet!(x, y)));
      }
    }
  }

  private unify(args: readonly Term[], row: readonly unknown[], env: Env, types: readonly ColumnType[], vt: ReadonlyMap<string, ColumnType>, lattice: string | undefined): Env | undefined {
    let e = env;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      const v = row[i];
      if (a.kind === 'anon') continue;
      const isLat = lattice !== undefined && i === args.length - 1;
      if (a.kind === 'var' && !e.has(a.name)) { e = new Map(e).set(a.name, v); continue; }
      if (a.kind === 'record' && !boundIn(a, e)) {
        if (!Array.isArray(v)) return undefined;
        const ti = types[i];
        const ft = ti?.kind === 'record' ? ti.fields : [];
        const e2 = this.unify(a.args, v, e, ft, vt, undefined);
        if (!e2) return undefined;
        e = e2;
        continue;
      }
      const w = this.term(a, e, types[i]!, vt);
      if (isLat) { if (!this.reg.lattices.get(lattice)!.leq(w, v)) return undefined; continue; }
      if (JSON.stringify(w) !== JSON.stringify(v)) return undefined;
    }
    return e;
  }
}

function boundIn(t: Term, env: Env): boolean {
  switch (t.kind) {
    case 'var': return env.has(t.name);
    case 'anon': case 'aggregate': return false;
    case 'binop': return boundIn(t.left, env) && boundIn(t.right, env);
    case 'unop': return boundIn(t.arg, env);
    case 'call': case 'record': return t.args.every((a) => boundIn(a, env));
    default: return true;
  }
}

function lt(a: unknown, b: unknown, ty: string): boolean {
  if (ty === 'symbol') return (a as string) < (b as string);
  return num(a) < num(b);
}

function arith(op: string, a: number, b: number, c: string): number {
  if (c === 'float') {
    const r = op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : op === '/' ? a / b : op === '%' ? a % b : op === '^' ? Math.pow(a, b) : NaN;
    return Math.fround(r);
  }
  const u = c === 'unsigned';
  const wrap = (x: number): number => (u ? x >>> 0 : x | 0);
  switch (op) {
    case '+': return wrap(a + b);
    case '-': return wrap(a - b);
    case '*': return wrap(Math.imul(a, b));
    case '/': return u ? (b === 0 ? 0 : Math.floor(a / b)) : divS(a, b);
    case '%': return u ? (b === 0 ? 0 : a % b) : modS(a, b);
    case '^': return wrap(powI(a | 0, b | 0, u));
    case 'band': return wrap(a & b);
    case 'bor': return wrap(a | b);
    case 'bxor': return wrap(a ^ b);
    case 'bshl': return wrap(a << b);
    case 'bshr': return u ? a >>> b : a >> b;
    case 'bshru': return wrap(a >>> b);
    case 'land': return a !== 0 && b !== 0 ? 1 : 0;
    case 'lor': return a !== 0 || b !== 0 ? 1 : 0;
    case 'lxor': return (a !== 0) !== (b !== 0) ? 1 : 0;
    default: throw new Error('naive: operator ' + op);
  }
}
