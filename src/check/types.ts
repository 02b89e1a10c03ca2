/**
 * Type inference and checking of one clause (rule alternative, query alternative or fact).
 *
 * Inference (variables get column types):
 *   1. every variable at an atom column (positive, negated, head, inside aggregates, inside
 *      record patterns) gets the glb of those column types; incomparable columns → E305;
 *   2. a generator target gets the generator's result type;
 *   3. repeat until stable: `X = e` / `e = X` (and other comparisons) give an untyped X the type
 *      of e; a variable passed directly to a functor parameter gets the parameter type.
 * Checking (every term against its position, bottom-up with polymorphic integer literals):
 *   atom arguments against columns (E201 unknown relation, E202 arity, E301 mismatch, E304
 *   record arity); arithmetic needs numeric operands of one carrier (E302); `=`/`!=` need
 *   compatible sides, `<`… need numbers or symbols of compatible types (E303); functors need
 *   a registered name / intrinsic (E203), arity (E204), generator-ness (E205); aggregates:
 *   count → number, sum/min/max → target type (numeric; min/max also symbol), mean → float,
 *   join/meet → the target's lattice (E307).
 */
import { error, type Diagnostic } from '../base/diagnostic.js';
import type { Aggregate, Atom, Call, Literal, Term, Var } from '../lang/ast.js';
import type { ColumnType } from './checked.js';
import type { FlatLiteral } from './normalize.js';
import { prim, type Env } from './resolve.js';
import { didYouMean } from './suggest.js';
import { baseOf, compatible, definite, fits, glb, isNumeric, isNumericLattice, showTy, type Ty } from './typerel.js';

type VarTypes = Map<string, ColumnType | null>;

/** Soufflé intrinsic functors (written without `@`): param kinds and result. */
const INTRINSICS: Readonly<Record<string, { params: 'symbols' | readonly ('symbol' | 'number' | 'num')[]; result: 'symbol' | 'number' | 'same' | 'unsigned' | 'float'; min?: number }>> = {
  cat: { params: 'symbols', result: 'symbol', min: 1 },
  strlen: { params: ['symbol'], result: 'number' },
  substr: { params: ['symbol', 'number', 'number'], result: 'symbol' },
  ord: { params: ['symbol'], result: 'number' },
  to_number: { params: ['symbol'], result: 'number' },
  to_string: { params: ['num'], result: 'symbol' },
  to_unsigned: { params: ['num'], result: 'unsigned' },
  to_float: { params: ['num'], result: 'float' },
  abs: { params: ['num'], result: 'same' },
  min: { params: ['num', 'num'], result: 'same' },
  max: { params: ['num', 'num'], result: 'same' },
};

/**
 * Types and checks the literals of one clause; `types` receives the variable types.
 *
 * @example
 * const typer = new ClauseTyper(env, diags);
 * typer.infer(rule.heads, alternative);
 * rule.heads.forEach((h) => typer.checkAtom(h));
 * typer.checkLits(alternative);
 */
export class ClauseTyper {
  readonly types: VarTypes = new Map();
  /** Variables inside terms already reported (unknown relation, arity...): no E306 for them. */
  private readonly poisoned = new Set<string>();
  /** Where each variable first got its type (for E305's note). */
  private readonly origin = new Map<string, Term['span']>();
  private quiet = false;

  constructor(
    private readonly env: Env,
    private readonly diags: Diagnostic[],
  ) {}

  /** Final variable types (untypeable variables default to number; they are reported elsewhere). */
  varTypes(names: Iterable<string>): Map<string, ColumnType> {
    const out = new Map<string, ColumnType>();
    for (const n of names) out.set(n, this.types.get(n) ?? prim('number'));
    return out;
  }

  /**
   * Reports (E306) every variable of `vars` that inference could not type, except those in
   * `skip` (already reported as unbound).
   */
  reportUntyped(vars: readonly Var[], skip: ReadonlySet<string>): void {
    for (const v of vars)
      if (!this.types.has(v.name) && !skip.has(v.name) && !this.poisoned.has(v.name))
        this.report(error('E306', `cannot deduce the type of '${v.name}' (bind it through a relation column or a typed expression)`, v.span));
  }

  /** Types a term whose position is already wrong, and exempts its variables from E306. */
  private poison(t: Term): void {
    this.typeOf(t);
    const visit = (x: Term): void => {
      if (x.kind === 'var') this.poisoned.add(x.name);
      else if (x.kind === 'binop') (visit(x.left), visit(x.right));
      else if (x.kind === 'unop') visit(x.arg);
      else if (x.kind === 'call' || x.kind === 'record') x.args.forEach(visit);
    };
    visit(t);
  }

  private report(d: Diagnostic): void {
    if (!this.quiet) this.diags.push(d);
  }

  // ------------------------------------------------------------------ inference

  /** Runs inference over head atoms and body literals. */
  infer(heads: readonly Atom[], body: readonly (FlatLiteral | Literal)[]): void {
    for (const h of heads) this.inferAtom(h);
    this.inferLits(body, 1);
    for (let round = 0; round < 8; round++) {
      const before = this.types.size;
      this.inferLits(body, 2);
      if (this.types.size === before) break;
    }
  }

  private inferLits(body: readonly (FlatLiteral | Literal)[], pass: 1 | 2): void {
    for (const l of body) {
      switch (l.kind) {
        case 'atom':
          if (pass === 1) this.inferAtom(l);
          for (const a of l.args) this.inferTerm(a, pass);
          break;
        case 'neg':
          if (pass === 1) this.inferAtom(l.atom);
          break;
        case 'gen': {
          if (pass === 1) {
            const sig = l.call.at ? this.env.functors.get(l.call.name) : undefined;
            if (sig?.result) this.assign(l.target.name, sig.result, l.target.span);
          }
          this.inferTerm(l.call, pass);
          break;
        }
        case 'cmp':
          this.inferTerm(l.left, pass);
          this.inferTerm(l.right, pass);
          if (pass === 2) {
            this.inferEq(l.left, l.right);
            this.inferEq(l.right, l.left);
          }
          break;
        case 'group':
          for (const alt of l.body.alts) this.inferLits(alt, pass);
          break;
        case 'bool':
          break;
      }
    }
  }

  private inferTerm(t: Term, pass: 1 | 2): void {
    if (t.kind === 'aggregate') this.inferLits(t.body, pass);
    else if (t.kind === 'binop') (this.inferTerm(t.left, pass), this.inferTerm(t.right, pass));
    else if (t.kind === 'unop') this.inferTerm(t.arg, pass);
    else if (t.kind === 'record') t.args.forEach((a) => this.inferTerm(a, pass));
    else if (t.kind === 'call') {
      const sig = t.at ? this.env.functors.get(t.name) : undefined;
      t.args.forEach((a, i) => {
        const p = sig?.params[i];
        if (pass === 2 && a.kind === 'var' && p && !this.types.has(a.name)) this.types.set(a.name, p);
        this.inferTerm(a, pass);
      });
    }
  }

  private inferEq(x: Term, e: Term): void {
    if (x.kind === 'var' && !this.types.has(x.name)) {
      const t = definite(this.silently(() => this.typeOf(e)));
      if (t) this.types.set(x.name, t);
    } else if (x.kind === 'record') {
      const t = this.silently(() => this.typeOf(e));
      if (t?.kind === 'record') this.pattern(x, t);
    }
  }

  private inferAtom(a: Atom): void {
    const rel = this.env.relations.get(a.rel);
    if (!rel || rel.columns.length !== a.args.length) return;
    a.args.forEach((arg, i) => this.pattern(arg, rel.columns[i]!.type));
  }

  private pattern(t: Term, ct: ColumnType): void {
    if (t.kind === 'var') this.assign(t.name, ct, t.span);
    else if (t.kind === 'record' && ct.kind === 'record' && ct.fields.length === t.args.length)
      t.args.forEach((a, i) => this.pattern(a, ct.fields[i]!));
  }

  private assign(name: string, t: ColumnType, span: Term['span']): void {
    const cur = this.types.get(name);
    if (cur === null) return;
    if (cur === undefined) {
      this.origin.set(name, span);
      return void this.types.set(name, t);
    }
    const g = glb(this.env, cur, t);
    if (g) this.types.set(name, g);
    else {
      const first = this.origin.get(name);
      const related = first ? [{ message: `'${name}' is '${showTy(cur)}' here`, span: first }] : [];
      this.report(error('E305', `variable '${name}' is used both as '${showTy(cur)}' and as '${showTy(t)}'`, span, related));
      this.types.set(name, null);
    }
  }

  private silently<T>(f: () => T): T {
    const q = this.quiet;
    this.quiet = true;
    try {
      return f();
    } finally {
      this.quiet = q;
    }
  }

  // ------------------------------------------------------------------ checking

  /** Checks a list of literals. */
  checkLits(body: readonly (FlatLiteral | Literal)[]): void {
    for (const l of body) this.checkLit(l);
  }

  private checkLit(l: FlatLiteral | Literal): void {
    switch (l.kind) {
      case 'atom':
        return this.checkAtom(l);
      case 'neg':
        return this.checkAtom(l.atom);
      case 'gen': {
        const t = this.checkCall(l.call, true);
        if (!t) this.poisoned.add(l.target.name);
        const v = this.types.get(l.target.name);
        if (t && v && !fits(this.env, t, v))
          this.report(error('E301', `generator yields '${showTy(t)}' but '${l.target.name}' is '${showTy(v)}'`, l.target.span));
        return;
      }
      case 'cmp': {
        const tl = this.typeOf(l.left);
        const tr = this.typeOf(l.right);
        if (!tl || !tr) return;
        if (l.op === '=' || l.op === '!=') {
          if (!compatible(this.env, tl, tr))
            this.report(error('E303', `cannot compare '${showTy(tl)}' with '${showTy(tr)}'`, l.span));
          return;
        }
        const orderable = (t: Ty): boolean => isNumeric(t) || (t.kind === 'primitive' && t.carrier === 'symbol');
        if (!orderable(tl) || !orderable(tr))
          this.report(error('E303', `'${l.op}' needs numbers or symbols, not '${showTy(orderable(tl) ? tr : tl)}'`, l.span));
        else if (!compatible(this.env, tl, tr)) this.report(error('E303', `cannot compare '${showTy(tl)}' with '${showTy(tr)}'`, l.span));
        return;
      }
      case 'group':
        for (const alt of l.body.alts) this.checkLits(alt);
        return;
      case 'bool':
        return;
    }
  }

  /** Checks an atom against its declaration (E201, E202, argument types). */
  checkAtom(a: Atom): void {
    const rel = this.env.relations.get(a.rel);
    if (!rel) {
      this.report(error('E201', `undeclared relation '${a.rel}'${didYouMean(a.rel, this.env.relations.keys())}`, a.span));
      for (const arg of a.args) this.poison(arg);
      return;
    }
    if (rel.columns.length !== a.args.length) {
      this.report(
        error('E202', `relation '${a.rel}' has ${rel.columns.length} column(s) but is used with ${a.args.length} argument(s)`, a.span, [
          { message: `'${a.rel}' is declared here`, span: rel.span },
        ]),
      );
      for (const arg of a.args) this.poison(arg);
      return;
    }
    a.args.forEach((arg, i) => this.checkTerm(arg, rel.columns[i]!.type, `column '${rel.columns[i]!.name}' of '${a.rel}'`));
  }

  /** Checks a term at a position of type `expected`. */
  checkTerm(t: Term, expected: ColumnType | undefined, what: string): void {
    if (t.kind === 'record' && expected?.kind === 'record') {
      if (t.args.length !== expected.fields.length) {
        this.report(error('E304', `record '${expected.name}' has ${expected.fields.length} field(s), not ${t.args.length}`, t.span));
        for (const a of t.args) this.poison(a);
        return;
      }
      t.args.forEach((a, i) => this.checkTerm(a, expected.fields[i], `field ${i + 1} of '${expected.name}'`));
      return;
    }
    const ty = this.typeOf(t);
    if (ty && expected && !fits(this.env, ty, expected))
      this.report(error('E301', `${what} is '${showTy(expected)}' but this is '${showTy(ty)}'`, t.span));
  }

  /** Infers the type of a term, reporting problems inside it. */
  typeOf(t: Term): Ty | undefined {
    switch (t.kind) {
      case 'var': {
        const v = this.types.get(t.name) ?? undefined;
        return v?.kind === 'lattice' && isNumericLattice(this.env, v.lattice) ? prim('number') : v;
      }
      case 'anon':
        return undefined;
      case 'num':
        return t.unsigned ? prim('unsigned') : { kind: 'anynum' };
      case 'str':
        return prim('symbol');
      case 'nil':
        return { kind: 'nil' };
      case 'record':
        return { kind: 'rec', fields: t.args.map((a) => this.typeOf(a)) };
      case 'call':
        return this.checkCall(t, false);
      case 'aggregate':
        return this.checkAggregate(t);
      case 'unop':
      case 'binop': {
        const operands = t.kind === 'unop' ? [t.arg] : [t.left, t.right];
        const tys = operands.map((o) => this.typeOf(o));
        let res: Ty | undefined = { kind: 'anynum' };
        const bitwise = t.op.startsWith('b');
        operands.forEach((o, i) => {
          const ty = tys[i];
          if (!ty || !res) return void (res = res && ty ? res : undefined);
          if (!isNumeric(ty) || (bitwise && ty.kind === 'primitive' && ty.carrier === 'float')) {
            this.report(error('E302', `operator '${t.op}' needs ${bitwise ? 'integer' : 'numeric'} operands, not '${showTy(ty)}'`, o.span));
            res = undefined;
          } else if (ty.kind === 'primitive') {
            if (res.kind === 'primitive' && res.carrier !== ty.carrier) {
              this.report(error('E302', `operator '${t.op}' mixes '${res.carrier}' and '${ty.carrier}'`, t.span));
              res = undefined;
            } else res = baseOf(ty);
          }
        });
        if (res && t.op.startsWith('l')) return prim('number');
        return res;
      }
    }
  }

  private checkAggregate(a: Aggregate): Ty | undefined {
    this.checkLits(a.body);
    if (a.fn === 'count') return prim('number');
    if (!a.target) return undefined;
    const raw = a.target.kind === 'var' ? this.types.get(a.target.name) : undefined;
    const t = raw?.kind === 'lattice' && (a.fn === 'join' || a.fn === 'meet') ? raw : this.typeOf(a.target);
    if (!t) return undefined;
    const ok =
      a.fn === 'join' || a.fn === 'meet'
        ? t.kind === 'lattice'
        : isNumeric(t) || ((a.fn === 'min' || a.fn === 'max') && t.kind === 'primitive' && t.carrier === 'symbol');
    if (!ok) {
      this.report(error('E307', `'${a.fn}' cannot aggregate values of type '${showTy(t)}'`, a.target.span));
      return undefined;
    }
    if (a.fn === 'mean') return prim('float');
    return t.kind === 'primitive' ? baseOf(t) : t;
  }

  private checkCall(c: Call, asGenerator: boolean): Ty | undefined {
    if (!c.at) return this.checkIntrinsic(c, asGenerator);
    const sig = this.env.functors.get(c.name);
    if (!sig) {
      this.report(error('E203', `unknown functor '@${c.name}'${didYouMean('@' + c.name, [...this.env.functors.keys()].map((k) => '@' + k))}`, c.span));
      for (const a of c.args) this.poison(a);
      return undefined;
    }
    if (sig.generator !== asGenerator)
      this.report(
        error('E205', sig.generator ? `'@${c.name}' is a generator: use it as \`X in @${c.name}(...)\`` : `'@${c.name}' is not a generator`, c.span),
      );
    if (sig.params.length !== c.args.length) {
      this.report(error('E204', `'@${c.name}' takes ${sig.params.length} argument(s), not ${c.args.length}`, c.span));
      for (const a of c.args) this.poison(a);
      return sig.result;
    }
    c.args.forEach((a, i) => this.checkTerm(a, sig.params[i], `parameter ${i + 1} of '@${c.name}'`));
    return sig.result;
  }

  private checkIntrinsic(c: Call, asGenerator: boolean): Ty | undefined {
    const spec = Object.hasOwn(INTRINSICS, c.name) ? INTRINSICS[c.name] : undefined;
    if (!spec) {
      this.report(error('E203', `unknown functor '${c.name}'${didYouMean(c.name, Object.keys(INTRINSICS))}`, c.span));
      for (const a of c.args) this.poison(a);
      return undefined;
    }
    if (asGenerator) this.report(error('E205', `'${c.name}' is not a generator`, c.span));
    const params = spec.params === 'symbols' ? c.args.map(() => 'symbol' as const) : spec.params;
    if (params.length !== c.args.length || c.args.length < (spec.min ?? 0)) {
      this.report(error('E204', `'${c.name}' takes ${params.length} argument(s), not ${c.args.length}`, c.span));
      for (const a of c.args) this.poison(a);
      return spec.result === 'same' ? undefined : prim(spec.result);
    }
    let same: Ty | undefined;
    c.args.forEach((a, i) => {
      const p = params[i]!;
      if (p !== 'num') return this.checkTerm(a, prim(p), `argument ${i + 1} of '${c.name}'`);
      const t = this.typeOf(a);
      if (!t) return;
      if (!isNumeric(t)) this.report(error('E301', `argument ${i + 1} of '${c.name}' must be numeric, not '${showTy(t)}'`, a.span));
      else if (same && same.kind === 'primitive' && t.kind === 'primitive' && same.carrier !== t.carrier)
        this.report(error('E302', `'${c.name}' mixes '${same.carrier}' and '${t.carrier}'`, c.span));
      else if (!same || same.kind === 'anynum') same = t.kind === 'primitive' ? baseOf(t) : t;
    });
    return spec.result === 'same' ? same : prim(spec.result);
  }
}
