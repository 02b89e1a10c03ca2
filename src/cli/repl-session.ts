/**
 * The REPL's core, free of terminals and streams: `session.eval(line)` takes one complete
 * input (a command or one or more items) and returns the text to print.
 *
 *     ?- path(1, X).        answers as an aligned table headed by the variables, `N answers`
 *     edge(3, 4).           facts: checked, inserted, evaluation continues incrementally
 *     .decl / rules         the program is extended and re-run from the inputs (recompile +
 *                           rerun: the evaluator continues incrementally only for new facts)
 *     .rels  .schema REL  .load FILE  .help  .quit
 *
 * A bad line prints its diagnostics (with carets) and leaves the session as it was. A session
 * starts empty, from a rule file, or from a compiled Program and its input facts (the hook the
 * BPF side uses to open a REPL on a program's facts and analysis rules). Whoever opens a
 * session may add dot-commands (`ReplOptions.commands`, e.g. `.insn N` on a BPF program);
 * they run against the current database and are listed by `.help`.
 */
import * as E from 'fp-ts/lib/Either.js';
import { formatDiagnostic, type Diagnostic } from '../base/diagnostic.js';
import { compile, compileFile, factDir, sourcesOf, type Database, type Facts, type FactDir, type Program } from '../pipeline.js';
import { formatTable } from './table.js';

/**
 * The dot-commands of the REPL (other lines starting with `.` are directives like `.decl`).
 *
 * @example
 * REPL_COMMANDS.includes('.rels') // true
 */
export const REPL_COMMANDS = ['.rels', '.schema', '.load', '.help', '.quit', '.exit'] as const;

/**
 * An extra dot-command supplied by whoever opens the session.
 *
 * @example
 * const size: ReplCommand = { help: '.size REL                tuples of REL', run: (arg, db) => `${db.relation(arg).size}\n` };
 */
export interface ReplCommand {
  /** Its `.help` line (usage padded to column 26, then a description). */
  readonly help: string;
  /** Text to print for `.name ARG` (ARG trimmed); runs against the current database. */
  run(arg: string, db: Database): string;
}

/**
 * Options of a session.
 *
 * @example
 * ReplSession.fromProgram(program, facts, { commands: new Map([['size', size]]) })
 */
export interface ReplOptions {
  /** Extra dot-commands by name (without the dot); built-in names cannot be replaced. */
  readonly commands?: ReadonlyMap<string, ReplCommand>;
}

const HELP = `Enter rules, facts and declarations in the rule language, or a query:
  ?- path(1, X).          answers (one row per binding of the variables)
  edge(3, 4).             add a fact (evaluation continues incrementally)
  path(x, y) :- ... .     add a rule (the program is re-evaluated)
Commands:
  .rels                   list relations with their sizes
  .schema REL             show the declaration of REL
  .load FILE              add the rules of FILE and re-evaluate
`;
const HELP_END = `  .help                   this text
  .quit                   leave (also Ctrl-D)
`;

/**
 * A REPL session over one program and its input facts.
 *
 * @example
 * const s = ReplSession.open('examples/tc/tc.dl', 'examples/tc'); if (E.isRight(s)) s.right.eval('?- path(1, X).');
 */
export class ReplSession {
  private done = false;
  /** Text of every line entered, by its file name `<repl:N>` (for caret lines). */
  private readonly lines = new Map<string, string>();
  private lineNo = 0;

  /**
   * A session over `program` evaluated on `input` (rows or a fact directory).
   *
   * @example
   * const s = ReplSession.fromProgram(program, factDir('facts'));
   */
  static fromProgram(program: Program, input: Facts | FactDir = {}, options: ReplOptions = {}): E.Either<Diagnostic[], ReplSession> {
    return E.map((db: Database) => new ReplSession(program, db, input, options.commands ?? new Map()))(program.run(input));
  }

  /**
   * A session over a rule file (or an empty program when `rules` is undefined) with facts
   * from `facts` (a directory).
   *
   * @example
   * ReplSession.open('examples/tc/tc.dl', 'examples/tc')
   */
  static open(rules?: string, facts?: string): E.Either<Diagnostic[], ReplSession> {
    const p = rules === undefined ? compile('', { file: '<repl:0>' }) : compileFile(rules);
    if (E.isLeft(p)) return p;
    return ReplSession.fromProgram(p.right, facts === undefined ? {} : factDir(facts));
  }

  private constructor(
    private program: Program,
    private db: Database,
    private readonly input: Facts | FactDir,
    private readonly extra: ReadonlyMap<string, ReplCommand>,
  ) {}

  /**
   * Every dot-command of this session (built-in and extra), with the dot.
   *
   * @example
   * session.commandNames() // ['.rels', '.schema', '.load', '.help', '.quit', '.exit', '.insn']
   */
  commandNames(): string[] {
    const extra = [...this.extra.keys()].map((n) => `.${n}`).filter((n) => !(REPL_COMMANDS as readonly string[]).includes(n));
    return [...REPL_COMMANDS, ...extra];
  }

  /** True after `.quit`. */
  get finished(): boolean {
    return this.done;
  }

  /** The current database (for embedding). */
  get database(): Database {
    return this.db;
  }

  /**
   * Evaluates one complete input and returns what to print (ends with a newline unless empty).
   *
   * @example
   * session.eval('?- edge(1, X).') // 'X\n-\n2\n1 answer\n'
   */
  eval(line: string): string {
    const text = line.trim();
    if (text === '') return '';
    const cmd = /^\.(\w+)\b\s*(.*)$/.exec(text);
    try {
      if (cmd && (REPL_COMMANDS as readonly string[]).includes(`.${cmd[1]}`)) return this.command(cmd[1]!, cmd[2]!.trim());
      const ext = cmd ? this.extra.get(cmd[1]!) : undefined;
      if (ext) return ext.run(cmd![2]!.trim(), this.db);
      return this.items(text);
    } catch (e) {
      return `internal error: ${e instanceof Error ? e.message : String(e)}\n`;
    }
  }

  /**
   * Completions for the word before the cursor: dot-commands, relation names.
   *
   * @example
   * session.complete('?- pa') // [['?- path'], 'pa']... (readline format: [matches, word])
   */
  complete(line: string): [string[], string] {
    const word = /[.\w]*$/.exec(line)?.[0] ?? '';
    const pool = line.trimStart() === word && word.startsWith('.') ? this.commandNames() : this.program.relationNames();
    const hits = pool.filter((c) => c.startsWith(word));
    return [hits, word];
  }

  private diags(ds: readonly Diagnostic[]): string {
    const sources = sourcesOf(ds, new Map([...this.program.sources, ...this.lines]));
    return ds.map((d) => formatDiagnostic(d, sources)).join('\n') + '\n';
  }

  private command(name: string, arg: string): string {
    switch (name) {
      case 'quit':
      case 'exit':
        this.done = true;
        return '';
      case 'help':
        return HELP + this.commandNames().filter((n) => !(REPL_COMMANDS as readonly string[]).includes(n))
          .map((n) => `  ${this.extra.get(n.slice(1))!.help}\n`).join('') + HELP_END;
      case 'rels': {
        const rows = this.program.relationNames().map((r) => [r, String(this.db.relation(r).size)]);
        return rows.length ? formatTable(['relation', 'size'], rows) : 'no relations\n';
      }
      case 'schema': {
        if (!arg) return 'usage: .schema REL\n';
        return (this.program.schema(arg) ?? `no relation '${arg}'`) + '\n';
      }
      case 'load': {
        if (!arg) return 'usage: .load FILE\n';
        return this.replace(this.program.extendFile(arg.replace(/^"(.*)"$/, '$1')));
      }
    }
    return `unknown command .${name}\n`;
  }

  /** Installs an extended program and re-evaluates from the session's inputs. */
  private replace(next: E.Either<Diagnostic[], Program>, prefix = ''): string {
    if (E.isLeft(next)) return prefix + this.diags(next.left);
    const db = next.right.run(this.input);
    if (E.isLeft(db)) return prefix + this.diags(db.left);
    this.program = next.right;
    this.db = db.right;
    return prefix + this.warnings(next.right);
  }

  private warnings(p: Program): string {
    return p.warnings.length ? this.diags(p.warnings) : '';
  }

  private items(text: string): string {
    const file = `<repl:${++this.lineNo}>`;
    this.lines.set(file, text);
    const probe = this.program.extend(text, file);
    if (E.isLeft(probe)) return this.diags(probe.left);
    const added = probe.right.items.slice(this.program.items.length);
    const queries = added.filter((i) => i.kind === 'query');
    const others = added.filter((i) => i.kind !== 'query');
    let out = '';
    if (others.length > 0) {
      if (others.every((i) => i.kind === 'fact')) out += this.addFacts(probe.right, text, queries.length > 0);
      else {
        out += this.replace(queries.length ? this.program.extend(stripQueries(text)) : E.right(probe.right));
      }
    }
    for (const q of queries) {
      const src = probe.right.sources.get(q.span.file) ?? text;
      out += this.answer(src.slice(q.span.start, q.span.end), q.span.file);
    }
    return out;
  }

  /** New facts only: insert them into the current database and continue the fixpoint. */
  private addFacts(next: Program, text: string, hasQueries: boolean): string {
    const before = this.program.checked.facts.length;
    const facts = next.checked.facts.slice(before);
    const rows: Record<string, unknown[][]> = {};
    for (const f of facts) {
      const row = f.args.map(constValue);
      if (row.some((v) => v === NOT_CONST)) {
        // a computed constant (e.g. `1 + 2`): let the evaluator compute it by re-running
        return this.replace(hasQueries ? this.program.extend(stripQueries(text)) : E.right(next));
      }
      (rows[f.rel] ??= []).push(row);
    }
    const r = this.db.insertFacts(rows);
    if (E.isLeft(r)) return this.diags(r.left);
    this.program = hasQueries ? this.programWithFacts(next, text) : next;
    return '';
  }

  private programWithFacts(next: Program, text: string): Program {
    const p = this.program.extend(stripQueries(text));
    return E.isRight(p) ? p.right : next;
  }

  private answer(queryText: string, file: string): string {
    const qfile = `${file.slice(0, -1)}:query>`;
    this.lines.set(qfile, queryText);
    const r = this.db.query(queryText, qfile);
    if (E.isLeft(r)) return this.diags(r.left);
    const { vars, rows } = r.right;
    if (vars.length === 0) return rows.length > 0 ? 'yes\n' : 'no\n';
    const n = rows.length;
    return formatTable(vars, rows) + `${n} answer${n === 1 ? '' : 's'}\n`;
  }
}

const NOT_CONST = Symbol('not a constant');

/** An argument term of a ground fact (the AST `Term`, reached through the pipeline's types). */
type FactTerm = Program['checked']['facts'][number]['args'][number];

/** Value of a constant fact argument, or NOT_CONST when it needs evaluation. */
function constValue(t: FactTerm): unknown {
  switch (t.kind) {
    case 'num': return t.value;
    case 'str': return t.value;
    case 'nil': return null;
    case 'unop': {
      const v = constValue(t.arg);
      return t.op === '-' && typeof v === 'number' ? -v : NOT_CONST;
    }
    case 'record': {
      const vs = t.args.map(constValue);
      return vs.includes(NOT_CONST) ? NOT_CONST : vs;
    }
    default: return NOT_CONST;
  }
}

/** Removes `?- ... .` queries from a line (crudely: each from `?-` to the next `.` at depth 0). */
function stripQueries(text: string): string {
  return text.replace(/\?-[^]*?\.(?=\s|$)/g, '');
}
