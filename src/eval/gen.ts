/**
 * The code generator of compiled rule versions (compile.ts, compile-eager.ts): JS source in
 * which the join order, index probes, column reads and head insertion are baked in, so the
 * inner loops run without interpretation or allocation per tuple.
 *
 * Shape of the generated code for `tc(x, z) :- Δtc(y, z), e(x, y)` (index on e[1]):
 *
 *     for (let r0 = R0.dLo; r0 < R0.dHi; r0++) {       // Δtc
 *       const v_y = R0c0[r0]; const v_z = R0c1[r0];
 *       let h = HASH(v_y) & R1i0m;                       // probe e's index on column 1
 *       for (;;) { s = R1i0t[h]; if (s === 0) break; if (R1c1[s-1] === v_y) break; h = h+1 & m }
 *       for (let r1 = s - 1; r1 >= 0; r1 = R1i0n[r1]) { const v_x = R1c0[r1];
 *         T[0] = v_x; T[1] = v_z; if (H.insert(T) >= 0) { reload H's arrays } } }
 *
 * Relation arrays are cached in locals and reloaded after an insertion into the same relation
 * (an insertion may reallocate them). Scans bound their row range when they start, so rows
 * inserted during the loop are not visited (they are in the next delta).
 *
 * Head insertion: a plain relation buffers the tuple for `flush` (relation.ts), except that a
 * version which does not read its head appends into a head of three or more columns in chain
 * mode at once (chain walk, then `appendAt`); a lattice relation is probed and joined in
 * place.
 */
import type { Lattice } from '../base/lattice.js';
import type { ColumnType } from '../check/checked.js';
import type { Atom, Term } from '../lang/ast.js';
import type { AggOp, NegOp, Op, PlanRegistry, RelationPlan } from '../plan/plan.js';
import { isBound } from '../plan/terms.js';
import { chainColumn, HASH_FINAL_JS, HASH_INIT, HASH_STEP_JS } from './relation.js';
import { carrierOf, carrierOfType, compareJs, encodeJs, functorCallJs, latticeOf, termJs, type Carrier } from './terms-js.js';
import { Mask } from './lattices/mask-value.js';
import { emitWords, type WordEnv } from './gen-words.js';

interface RelSlot { readonly k: number; readonly plan: RelationPlan; readonly indexIds: Map<string, number> }

/** JS for `dense[key]` of relation k (row + 1 of the key or chain head), 0 beyond the table. */
function denseAt(k: number, key: string): string {
  return `((${key} >>> 0) < R${k}dn.length ? R${k}dn[${key}] : 0)`;
}

function indexId(s: RelSlot, cols: readonly number[]): number {
  const key = cols.join(',');
  let i = s.indexIds.get(key);
  if (i === undefined) { i = s.indexIds.size; s.indexIds.set(key, i); }
  return i;
}

/** The code generator (for compile.ts and compile-eager.ts; not part of the public API). */
export class Gen implements WordEnv {
  readonly consts: unknown[] = [];
  readonly relNames: string[] = [];
  private readonly slots = new Map<string, RelSlot>();
  private readonly body: string[] = [];
  private readonly bound = new Set<string>();
  /** Declarations put at the top of the generated function. */
  readonly hoist = new Set<string>();
  /**
   * A function run in passes (compileEager, `beginPass`): the body from `passStart` on is
   * the pass, returned as a closure; `passInit` holds what each pass resets first (besides
   * reloading every relation's arrays): the one-entry lookup caches and the delta bounds.
   */
  private passStart = -1;
  private readonly passInit = new Set<string>();
  private ind = 1;
  private tmp = 0;
  /**
   * In a fused function (compileEager): negations known to hold whenever the dispatch table
   * (JS variable `table`) is built (its bits decided them, eager-dispatch.ts); they are looked
   * up only when it is null.
   */
  decided: { readonly negs: ReadonlySet<NegOp>; readonly table: string } | undefined;
  /** In a fused function (compileEager): the JS name of the delta row being processed. */
  fusedRow: string | undefined;
  /**
   * The version being compiled does not read its head relation: a tuple for a plain head in
   * chain mode is appended at once instead of buffered (emitHead).
   */
  directHead = false;
  /** Variables holding an unboxed mask: the JS names of their four int32 words. */
  private readonly maskVars = new Map<string, readonly string[]>();
  constructor(
    public varTypes: ReadonlyMap<string, ColumnType>, private readonly relPlans: ReadonlyMap<string, RelationPlan>,
    readonly registry: PlanRegistry, readonly symbol: (s: string) => number,
  ) {}

  varName(name: string): string { return 'v_' + name.replace(/[^A-Za-z0-9_]/g, (c) => '$' + c.charCodeAt(0)); }
  constant(v: unknown): number {
    let i = this.consts.indexOf(v);
    if (i < 0) { i = this.consts.length; this.consts.push(v); }
    return i;
  }
  /** Starts the code of another rule version in the same function. */
  resetVersion(varTypes: ReadonlyMap<string, ColumnType>): void {
    this.varTypes = varTypes;
    this.bound.clear();
    this.maskVars.clear();
  }

  /** A reference to variable `name`: an unboxed mask is boxed where a value is needed. */
  varRef(name: string): string {
    const w = this.maskVars.get(name);
    return w ? `K[${this.constant(Mask.make)}](${w.join(', ')})` : this.varName(name);
  }

  /** The unboxed kind of a relation's lattice column, if any. */
  private unboxedOf(s: RelSlot): 'or128' | 'and128' | undefined {
    const l = s.plan.info.lattice;
    return l === undefined ? undefined : this.registry.lattices.get(l)?.unboxed;
  }

  /** The (boxed) lattice value of row `r` of relation slot `s`. */
  private valueJs(s: RelSlot, r: string): string {
    if (this.unboxedOf(s) === undefined) return `R${s.k}v[${r}]`;
    const k = s.k;
    return `K[${this.constant(Mask.make)}](R${k}w[(${r}) * 4], R${k}w[(${r}) * 4 + 1], R${k}w[(${r}) * 4 + 2], R${k}w[(${r}) * 4 + 3])`;
  }

  private isUnboxedVar(t: Term): boolean {
    if (t.kind !== 'var') return false;
    const ty = this.varTypes.get(t.name);
    return ty?.kind === 'lattice' && this.registry.lattices.get(ty.lattice)?.unboxed !== undefined;
  }

  /** The words of an unboxed mask variable (`emitWords`, gen-words.ts). */
  maskWordsOf(name: string): readonly string[] | undefined { return this.maskVars.get(name); }
  /**
   * Starts the pass (see `passStart`): what is emitted from now on runs at each call of the
   * closure the generated function returns; what came before runs once, when it is created.
   */
  beginPass(): void { this.passStart = this.body.length; }
  line(s: string): void { this.body.push('  '.repeat(this.ind) + s); }
  open(s: string): number { this.line(s); this.ind++; return 1; }
  close(text = '}'): void { this.ind--; this.line(text); }
  /** A fresh JS identifier starting with `p`. */
  fresh(p: string): string { return `${p}${this.tmp++}`; }

  rel(name: string): RelSlot {
    let s = this.slots.get(name);
    if (!s) {
      const plan = this.relPlans.get(name);
      if (!plan) throw new Error(`unknown relation ${name}`);
      s = { k: this.relNames.length, plan, indexIds: new Map<string, number>() };
      this.slots.set(name, s);
      this.relNames.push(name);
    }
    return s;
  }
  private lattice(name: string): Lattice<unknown> {
    const l = this.registry.lattices.get(name);
    if (!l) throw new Error(`unknown lattice ${name}`);
    return l;
  }
  private latticeConst(t: Term): number {
    const n = latticeOf(t, this);
    if (!n) throw new Error('lattice comparison needs a lattice-typed variable or functor');
    return this.constant(this.lattice(n));
  }

  /** Declarations and reload code for a relation's cached arrays. */
  private reload(s: RelSlot, decl: boolean): string {
    const k = s.k;
    const parts: string[] = [];
    parts.push(`R${k}d = R${k}o.data`);
    if (s.plan.info.lattice !== undefined) parts.push(this.unboxedOf(s) !== undefined ? `R${k}w = R${k}o.mw` : `R${k}v = R${k}o.values`);
    if (chainColumn(s.plan.info.lattice !== undefined, s.plan.keyArity) >= 0) parts.push(`R${k}dx = R${k}o.dnext`);
    parts.push(`R${k}s = R${k}o.slots`, `R${k}sm = R${k}o.smask`, `R${k}ss = R${k}o.sshift`, `R${k}p = R${k}o.pend`, `R${k}dn = R${k}o.dense`);
    for (const i of s.indexIds.values()) parts.push(`R${k}i${i}t = R${k}x${i}.tab`, `R${k}i${i}m = R${k}x${i}.mask`, `R${k}i${i}n = R${k}x${i}.next`, `R${k}i${i}d = R${k}x${i}.dense`);
    return decl ? `let ${parts.join(', ')};` : parts.join('; ') + ';';
  }

  finish(): string {
    const pre: string[] = ['"use strict";'];
    for (const s of this.slots.values()) {
      pre.push(`const R${s.k}o = R[${s.k}];`);
      for (const [key, i] of s.indexIds) pre.push(`const R${s.k}x${i} = R${s.k}o.index([${key}]);`);
      pre.push(this.reload(s, true));
    }
    pre.push(...this.hoist);
    const slots = [...this.slots.values()];
    const body = this.passStart < 0 ? this.body : [
      ...this.body.slice(0, this.passStart),
      '  return () => {',
      ...slots.map((s) => `    ${this.reload(s, false)}`),
      ...[...this.passInit].map((x) => `    ${x}`),
      ...this.body.slice(this.passStart).map((x) => `  ${x}`),
      '  };',
    ];
    return [...pre, ...body].join('\n').replace(/\/\*RELOAD (\d+)\*\//g, (_, k: string) => this.reload(slots[Number(k)]!, false));
  }

  emitOps(ops: readonly Op[], i: number, cont: () => void): void {
    if (i === ops.length) { cont(); return; }
    const saveInd = this.ind;
    this.emitOp(ops[i]!, () => this.emitOps(ops, i + 1, cont));
    while (this.ind > saveInd) { this.ind--; this.line('}'); }
  }

  /** Emits code that checks/binds `pattern` against the JS value `val`; opens blocks as needed. */
  private match(pattern: Term, val: string, c: Carrier | undefined): void {
    if (pattern.kind === 'anon') return;
    if (pattern.kind === 'var' && !this.bound.has(pattern.name)) {
      this.line(`const ${this.varName(pattern.name)} = ${val};`);
      this.bound.add(pattern.name);
      return;
    }
    if (pattern.kind === 'record' && !isBound(pattern, this.bound)) {
      const t = this.fresh('rec');
      const n = pattern.args.length;
      this.line(`const ${t} = ${val};`);
      this.open(`if (${t} !== 0) {`);
      pattern.args.forEach((a, i) => this.match(a, `rt.field(${n}, ${t}, ${i})`, carrierOf(a, this)));
      return;
    }
    const pc = carrierOf(pattern, this) ?? c ?? 'number';
    const lc = pc === 'lattice' ? this.latticeConst(pattern) : undefined;
    this.open(`if (${compareJs('=', val, termJs(pattern, this, pc), pc, lc)}) {`);
  }

  private emitOp(op: Op, cont: () => void): void {
    switch (op.kind) {
      case 'scan': this.emitScan(op.atom, op.source, op.bound); break;
      case 'neg': this.emitNeg(op.atom, op.bound, this.decided?.negs.has(op) === true ? this.decided.table : undefined); break;
      case 'filter': {
        const { left, right } = op.cmp;
        const c = carrierOf(left, this) ?? carrierOf(right, this) ?? 'number';
        const lc = c === 'lattice' ? this.latticeConst(left.kind === 'var' || left.kind === 'call' ? left : right) : undefined;
        this.open(`if (${compareJs(op.cmp.op, termJs(left, this, c), termJs(right, this, c), c, lc)}) {`);
        break;
      }
      case 'bind': {
        if (op.pattern.kind === 'var' && !this.bound.has(op.pattern.name) && this.isUnboxedVar(op.pattern)) {
          this.maskVars.set(op.pattern.name, emitWords(this, op.expr));
          this.bound.add(op.pattern.name);
          break;
        }
        const c = carrierOf(op.pattern, this) ?? carrierOf(op.expr, this) ?? 'number';
        const t = this.fresh('b');
        this.line(`const ${t} = ${termJs(op.expr, this, c)};`);
        this.match(op.pattern, t, c);
        break;
      }
      case 'gen': {
        const call = op.gen.call;
        const f = this.registry.functors.get(call.name);
        if (!f) throw new Error(`unknown generator @${call.name}`);
        const x = this.fresh('g');
        const tc = carrierOf(op.gen.target, this) ?? 'number';
        // an index loop (for-of allocates an iterator and a result per step before V8 optimises it)
        this.line(`const ${x}a = ${functorCallJs(call, this)}, ${x}l = Array.isArray(${x}a) ? ${x}a : Array.from(${x}a);`);
        this.open(`for (let ${x}i = 0; ${x}i < ${x}l.length; ${x}i++) { const ${x} = ${x}l[${x}i];`);
        this.match(op.gen.target, encodeJs(x, f.result, this), tc);
        break;
      }
      case 'agg': this.emitAgg(op, cont); return;
    }
    cont();
  }

  private keyCol(k: number, c: number, r: string): string {
    const ka = [...this.slots.values()][k]!.plan.keyArity;
    return ka === 1 ? `R${k}d[${r}]` : `R${k}d[(${r}) * ${ka} + ${c}]`;
  }

  private emitScan(atom: Atom, source: string, boundCols: readonly number[]): void {
    const s = this.rel(atom.rel);
    const k = s.k;
    const ka = s.plan.keyArity;
    const lat = s.plan.info.lattice !== undefined;
    const r = this.fresh('r');
    const checked = new Set<number>();
    if (source === 'delta') {
      if (this.fusedRow !== undefined) {
        // fused stratum function (compileEager): the row is given by the caller's loop
        this.open('{');
        this.line(`const ${r} = ${this.fusedRow};`);
      } else if (lat) {
        const q = this.fresh('q');
        this.open(`for (let ${q} = 0, ${q}n = R${k}o.dLen, ${q}d = R${k}o.dRows; ${q} < ${q}n; ${q}++) {`);
        this.line(`const ${r} = ${q}d[${q}];`);
      } else {
        this.open(`for (let ${r} = R${k}o.dLo, ${r}n = R${k}o.dHi; ${r} < ${r}n; ${r}++) {`);
      }
    } else if (boundCols.length === 0) {
      const lim = source === 'old' && !lat ? `R${k}o.dLo` : `R${k}o.size`;
      this.open(`for (let ${r} = 0, ${r}n = ${lim}; ${r} < ${r}n; ${r}++) {`);
    } else if (boundCols.length === ka) {
      this.probeSet(s, atom, r);
      this.open(`if (${r} >= 0${source === 'old' && !lat ? ` && ${r} < R${k}o.dLo` : ''}) {`);
      for (const c of boundCols) checked.add(c);
    } else {
      const ix = indexId(s, boundCols);
      const h = this.fresh('h');
      const vals = boundCols.map((c) => this.argJs(atom.args[c]!, s, c));
      const hv = vals.map((_, i) => `${h}k${i}`);
      vals.forEach((v, i) => this.line(`const ${hv[i]} = ${v};`));
      // one-entry cache: an inner loop often probes with the same key as the last time (the
      // key was bound outside it); rows added since are in the next delta, so reusing the
      // chain head is sound
      const memo = hv.map((_, i) => `${h}m${i}`);
      this.hoist.add(`let ${memo.map((m) => `${m} = 0`).join(', ')}, ${h}mr = -2, ${h}mz = -1;`);
      this.passInit.add(`${h}mr = -2; ${h}mz = -1;`);
      // (valid only while the relation has not grown: a fused function inserts into the
      // relations it reads, and does not rely on a next delta to find what a stale head hid)
      const same = hv.map((x, i) => `${x} === ${memo[i]}`).join(' && ') + ` && ${h}mz === R${k}o.size`;
      // a lookup on the chain column walks the chain while the relation is in chain mode (its
      // index is only built when the mode ends, relation.ts); `cm` keeps the walk's choice
      const chainAt = boundCols.indexOf(chainColumn(lat, ka));
      const onChain = chainAt >= 0;
      const cm = `${h}cm`;
      this.line(`let ${r};`);
      if (onChain) {
        const ck = hv[chainAt]!;
        this.line(`const ${cm} = R${k}o.dcol >= 0;`);
        this.line(`if (${cm}) ${r} = ${denseAt(k, ck)} - 1;`);
        this.line(`else if (${h}mr !== -2 && ${same}) ${r} = ${h}mr;`);
      } else {
        this.line(`if (${h}mr !== -2 && ${same}) ${r} = ${h}mr;`);
      }
      if (hv.length === 1) this.line(`else if ((${hv[0]} >>> 0) < R${k}i${ix}d.length) ${r} = R${k}i${ix}d[${hv[0]}] - 1;`);
      this.line('else {');
      this.ind++;
      this.line(`let ${h} = ${HASH_INIT};`);
      for (const x of hv) this.line(HASH_STEP_JS(h, x));
      this.line(HASH_FINAL_JS(h));
      this.line(`${h} &= R${k}i${ix}m;`);
      this.line(`${r} = -1;`);
      const eq = boundCols.map((c, i) => `${this.keyCol(k, c, `${h}s - 1`)} === ${hv[i]}`).join(' && ');
      this.line(`for (;;) { const ${h}s = R${k}i${ix}t[${h}]; if (${h}s === 0) break; if (${eq}) { ${r} = ${h}s - 1; break; } ${h} = (${h} + 1) & R${k}i${ix}m; }`);
      this.line(`${hv.map((x, i) => `${memo[i]} = ${x};`).join(' ')} ${h}mr = ${r}; ${h}mz = R${k}o.size;`);
      this.ind--;
      this.line('}');
      this.open(`for (; ${r} >= 0; ${r} = ${onChain ? `${cm} ? R${k}dx[${r}] - 1 : ` : ''}R${k}i${ix}n[${r}]) {`);
      // a chain holds every row with the chain column's value: check the other bound columns
      const others = boundCols.map((c, i) => [c, i] as const).filter(([, i]) => i !== chainAt);
      if (onChain && others.length > 0) this.line(`if (${cm} && !(${others.map(([c, i]) => `${this.keyCol(k, c, r)} === ${hv[i]}`).join(' && ')})) continue;`);
      if (source === 'old' && !lat) {
        this.hoist.add(`let R${k}dLo = R${k}o.dLo;`);
        this.passInit.add(`R${k}dLo = R${k}o.dLo;`);
        this.line(`if (${r} >= R${k}dLo) continue;`);
      }
      for (const c of boundCols) checked.add(c);
    }
    atom.args.forEach((a, c) => {
      if (checked.has(c)) return;
      if (c >= ka && a.kind === 'var' && !this.bound.has(a.name) && this.unboxedOf(s) !== undefined) {
        // an unboxed mask: bind its four words
        const vn = this.varName(a.name);
        const words = [0, 1, 2, 3].map((i) => `${vn}$$${i}`);
        words.forEach((x, i) => this.line(`const ${x} = R${k}w[(${r}) * 4 + ${i}];`));
        this.maskVars.set(a.name, words);
        this.bound.add(a.name);
        return;
      }
      const val = c < ka ? this.keyCol(k, c, r) : this.valueJs(s, r);
      if (c >= ka && a.kind !== 'anon' && !(a.kind === 'var' && !this.bound.has(a.name))) {
        const lc = this.constant(this.lattice(s.plan.info.lattice!));
        this.open(`if (K[${lc}].leq(${termJs(a, this, 'lattice')}, ${val})) {`);
        return;
      }
      this.match(a, val, this.colCarrier(s, c));
    });
  }

  private colCarrier(s: RelSlot, c: number): Carrier {
    return carrierOfType(s.plan.info.columns[c]!.type);
  }
  private argJs(a: Term, s: RelSlot, c: number): string { return termJs(a, this, this.colCarrier(s, c)); }

  /** Probes the relation's key set for the fully bound key of `atom`; declares `r` (row or -1). */
  private probeSet(s: RelSlot, atom: Atom, r: string): void {
    const k = s.k;
    const ka = s.plan.keyArity;
    const h = this.fresh('h');
    const vals = Array.from({ length: ka }, (_, c) => this.argJs(atom.args[c]!, s, c));
    vals.forEach((v, i) => this.line(`const ${h}k${i} = ${v};`));
    this.line(`let ${r} = -1;`);
    const col = chainColumn(s.plan.info.lattice !== undefined, ka);
    const chain = col >= 0;
    if (chain) {
      const x = `${h}x`;
      this.line(`if (R${k}o.dcol >= 0) { ${this.chainWalk(k, ka, col, x, (c) => `${h}k${c}`)} ${r} = ${x} - 1; } else {`);
    }
    if (ka === 1) this.line(`if ((${h}k0 >>> 0) < R${k}dn.length) ${r} = R${k}dn[${h}k0] - 1; else {`);
    // a plain two-column relation may be in bitmap mode: row 0 stands for "present"
    const bits = ka === 2 && s.plan.info.lattice === undefined;
    if (bits) this.line(`if (R${k}o.pb !== null) ${r} = R${k}o.pb.has(${h}k0, ${h}k1) ? 0 : -1; else {`);
    this.line(`let ${h} = ${HASH_INIT};`);
    for (let i = 0; i < ka; i++) this.line(HASH_STEP_JS(h, `${h}k${i}`));
    this.line(HASH_FINAL_JS(h));
    this.line(`${h} >>>= R${k}ss;`);
    const st = ka + 1;
    const eq = vals.map((_, i) => `R${k}s[${h}b + ${i + 1}] === ${h}k${i}`).join(' && ') || 'true';
    this.line(`for (;;) { const ${h}b = ${h} * ${st}; const ${h}s = R${k}s[${h}b]; if (${h}s === 0) break; if (${eq}) { ${r} = ${h}s - 1; break; } ${h} = (${h} + 1) & R${k}sm; }`);
    if (ka === 1 || bits) this.line('}');
    if (chain) this.line('}');
  }

  /** `!atom`; with `table`, looked up only when that dispatch table is null (`decided`). */
  private emitNeg(atom: Atom, boundCols: readonly number[], table?: string): void {
    if (table === undefined) {
      this.open(`if (!${this.negLookup(atom, boundCols)}) {`);
      return;
    }
    const f = this.fresh('n');
    this.line(`let ${f} = false;`);
    this.open(`if (${table} === null) {`);
    this.line(`${f} = ${this.negLookup(atom, boundCols)};`);
    this.close();
    this.open(`if (!${f}) {`);
  }

  /** Emits the lookup of `atom`; returns the JS boolean that holds when a tuple matches. */
  private negLookup(atom: Atom, boundCols: readonly number[]): string {
    const s = this.rel(atom.rel);
    const k = s.k;
    const ka = s.plan.keyArity;
    const lat = s.plan.info.lattice !== undefined;
    const la = lat ? atom.args[ka] : undefined;
    const valCheck = (r: string): string => {
      if (!la || la.kind === 'anon') return 'true';
      const lc = this.constant(this.lattice(s.plan.info.lattice!));
      return `K[${lc}].leq(${termJs(la, this, 'lattice')}, ${this.valueJs(s, r)})`;
    };
    const f = this.fresh('n');
    if (boundCols.length === ka) {
      const r = this.fresh('r');
      this.line('{');
      this.ind++;
      this.probeSet(s, atom, r);
      this.line(`var ${f} = ${r} >= 0 && ${valCheck(r)};`);
      this.ind--;
      this.line('}');
    } else if (boundCols.length === 0) {
      const r = this.fresh('r');
      this.line(`let ${f} = false;`);
      this.line(`for (let ${r} = 0, ${r}n = R${k}o.size; ${r} < ${r}n; ${r}++) if (${valCheck(r)}) { ${f} = true; break; }`);
    } else {
      const ix = indexId(s, boundCols);
      const h = this.fresh('h');
      const vals = boundCols.map((c) => this.argJs(atom.args[c]!, s, c));
      vals.forEach((v, i) => this.line(`const ${h}k${i} = ${v};`));
      this.line(`let ${h} = ${HASH_INIT};`);
      vals.forEach((_, i) => this.line(HASH_STEP_JS(h, `${h}k${i}`)));
      this.line(HASH_FINAL_JS(h));
      this.line(`${h} &= R${k}i${ix}m;`);
      this.line(`let ${f} = false;`);
      const eq = boundCols.map((c, i) => `${this.keyCol(k, c, `${h}s - 1`)} === ${h}k${i}`).join(' && ');
      const r = this.fresh('r');
      const walk = (head: string): string => `for (let ${r} = ${head}; ${r} >= 0; ${r} = R${k}i${ix}n[${r}]) if (${valCheck(r)}) { ${f} = true; break; }`;
      const probe = `for (;;) { const ${h}s = R${k}i${ix}t[${h}]; if (${h}s === 0) break; if (${eq}) { ${walk(`${h}s - 1`)} break; } ${h} = (${h} + 1) & R${k}i${ix}m; }`;
      // a single-column index answers small keys from its dense table (in dense mode only there)
      const indexed = boundCols.length === 1 ? `if ((${h}k0 >>> 0) < R${k}i${ix}d.length) { ${walk(`R${k}i${ix}d[${h}k0] - 1`)} } else { ${probe} }` : probe;
      const chainAt = boundCols.indexOf(chainColumn(lat, ka));
      if (chainAt >= 0) {
        // the chain column is bound: walk the chain while the relation is in chain mode
        const x = this.fresh('r');
        const match = boundCols.map((c, i) => `${this.keyCol(k, c, x)} === ${h}k${i}`).join(' && ');
        this.line(`if (R${k}o.dcol >= 0) { for (let ${x} = ${denseAt(k, `${h}k${chainAt}`)} - 1; ${x} >= 0; ${x} = R${k}dx[${x}] - 1) if (${match} && ${valCheck(x)}) { ${f} = true; break; } } else { ${indexed} }`);
      } else {
        this.line(indexed);
      }
    }
    return f;
  }

  private emitAgg(op: AggOp, cont: () => void): void {
    const fn = op.agg.fn;
    const tgt = op.agg.target;
    const acc = this.fresh('acc');
    const n = `${acc}n`;
    const tc: Carrier = tgt ? (carrierOf(tgt, this) ?? 'number') : 'number';
    let lat: number | undefined;
    if (fn === 'join' || fn === 'meet') {
      const ln = tgt ? latticeOf(tgt, this) : undefined;
      if (!ln) throw new Error('join/meet aggregates need a lattice-typed target');
      const L = this.lattice(ln);
      if (fn === 'meet' && !L.meet) throw new Error(`lattice ${ln} has no meet`);
      lat = this.constant(L);
    }
    this.line(`let ${acc} = ${fn === 'join' || fn === 'meet' ? 'undefined' : '0'}, ${n} = 0;`);
    const saved = new Set(this.bound);
    const saveInd = this.ind;
    this.line('{');
    this.ind++;
    this.emitOps(op.body, 0, () => {
      const x = tgt ? termJs(tgt, this, tc) : '0';
      switch (fn) {
        case 'count': this.line(`${n}++;`); break;
        case 'sum': case 'mean':
          this.line(tc === 'float' ? `${acc} += rt.i2f(${x}); ${n}++;` : tc === 'unsigned' && fn === 'mean' ? `${acc} += (${x}) >>> 0; ${n}++;` : fn === 'mean' ? `${acc} += ${x}; ${n}++;` : `${acc} = (${acc} + (${x})) | 0; ${n}++;`);
          break;
        case 'min': case 'max': {
          const t = this.fresh('x');
          this.line(`const ${t} = ${x};`);
          this.line(`if (${n}++ === 0 || ${compareJs(fn === 'min' ? '<' : '>', t, acc, tc)}) ${acc} = ${t};`);
          break;
        }
        case 'join': this.line(`${acc} = ${n}++ === 0 ? ${x} : K[${lat}].join(${acc}, ${x});`); break;
        case 'meet': this.line(`${acc} = ${n}++ === 0 ? ${x} : K[${lat}].meet(${acc}, ${x});`); break;
      }
    });
    while (this.ind > saveInd) { this.ind--; this.line('}'); }
    this.bound.clear();
    for (const v of saved) this.bound.add(v);
    const rc = carrierOf(op.result, this) ?? (fn === 'count' ? 'number' : tc);
    let res: string;
    switch (fn) {
      case 'count': res = n; break;
      case 'sum': res = tc === 'float' ? `rt.f2i(${acc})` : acc; break;
      case 'mean': res = rc === 'float' ? `rt.f2i(${acc} / ${n})` : `(Math.trunc(${acc} / ${n}) | 0)`; break;
      default: res = acc;
    }
    if (fn !== 'count' && fn !== 'sum') this.open(`if (${n} > 0) {`);
    const t = this.fresh('a');
    this.line(`const ${t} = ${res};`);
    this.match(op.result, t, rc);
    cont();
  }

  emitHead(head: Atom, s: RelSlot): void {
    const k = s.k;
    const ka = s.plan.keyArity;
    const T = `T${this.constant(new Int32Array(ka))}`;
    this.hoist.add(`const ${T} = K[${T.slice(1)}];`);
    const lat = s.plan.info.lattice !== undefined;
    const h = this.fresh('ih');
    const unboxed = this.unboxedOf(s) !== undefined;
    const words = unboxed ? emitWords(this, head.args[ka]!) : [];
    head.args.forEach((a, c) => {
      if (c < ka) this.line(`const ${h}k${c} = ${this.argJs(a, s, c)};`);
      else if (!unboxed) this.line(`const ${h}k${c} = ${termJs(a, this, 'lattice')};`);
    });
    const hashLines = [`let ${h} = ${HASH_INIT};`, ...Array.from({ length: ka }, (_, c) => HASH_STEP_JS(h, `${h}k${c}`)), HASH_FINAL_JS(h)];
    const st = ka + 1;
    const fill = Array.from({ length: ka }, (_, c) => `${T}[${c}] = ${h}k${c};`).join(' ');
    if (!lat) {
      // a version that does not read its head, into a relation in chain mode: the tuple is
      // looked for on its chain and appended at once (nothing it scans can see it); else it
      // is buffered and `flush` deduplicates and inserts in hash order. (Two-column
      // relations keep the buffer: `flush` may move them to the presence bitmap.)
      const direct = this.directHead && ka >= 3;
      if (direct) {
        const x = `${h}x`;
        this.line(`if (R${k}o.dcol >= 0) { ${this.chainWalk(k, ka, chainColumn(false, ka), x, (c) => `${h}k${c}`)} if (${x} === 0) { ${fill} R${k}o.appendAt(${T}, 0); /*RELOAD ${k}*/ } } else {`);
      }
      for (const l of hashLines) this.line(l);
      const pl = `${h}l`;
      this.line(`let ${pl} = R${k}o.pendLen;`);
      this.line(`if (${pl} === R${k}o.pendCap) { R${k}o.makeRoom(); /*RELOAD ${k}*/ ${pl} = R${k}o.pendLen; }`);
      this.line(`R${k}p[${pl} * ${st}] = ${h}; ${Array.from({ length: ka }, (_, c) => `R${k}p[${pl} * ${st} + ${c + 1}] = ${h}k${c};`).join(' ')} R${k}o.pendLen = ${pl} + 1;`);
      if (direct) this.line('}');
      return;
    }
    const eq = Array.from({ length: ka }, (_, c) => `R${k}s[${h}b + ${c + 1}] === ${h}k${c}`).join(' && ') || 'true';
    const add = unboxed ? `R${k}o.appendWordsAt(${T}, ${h}, ${words.join(', ')});` : `R${k}o.appendLatticeAt(${T}, ${h}, ${h}k${ka});`;
    const join = (row: string): string => (unboxed ? `R${k}o.joinWords(${row}, ${words.join(', ')});` : `R${k}o.joinAt(${row}, ${h}k${ka});`);
    const hit = ` ${join(`${h}s - 1`)}`;
    const probe = `${hashLines.join(' ')} ${h} >>>= R${k}ss; for (;;) { const ${h}b = ${h} * ${st}; const ${h}s = R${k}s[${h}b]; if (${h}s === 0) { ${fill} ${add} /*RELOAD ${k}*/ break; } if (${eq}) {${hit} break; } ${h} = (${h} + 1) & R${k}sm; }`;
    if (ka === 1) {
      // dense key: a present key is found without hashing; a new key takes the hash path
      this.line(`const ${h}d = ${denseAt(k, `${h}k0`)};`);
      this.line(`if (${h}d !== 0) ${join(`${h}d - 1`)} else { ${probe} }`);
    } else if (ka === 0) {
      this.line(probe);  // no key: at most one row, no chain mode
    } else {
      // chain mode (relation.ts): walk the rows with the same last key column
      const x = `${h}x`;
      this.line(`if (R${k}o.dcol >= 0) { ${this.chainWalk(k, ka, ka - 1, x, (c) => `${h}k${c}`)} if (${x} !== 0) ${join(`${x} - 1`)} else { ${fill} ${add.replace(`(${T}, ${h},`, `(${T}, 0,`)} /*RELOAD ${k}*/ } }`);
      this.line(`else { ${probe} }`);
    }
  }

  /** Declares `x` = the row + 1 with key `key(0..ka)` in chain mode on column `col` (0 = absent). */
  private chainWalk(k: number, ka: number, col: number, x: string, key: (c: number) => string): string {
    const last = key(col);
    const eq = Array.from({ length: ka }, (_, c) => `R${k}d[(${x} - 1) * ${ka} + ${c}] === ${key(c)}`).join(' && ');
    return `let ${x} = ${denseAt(k, last)}; while (${x} !== 0 && !(${eq})) ${x} = R${k}dx[${x} - 1];`;
  }
}
