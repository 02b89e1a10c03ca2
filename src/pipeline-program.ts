/**
 * The library's runnable objects. A `Program` is a compiled rule file (checked and planned);
 * `program.run(facts)` evaluates it into a `Database`, whose relations are read as decoded JS
 * rows, extended with more facts (incremental evaluation) and queried with `?-` text.
 *
 *     compile(text) ─▶ Program ─run(facts | factDir)─▶ Database ─relation(r).rows()
 *                        │ extend(text)                    ├ insertFacts(facts)   (continues the fixpoint)
 *                        │                                 ├ insertColumns(rel, int32 columns)  (bulk)
 *                        ▼                                 └ query('?- r(1, X).')  (pipeline-query.ts)
 *                      Program (more rules: run again)
 *
 * The stage functions come in through `Compiler` (pipeline.ts) so that this module does not
 * import the spine that imports it.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Diagnostic } from './base/diagnostic.js';
import { error } from './base/diagnostic.js';
import type { FunctorSpec } from './base/lattice.js';
import { readTextOrUndefined } from './base/read-text.js';
import type { CheckedProgram, RelationInfo } from './check/checked.js';
import { printChecked, showType } from './check/print.js';
import type { Registry } from './check/registry.js';
import type { Database as EngineDatabase, FactInput } from './eval/database.js';
import { readInputs, writeOutputs as writeRelationFiles, sortRows } from './eval/io.js';
import { checkRows } from './eval/io-rows.js';
import { showValue } from './eval/io-values.js';
import { printStats, type EvalStats } from './eval/stats.js';
import type { Item } from './lang/ast.js';
import { loadProgram, type LoadedProgram, type ParseFile } from './lang/load.js';
import type { Plan } from './plan/plan.js';
import { printPlan } from './plan/print.js';
import { declarationsOnly, QUERY_REL, rewriteQuery } from './pipeline-query.js';

/**
 * The static stages, injected by pipeline.ts.
 *
 * @example
 * new Program(compiled, { compileItems, compileRules, evaluateRules }, readFile)
 */
export interface Compiler {
  compileItems(loaded: LoadedProgram, registry: Registry): E.Either<Diagnostic[], CompiledParts>;
  compileRules(file: string, readFile: (path: string) => string | undefined, registry: Registry, parse?: ParseFile): E.Either<Diagnostic[], CompiledParts>;
  evaluateRules(compiled: CompiledParts, input: FactInput, stats: boolean): EngineDatabase;
}

/**
 * What the static stages produce (pipeline.ts `Compiled`).
 *
 * @example
 * const parts: CompiledParts = { loaded, checked, plan, registry };
 */
export interface CompiledParts {
  readonly loaded: LoadedProgram;
  readonly checked: CheckedProgram;
  readonly plan: Plan;
  readonly registry: Registry;
}

/**
 * Facts as JS rows per relation name: numbers, strings for symbols, arrays/null for records.
 *
 * @example
 * const facts: Facts = { edge: [[1, 2], [2, 3]], name: [[1, 'main']] };
 */
export type Facts = Readonly<Record<string, readonly (readonly unknown[])[]>>;

/**
 * A directory of Soufflé-style fact files, read according to the `.input` directives.
 *
 * @example
 * program.run(factDir('examples/tc')) // reads examples/tc/edge.facts
 */
export interface FactDir {
  readonly kind: 'factDir';
  readonly path: string;
}

/**
 * Names a fact directory for `Program.run`.
 *
 * @example
 * program.run(factDir('examples/tc'))
 */
export function factDir(dir: string): FactDir {
  return { kind: 'factDir', path: dir };
}

/**
 * Options of `Program.run`.
 *
 * @example
 * program.run(facts, { stats: true })
 */
export interface RunOptions {
  /** Measure time per rule version (`db.stats()`); iterations and sizes are always counted. */
  readonly stats?: boolean;
}

/**
 * Answers of a query: variable names and one row of printed values per answer.
 *
 * @example
 * db.query('?- path(1, X).') // right({ vars: ['X'], rows: [['2'], ['3']] })
 */
export interface Answers {
  readonly vars: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/**
 * Typed read access to one relation of a Database.
 *
 * @example
 * const path: RelationHandle<[number, number]> = db.relation('path'); path.rows();
 */
export interface RelationHandle<Row extends readonly unknown[]> {
  readonly name: string;
  /** Column names and types as declared (lattice columns as `<name>`). */
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  /** Number of tuples (lattice relations: number of keys). */
  readonly size: number;
  /** All tuples, decoded and sorted (lattice relations: keys then the value). */
  rows(): Row[];
  /** Membership of a full tuple (lattice relations: the value is ⊑ the stored one). */
  has(row: Row): boolean;
  /** Lattice relations: the value stored under the key columns, or undefined. */
  lookup(...key: unknown[]): unknown;
}

/**
 * Reads the files named by the spans of `diags` (for caret lines), plus `known` sources.
 *
 * @example
 * formatDiagnostic(d, sourcesOf(diags))
 */
export function sourcesOf(diags: readonly Diagnostic[], known?: ReadonlyMap<string, string>, readFile?: (p: string) => string | undefined): Map<string, string> {
  const out = new Map(known ?? []);
  const read = readFile ?? readTextOrUndefined;
  for (const d of diags)
    for (const s of [d.span, ...(d.related ?? []).map((r) => r.span)]) {
      if (!s || out.has(s.file)) continue;
      const text = read(s.file);
      if (text !== undefined) out.set(s.file, text);
    }
  return out;
}

/**
 * Renders evaluation statistics (iterations per stratum, tuples per relation, time per rule).
 *
 * @example
 * process.stderr.write(formatStats(db.stats()))
 */
export function formatStats(stats: EvalStats): string {
  return printStats(stats);
}

let replFileCounter = 0;

/**
 * A compiled rule program.
 *
 * @example
 * const p = compileFile('examples/tc/tc.dl'); if (E.isRight(p)) p.right.run(factDir('examples/tc'));
 */
export class Program {
  /** @internal */
  constructor(
    private readonly parts: CompiledParts,
    private readonly compiler: Compiler,
    private readonly readFile: (path: string) => string | undefined,
  ) {}

  /** Every source text by file name (for `formatDiagnostic`). */
  get sources(): ReadonlyMap<string, string> {
    return this.parts.checked.sources;
  }

  /** Warnings of the checker (the program is still valid). */
  get warnings(): readonly Diagnostic[] {
    return this.parts.checked.warnings ?? [];
  }

  /** The checked program (relations, strata, facts). */
  get checked(): CheckedProgram {
    return this.parts.checked;
  }

  /** The loaded items, in program order (includes expanded). */
  get items(): readonly Item[] {
    return this.parts.loaded.items;
  }

  /** The lattices and functors the program was compiled with. */
  get registry(): Registry {
    return this.parts.registry;
  }

  /**
   * Declared relation names, sorted.
   *
   * @example
   * program.relationNames() // ['edge', 'path']
   */
  relationNames(): string[] {
    return [...this.parts.checked.relations.keys()].sort();
  }

  /**
   * The declaration of `rel` as text, or undefined if it is not declared.
   *
   * @example
   * program.schema('edge') // '.decl edge(x: number, y: number)'
   */
  schema(rel: string): string | undefined {
    const r = this.parts.checked.relations.get(rel);
    if (!r) return undefined;
    const io = [r.inputs.length ? ' .input' : '', r.outputs.length ? ' .output' : '', r.printsize ? ' .printsize' : ''].join('');
    return `.decl ${r.name}(${r.columns.map((c) => `${c.name}: ${showType(c.type)}`).join(', ')})${io ? `  //${io}` : ''}`;
  }

  /**
   * The evaluation plan as text (strata, rule versions in join order, indexes).
   *
   * @example
   * program.explainPlan().startsWith('stratum 0') // true
   */
  explainPlan(): string {
    return printPlan(this.parts.plan);
  }

  /**
   * The checked program as text (relations, normalised clauses with variable types, strata).
   *
   * @example
   * program.printChecked().startsWith('relations') // true
   */
  printChecked(): string {
    return printChecked(this.parts.checked);
  }

  /**
   * Evaluates the program over `input`: JS rows per relation, or a fact directory read
   * according to the `.input` directives. Invalid rows or files give diagnostics.
   *
   * @example
   * program.run({ edge: [[1, 2], [2, 3]] }) // right(db)
   * program.run(factDir('examples/tc'))
   */
  run(input: Facts | FactDir = {}, options: RunOptions = {}): E.Either<Diagnostic[], Database> {
    const rows = this.inputRows(input);
    if (E.isLeft(rows)) return rows;
    const db = this.compiler.evaluateRules(this.parts, rows.right, options.stats ?? false);
    return E.right(new Database(this, db));
  }

  /** Validates and normalises run input to rows per relation. */
  private inputRows(input: Facts | FactDir): E.Either<Diagnostic[], Map<string, readonly (readonly unknown[])[]>> {
    const rels = this.parts.checked.relations;
    if (isFactDir(input)) return readInputs(rels, input.path, this.parts.registry.lattices);
    return this.checkFacts(input);
  }

  /** @internal Checks JS facts against the declarations. */
  checkFacts(input: Facts): E.Either<Diagnostic[], Map<string, readonly (readonly unknown[])[]>> {
    const diags: Diagnostic[] = [];
    const out = new Map<string, readonly (readonly unknown[])[]>();
    for (const [name, rows] of Object.entries(input)) {
      const info = this.parts.checked.relations.get(name);
      if (!info) {
        diags.push(error('E729', `facts given for undeclared relation '${name}'`));
        continue;
      }
      const ds = checkRows(info, rows);
      if (ds.length) diags.push(...ds);
      else out.set(name, rows);
    }
    return diags.length ? E.left(diags) : E.right(out);
  }

  /**
   * A new program with the items of `text` added (declarations, rules, facts). Used by the
   * REPL; the new program must be run again to see the effect of new rules.
   *
   * @example
   * program.extend('path(x, x) :- edge(x, _).') // right(program2)
   */
  extend(text: string, file = `<repl:${++replFileCounter}>`): E.Either<Diagnostic[], Program> {
    return this.extendWith(file, (p) => (p === file ? text : this.readFile(p)));
  }

  /**
   * A new program with the items of the rule file `filePath` added.
   *
   * @example
   * program.extendFile('more.dl')
   */
  extendFile(filePath: string): E.Either<Diagnostic[], Program> {
    return this.extendWith(filePath, this.readFile);
  }

  private extendWith(file: string, read: (p: string) => string | undefined): E.Either<Diagnostic[], Program> {
    const added = loadProgram(file, read);
    if (E.isLeft(added)) return added;
    const sources = new Map([...this.parts.loaded.sources, ...added.right.sources]);
    const loaded: LoadedProgram = { sources, items: [...this.parts.loaded.items, ...added.right.items] };
    const c = this.compiler.compileItems(loaded, this.parts.registry);
    return E.isLeft(c) ? c : E.right(new Program(c.right, this.compiler, this.readFile));
  }

  /**
   * Writes the `.output` relations of `db` to `outDir` (`-` prints them to `stdout`, framed
   * like Soufflé). Returns the paths written.
   *
   * @example
   * program.writeOutputs(db, 'out', (s) => process.stdout.write(s))
   */
  writeOutputs(db: Database, outDir: string, stdout: (text: string) => void): E.Either<Diagnostic[], string[]> {
    return writeRelationFiles(this.parts.checked.relations, (r) => db.engine.relation(r)?.rows() ?? [], outDir, this.parts.registry.lattices, stdout);
  }

  /**
   * Lines `rel<TAB>size` for the `.printsize` relations (Soufflé's format).
   *
   * @example
   * program.printSizes(db) // 'path\t13\n'
   */
  printSizes(db: Database): string {
    return [...this.parts.checked.relations.values()]
      .filter((r) => r.printsize)
      .map((r) => `${r.name}\t${db.engine.relation(r.name)?.size ?? 0}\n`)
      .join('');
  }

  /** @internal Answers a parsed query against `db` (see pipeline-query.ts). */
  answer(db: Database, queryItem: Item, querySources: ReadonlyMap<string, string>): E.Either<Diagnostic[], Answers> {
    const decls = declarationsOnly(this.parts.loaded.items);
    const sources = new Map([...this.parts.loaded.sources, ...querySources]);
    const first = this.compiler.compileItems({ sources, items: [...decls, queryItem] }, this.parts.registry);
    if (E.isLeft(first)) return first;
    const q = first.right.checked.queries[0];
    if (!q) return E.right({ vars: [], rows: [] });
    // variables whose type is not visible from atoms: try number, then the other primitives
    let attempt: { rw: ReturnType<typeof rewriteQuery>; registry: Registry; side: E.Either<Diagnostic[], CompiledParts> } | undefined;
    for (const fallback of ['number', 'symbol', 'unsigned', 'float'] as const) {
      const rw = rewriteQuery(q, first.right.checked.relations, this.parts.registry, fallback);
      const functors = new Map<string, FunctorSpec>(this.parts.registry.functors);
      for (const f of rw.functors) functors.set(f.name, f);
      const registry: Registry = { lattices: this.parts.registry.lattices, functors };
      const side = this.compiler.compileItems({ sources, items: [...decls, ...rw.items] }, registry);
      if (!attempt || E.isRight(side)) attempt = { rw, registry, side };
      if (E.isRight(side) || !rw.guessed) break;
    }
    const { rw, registry, side } = attempt!;
    if (E.isLeft(side)) return side;
    const input = new Map<string, Iterable<readonly unknown[]>>();
    for (const r of rw.reads) {
      const v = db.engine.relation(r);
      if (v) input.set(r, v.rows());
    }
    const answers = this.compiler.evaluateRules(side.right, input, false).relation(QUERY_REL);
    const info = side.right.checked.relations.get(QUERY_REL) as RelationInfo;
    const rows = sortRows(info.columns, answers?.rows() ?? [], registry.lattices);
    const show = (r: readonly unknown[]): string[] => r.map((v, i) => showValue(info.columns[i]!.type, v, registry.lattices));
    return E.right({ vars: rw.vars, rows: rw.vars.length ? rows.map(show) : rows.map(() => []) });
  }
}

function isFactDir(x: Facts | FactDir): x is FactDir {
  return (x as FactDir).kind === 'factDir' && typeof (x as FactDir).path === 'string';
}

/**
 * An evaluated program: relations at the fixpoint.
 *
 * @example
 * const db = program.run({ edge: [[1, 2]] }); if (E.isRight(db)) db.right.relation('path').rows();
 */
export class Database {
  /** @internal */
  constructor(
    readonly program: Program,
    /** @internal The evaluator's database. */
    readonly engine: EngineDatabase,
  ) {}

  /**
   * Declared relation names, sorted.
   *
   * @example
   * db.relationNames() // ['edge', 'path']
   */
  relationNames(): string[] {
    return this.program.relationNames();
  }

  /**
   * Typed access to relation `name`; throws if it is not declared (a programming error).
   *
   * @example
   * db.relation<[number, number]>('path').rows() // [[1, 2], [1, 3], [2, 3]]
   * db.relation('live').lookup(3)                // the mask stored for key 3
   */
  relation<Row extends readonly unknown[] = unknown[]>(name: string): RelationHandle<Row> {
    const view = this.engine.relation(name);
    const info = this.program.checked.relations.get(name);
    if (!view || !info) throw new Error(`unknown relation '${name}'`);
    const lattices = this.program.registry.lattices;
    return {
      name,
      columns: info.columns.map((c) => ({ name: c.name, type: showType(c.type) })),
      get size() {
        return view.size;
      },
      rows: () => sortRows(info.columns, view.rows(), lattices) as unknown as Row[],
      has: (row) => view.has(row),
      lookup: (...key) => view.lookup(key),
    };
  }

  /**
   * Adds facts and continues evaluation to the new fixpoint (incremental).
   *
   * @example
   * db.insertFacts({ edge: [[3, 4]] }) // right(db); path now contains [1, 4]
   */
  insertFacts(facts: Facts): E.Either<Diagnostic[], Database> {
    const rows = this.program.checkFacts(facts);
    if (E.isLeft(rows)) return rows;
    for (const [rel, rs] of rows.right) this.engine.insertFacts(rel, rs);
    this.engine.run();
    return E.right(this);
  }

  /**
   * Adds facts given as int32 key columns (`columns[c][i]` = key column c of fact i, and
   * for a lattice relation `values[i]` its value, a value of the lattice) and continues
   * evaluation. For bulk loads: no row array is built per fact. The key columns must be of
   * type `number` or `unsigned`; wrong shapes are E728, an undeclared relation E729.
   *
   * @example
   * db.insertColumns('edge', [Int32Array.of(3, 4), Int32Array.of(4, 5)]) // right(db)
   */
  insertColumns(rel: string, columns: readonly ArrayLike<number>[], values?: readonly unknown[]): E.Either<Diagnostic[], Database> {
    const info = this.program.checked.relations.get(rel);
    if (!info) return E.left([error('E729', `facts given for undeclared relation '${rel}'`)]);
    try {
      this.engine.insertColumns(rel, columns, values);
    } catch (e) {
      return E.left([error('E728', `bad columns for '${rel}': ${e instanceof Error ? e.message : String(e)}`)]);
    }
    this.engine.run();
    return E.right(this);
  }

  /**
   * Answers a query written as `?- body.` (variables in order of first occurrence; lattice
   * values printed with the lattice's `show`).
   *
   * @example
   * db.query('?- path(1, X).') // right({ vars: ['X'], rows: [['2'], ['3']] })
   */
  query(text: string, file = `<query:${++replFileCounter}>`): E.Either<Diagnostic[], Answers> {
    const loaded = loadProgram(file, (p) => (p === file ? text : undefined));
    if (E.isLeft(loaded)) return loaded;
    const q = loaded.right.items.find((i) => i.kind === 'query');
    if (!q) return E.left([error('E730', 'expected a query `?- body.`')]);
    return this.program.answer(this, q, loaded.right.sources);
  }

  /**
   * Evaluation statistics: iterations per stratum, tuples per relation, time per rule version.
   *
   * @example
   * formatStats(db.stats())
   */
  stats(): EvalStats {
    return this.engine.stats();
  }
}
