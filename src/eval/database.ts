/**
 * Database: the evaluator's state and its public face. It owns one `Relation` per declared
 * relation, the symbol and record tables, and the compiled rule versions; `run()` brings it
 * to the fixpoint of the plan (fixpoint.ts), and facts can be added afterwards and `run()`
 * called again to continue from the current state (incremental evaluation).
 *
 * Rows cross the API as JS values: numbers, strings for symbols, arrays (or null for nil) for
 * records, the lattice's own values for lattice columns.
 */
import type { Lattice } from '../base/lattice.js';
import type { ColumnType } from '../check/checked.js';
import type { Plan, RuleVersion, StratumPlan } from '../plan/plan.js';
import { compileVersion, type CompiledVersion, type RuntimeHelpers } from './compile.js';
import { compileConstTerm } from './compile-const.js';
import { compileEager, type CompiledEager, type EagerVersion } from './compile-eager.js';
import { Relation } from './relation.js';
import { makeRuntime } from './runtime.js';
import { decode, encode, RecordTable, SymbolTable, type ValueContext } from './values.js';
import { runStrata, type EngineState, type StratumMarks } from './fixpoint.js';
import { adaptVersion } from './adaptive.js';
import { flowDirection, flowEdges } from './flow-order.js';
import { emptyStats, type EvalStats } from './stats.js';

/** Compiled rule versions reusable across databases (see `runVersion`). */
const sharedCode = new WeakMap<RuleVersion, CompiledVersion>();
/** Fused eager functions reusable across databases, per stratum and adapted versions. */
const sharedEager = new WeakMap<StratumPlan, { versions: RuleVersion[]; cv: CompiledEager }[]>();

/** A relation's worklist order in a fused stratum (flow-order.ts). */
interface Flow { readonly rel: Relation; readonly col: number; readonly descending: boolean; readonly span: number; readonly via: Relation }

/** Rows entering a fused eager function from which its worklists follow the flow order. */
const FLOW_ORDER_MIN_ROWS = 4096;

/** A rule version compiled for one database: its code, relations, head and pre-sizing source. */
interface CompiledEntry {
  readonly cv: CompiledVersion;
  readonly rels: readonly Relation[];
  readonly head: Relation;
  /** Full versions scanning a whole relation first: the head is sized from it when empty. */
  readonly fillFrom: Relation | undefined;
}

/** A decoded row. */
export type Row = readonly unknown[];

/** Facts per relation name (symbols as strings, lattice values as the lattice's values). */
export type FactInput = ReadonlyMap<string, Iterable<Row>> | Readonly<Record<string, Iterable<Row>>>;

/** Read access to one relation. */
export interface RelationView {
  readonly name: string;
  /** Number of tuples (lattice relations: number of keys). */
  readonly size: number;
  /** The tuples, decoded (lattice relations: key columns then the stored value). */
  rows(): Iterable<unknown[]>;
  /** Membership; for a lattice relation: the key is present and the value is ⊑ the stored one. */
  has(row: Row): boolean;
  /** Lattice relations: the value stored under the key columns `key`, or undefined. */
  lookup(key: Row): unknown;
}

/**
 * The evaluated (or evaluable) database of a plan.
 *
 * @example
 * const db = evaluate(plan, { e: [[1, 2], [2, 3]] });
 * [...db.relation('tc')!.rows()] // [[1, 2], [2, 3], [1, 3]]
 * db.insertFacts('e', [[3, 4]]); db.run();
 */
export class Database implements EngineState {
  readonly rels = new Map<string, Relation>();
  readonly ctx: ValueContext = { symbols: new SymbolTable(), records: new RecordTable() };
  readonly rt: RuntimeHelpers;
  readonly marks: (StratumMarks | undefined)[];
  /** Facts given for relations that also have rules (replayed when a stratum is recomputed). */
  readonly baseFacts = new Map<string, Row[]>();
  readonly statistics: EvalStats;
  private readonly compiled = new Map<RuleVersion, CompiledEntry>();
  private readonly eagerCompiled = new Map<StratumPlan, { pass: () => void; rels: Relation[]; heads: Relation[]; flows: Flow[] }>();
  private readonly headRels: Set<string>;

  constructor(readonly plan: Plan, readonly collectStats = false) {
    this.rt = makeRuntime(this.ctx);
    for (const [name, rp] of plan.relations) {
      const lat = rp.info.lattice !== undefined ? this.lattice(rp.info.lattice) : undefined;
      this.rels.set(name, new Relation(name, rp.keyArity, lat, [], lat === undefined && rp.keyArity === 2));
    }
    this.marks = plan.strata.map(() => undefined);
    this.headRels = new Set(plan.strata.flatMap((s) => s.clauses.map((c) => c.clause.head.rel)));
    this.statistics = emptyStats(plan);
    for (const f of plan.program.facts) {
      const info = plan.relations.get(f.rel)!.info;
      const row = f.args.map((a, i) => {
        const t = info.columns[i]!.type;
        const v = compileConstTerm(a, t, plan.registry, this.rt, (s) => this.ctx.symbols.intern(s))();
        return t.kind === 'lattice' ? v : decode(this.ctx, t, v);
      });
      this.insertFacts(f.rel, [row]);
    }
  }

  private lattice(name: string): Lattice<unknown> {
    const l = this.plan.registry.lattices.get(name);
    if (!l) throw new Error(`unknown lattice '${name}'`);
    return l;
  }

  /** The storage of relation `name` (throws if undeclared). */
  rel(name: string): Relation {
    const r = this.rels.get(name);
    if (!r) throw new Error(`unknown relation '${name}'`);
    return r;
  }

  /** Compiles (once) and runs a rule version. */
  runVersion(v: RuleVersion, varTypes: ReadonlyMap<string, ColumnType>): void {
    const c = this.compiledFor(v, varTypes);
    if (c.fillFrom !== undefined && c.head.size === 0) c.head.reserve(c.fillFrom.size);
    c.cv.run(c.rels);
    c.head.flush();
  }

  /** The compiled form of a rule version in this database (compiled on first use). */
  private compiledFor(v: RuleVersion, varTypes: ReadonlyMap<string, ColumnType>): CompiledEntry {
    let c = this.compiled.get(v);
    if (!c) {
      // Generated code is shared by every database of the same plan unless it embeds
      // interned symbol ids (which belong to one database's symbol table).
      const av = adaptVersion(this.plan, v, (n) => this.rel(n));
      const hit = sharedCode.get(av);
      const cv = hit ?? compileVersion(av, varTypes, this.plan.relations, this.plan.registry, this.rt, (s) => this.ctx.symbols.intern(s));
      if (!hit && !cv.usesSymbols) sharedCode.set(av, cv);
      const run = hit ? cv.rebind(this.rt) : (R: readonly Relation[]): void => cv.run(R);
      // a full version that starts by scanning a whole relation: the head gets room for one
      // row per scanned row at once when it is still empty (no step-by-step growth)
      // (not when the scan checks constants: it keeps only some of the rows)
      const first = v.ops[0];
      const unfiltered = first?.kind === 'scan' && first.bound.length === 0 && first.atom.args.every((a) => a.kind !== 'num' && a.kind !== 'str' && a.kind !== 'nil');
      const fillFrom = v.deltaAtom === undefined && unfiltered ? this.rel(first.atom.rel) : undefined;
      c = { cv: { ...cv, run }, rels: cv.rels.map((n) => this.rel(n)), head: this.rel(v.head.rel), fillFrom };
      this.compiled.set(v, c);
    }
    return c;
  }

  /** Compiles (once) and runs the fused eager function of a stratum (fixpoint.ts). */
  runEager(s: StratumPlan, versions: readonly EagerVersion[]): void {
    let c = this.eagerCompiled.get(s);
    if (!c) {
      const evs = versions.map((ev) => ({ version: adaptVersion(this.plan, ev.version, (n) => this.rel(n)), varTypes: ev.varTypes }));
      const shared = sharedEager.get(s) ?? [];
      const hit = shared.find((x) => x.versions.every((v, i) => v === evs[i]!.version));
      const own = new Set(s.relations);
      const cv = hit?.cv ?? compileEager(evs, this.plan.relations, this.plan.registry, this.rt, (x) => this.ctx.symbols.intern(x), (r) => !own.has(r));
      if (!hit && !cv.usesSymbols) { shared.push({ versions: evs.map((e) => e.version), cv }); sharedEager.set(s, shared); }
      const rels = cv.rels.map((n) => this.rel(n));
      // bound once: the closures it creates live as long as this database (compile-eager.ts)
      const pass = hit ? cv.rebind(this.rt)(rels) : cv.run(rels);
      const heads = [...new Set(versions.map((ev) => ev.version.head.rel))].map((n) => this.rel(n));
      c = { pass, rels, heads, flows: this.flowsOf(s, evs.map((e) => e.version)) };
      this.eagerCompiled.set(s, c);
    }
    // flow order when many rows enter at once (seeds all over the program, as for a backward
    // analysis); from a few rows, the newest-first stack already follows the flow
    let entering = 0;
    for (const r of c.rels) if (r.lattice) entering += r.dLen;
    for (const f of c.flows) {
      // a relation that flows along E (a CFG) gets about a row per row of E: room made once
      if (f.rel.size === 0) f.rel.reserve(f.via.size);
      if (entering >= FLOW_ORDER_MIN_ROWS) f.rel.wl.prioritise(f.col, f.descending, f.span);
      else f.rel.wl.prioritise(-1, false);
    }
    c.pass();
    for (const h of c.heads) h.flush();
  }

  /**
   * The flow edges (flow-order.ts) of a fused stratum's lattice relations, with the direction
   * read from the rows of the linking relation.
   */
  private flowsOf(s: StratumPlan, versions: readonly RuleVersion[]): Flow[] {
    const own = new Set(s.relations);
    const lower = (rel: string): boolean => !own.has(rel) && this.plan.strata.findIndex((t) => t.relations.includes(rel)) < s.index;
    const out: Flow[] = [];
    for (const e of flowEdges(versions, (rel) => this.plan.relations.get(rel)!.keyArity, lower)) {
      const dir = flowDirection(this.rel(e.via), e.headPos, e.deltaPos);
      if (dir === undefined) continue;
      // a bucket queue when the values are small instruction-like numbers (room for 2x)
      const span = dir.min >= 0 && dir.max < 1 << 23 ? 2 * (dir.max + 1) : 0;
      out.push({ rel: this.rel(e.rel), col: e.col, descending: dir.order === 'desc', span, via: this.rel(e.via) });
    }
    return out;
  }

  /** Generated JS of a rule version (for debugging and docs). */
  versionSource(v: RuleVersion, varTypes: ReadonlyMap<string, ColumnType>): string {
    return this.compiledFor(v, varTypes).cv.source;
  }

  /**
   * Adds facts given column by column (taking effect at the next `run()`): `columns[c][i]`
   * is key column c of fact i, and for a lattice relation `values[i]` its value. Only for
   * relations whose key columns are `number` or `unsigned` (the int32 bit pattern); no
   * row arrays are built, which matters for millions of facts. The relation's planned
   * indexes are built at the end of the load. Rows are deduplicated in hash order (one sweep
   * over the dedup table), so `rows()` lists them in that order, not in the order given.
   *
   * @example
   * db.insertColumns('e', [Int32Array.of(1, 2), Int32Array.of(2, 3)]); // e(1, 2), e(2, 3)
   */
  insertColumns(relName: string, columns: readonly ArrayLike<number>[], values?: readonly unknown[]): void {
    const rp = this.plan.relations.get(relName);
    if (!rp) throw new Error(`unknown relation '${relName}'`);
    const ka = rp.keyArity;
    if (columns.length !== ka) throw new TypeError(`${relName}: expected ${ka} key columns, got ${columns.length}`);
    const n = ka > 0 ? columns[0]!.length : (values?.length ?? 0);
    if (columns.some((c) => c.length !== n) || (rp.info.lattice !== undefined && values?.length !== n)) throw new TypeError(`${relName}: columns of unequal length`);
    const intCols = rp.info.columns.slice(0, ka).every((c) => c.type.kind === 'primitive' && (c.type.carrier === 'number' || c.type.carrier === 'unsigned'));
    if (!intCols) throw new TypeError(`${relName}: insertColumns needs number or unsigned key columns`);
    if (this.headRels.has(relName)) {
      // base facts of a derived relation are kept as rows (replayed when it is recomputed)
      this.insertFacts(relName, Array.from({ length: n }, (_, i) => [...columns.map((c) => c[i]!), ...(values ? [values[i]] : [])]));
      return;
    }
    const r = this.rel(relName);
    r.reserve(n);
    if (r.lattice) {
      const t = new Int32Array(ka);
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < ka; c++) t[c] = columns[c]![i]! | 0;
        r.joinInto(t, values![i]);
      }
    } else {
      r.insertColumns(columns, n);
    }
    // a bulk load also builds the indexes the plan looks this relation up by, as a
    // hand-written solver builds its adjacency lists while loading
    for (const cols of rp.indexes) r.index(cols);
  }

  /**
   * Bulk insertion of `n` plain key rows stored row-major (`data[i * arity + c]`, int32): the
   * relation takes the array itself when it can (`RowStore.adoptRows`: an empty relation and
   * chain keys that do not descend, as the per-instruction facts are; the caller gives the
   * array up), and otherwise inserts the rows as `insertColumns` does.
   *
   * @example
   * db.insertRowMajor('code', Int32Array.of(0, 183, 1, 149), 2); // code(0, 183), code(1, 149)
   */
  insertRowMajor(relName: string, data: Int32Array, n: number): void {
    const rp = this.plan.relations.get(relName);
    if (!rp) throw new Error(`unknown relation '${relName}'`);
    const ka = rp.keyArity;
    // adoptRows checks the storage (plain relation, empty, keys in order); here: int32 keys,
    // and no rules deriving into the relation (their base facts are kept as rows)
    const adopt = !this.headRels.has(relName) &&
      rp.info.columns.slice(0, ka).every((c) => c.type.kind === 'primitive' && (c.type.carrier === 'number' || c.type.carrier === 'unsigned'));
    if (adopt && this.rel(relName).adoptRows(data, n)) {
      for (const cols of rp.indexes) this.rel(relName).index(cols);
      return;
    }
    const columns = Array.from({ length: ka }, (_, c) => {
      const col = new Int32Array(n);
      for (let i = 0; i < n; i++) col[i] = data[i * ka + c]!;
      return col;
    });
    this.insertColumns(relName, columns);
  }

  /**
   * Adds facts to a relation (taking effect at the next `run()`).
   *
   * @example
   * db.insertFacts('e', [[1, 2]]);
   */
  insertFacts(relName: string, rows: Iterable<Row>): void {
    const rp = this.plan.relations.get(relName);
    if (!rp) throw new Error(`unknown relation '${relName}'`);
    const r = this.rel(relName);
    const cols = rp.info.columns;
    const ka = rp.keyArity;
    const t = new Int32Array(ka);
    const keep = this.headRels.has(relName) ? (this.baseFacts.get(relName) ?? []) : undefined;
    if (keep && !this.baseFacts.has(relName)) this.baseFacts.set(relName, keep);
    // integer columns take the fast path (`v | 0`); the rest go through `encode`
    const plainInt = cols.slice(0, ka).map((c) => c.type.kind === 'primitive' && (c.type.carrier === 'number' || c.type.carrier === 'unsigned'));
    if (Array.isArray(rows) && rows.length > 64) r.reserve(rows.length);
    for (const row of rows) {
      if (row.length !== cols.length) throw new TypeError(`${relName}: expected ${cols.length} columns, got ${row.length}`);
      for (let c = 0; c < ka; c++) {
        const v = row[c];
        t[c] = plainInt[c] && typeof v === 'number' ? v | 0 : (encode(this.ctx, cols[c]!.type, v) as number);
      }
      if (r.lattice) r.joinInto(t, row[ka]);
      else r.insert(t);
      keep?.push(row);
    }
  }

  /** Evaluates to the fixpoint (first call: everything; later calls: continue after inserts). */
  run(): void {
    runStrata(this);
  }

  /** Evaluation statistics (timing only when created with `stats: true`). */
  stats(): EvalStats {
    for (const [name, r] of this.rels) this.statistics.tuples.set(name, r.size);
    return this.statistics;
  }

  /** Read access to relation `name`, or undefined if it is not declared. */
  relation(name: string): RelationView | undefined {
    const rp = this.plan.relations.get(name);
    const r = this.rels.get(name);
    if (!rp || !r) return undefined;
    const ctx = this.ctx;
    const cols = rp.info.columns;
    const ka = rp.keyArity;
    const encKey = (row: Row): Int32Array | undefined => {
      const t = new Int32Array(ka);
      for (let c = 0; c < ka; c++) {
        const ty = cols[c]!.type;
        const v = tryEncode(ctx, ty, row[c]);
        if (v === undefined) return undefined;
        t[c] = v;
      }
      return t;
    };
    return {
      name,
      get size() { return r.size; },
      *rows() {
        for (let i = 0; i < r.size; i++) {
          const out: unknown[] = [];
          for (let c = 0; c < ka; c++) out.push(decode(ctx, cols[c]!.type, r.at(i, c)));
          if (r.lattice) out.push(r.valueAt(i));
          yield out;
        }
      },
      has(row) {
        const t = encKey(row);
        if (!t) return false;
        const i = r.find(t);
        if (i < 0) return false;
        return r.lattice ? r.lattice.leq(row[ka], r.valueAt(i)) : true;
      },
      lookup(key) {
        const t = encKey(key);
        if (!t) return undefined;
        const i = r.find(t);
        return i < 0 ? undefined : r.lattice ? r.valueAt(i) : true;
      },
    };
  }
}

/** Encodes without interning new symbols/records (undefined if the value cannot be present). */
function tryEncode(ctx: ValueContext, t: ColumnType, v: unknown): number | undefined {
  if (t.kind === 'primitive' && t.carrier === 'symbol') return typeof v === 'string' ? ctx.symbols.lookup(v) : undefined;
  try {
    return encode(ctx, t, v) as number;
  } catch {
    return undefined;
  }
}
