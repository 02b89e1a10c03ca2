/**
 * Relation files at the directory level, in Soufflé's layout:
 *
 *     .input  r                    reads  <factdir>/r.facts   (falls back to r.csv), TSV
 *     .input  r(filename="x.csv", delimiter=",", headers=true)      relative to factdir
 *     .input  r(IO="json")         reads  <factdir>/r.json   (also any filename ending .json)
 *     .output r                    writes <outdir>/r.csv, TSV, no header, rows sorted
 *     .output r(IO="json", format="object")                  writes <outdir>/r.json
 *     outdir "-"                   prints every output relation to stdout framed like Soufflé:
 *                                  "---------------\nr\n===============\n<rows>===============\n"
 *
 * `IO` may be `file` (default), `json`/`jsonfile`, or `stdout` (output only). Absolute
 * filenames are used as they are. A missing input file is an error at the `.input` directive.
 * All errors are diagnostics; node's fs is reached only through the `FileSystem` parameter.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { error, type Diagnostic } from '../base/diagnostic.js';
import type { IoSpec, RelationInfo, ColumnType } from '../check/checked.js';
import type { LatticeTable, Value } from './io-values.js';
import { showValue } from './io-values.js';
import { readDelimited, writeDelimited, type DelimitedOptions, type Row } from './io-tsv.js';
import { readJson, writeJson } from './io-json.js';

/**
 * The file operations io needs (node's fs by default; tests pass an in-memory one).
 *
 * @example
 * const mem: FileSystem = { readFile: (p) => files.get(p), writeFile: (p, s) => void files.set(p, s) };
 */
export interface FileSystem {
  /** The file's text, or undefined when it does not exist. Other failures throw. */
  readFile(path: string): string | undefined;
  writeFile(path: string, text: string): void;
}

/**
 * node:fs as a `FileSystem` (creates missing output directories).
 *
 * @example
 * nodeFileSystem.readFile('examples/tc/edge.facts')
 */
export const nodeFileSystem: FileSystem = {
  readFile(p) {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  },
  writeFile(p, text) {
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  },
};

/**
 * Where and how one `.input`/`.output` directive reads or writes.
 *
 * @example
 * resolveTarget(rel, spec, 'output', 'out') // right({ kind: 'delimited', path: 'out/path.csv', opts })
 */
export type IoTarget =
  | { readonly kind: 'delimited'; readonly path: string; readonly opts: DelimitedOptions }
  | { readonly kind: 'json'; readonly path: string; readonly format: 'array' | 'object' }
  | { readonly kind: 'stdout' };

function str(spec: IoSpec, key: string): string | undefined {
  const v = spec.params.get(key);
  return v === undefined ? undefined : String(v);
}

/**
 * Resolves a directive to a target. `dir` is the fact dir (input) or output dir.
 *
 * @example
 * resolveTarget(rel, spec, 'input', 'facts') // right({ kind: 'delimited', path: 'facts/edge.facts', ... })
 */
export function resolveTarget(
  rel: RelationInfo,
  spec: IoSpec,
  direction: 'input' | 'output',
  dir: string,
): E.Either<Diagnostic, IoTarget> {
  const io = (str(spec, 'IO') ?? 'file').toLowerCase();
  const filename = str(spec, 'filename');
  const at = (p: string): string => (path.isAbsolute(p) ? p : path.join(dir, p));
  if (io === 'stdout' && direction === 'output') return E.right({ kind: 'stdout' });
  if (io === 'json' || io === 'jsonfile' || (io === 'file' && filename?.endsWith('.json'))) {
    const format = str(spec, 'format') === 'object' ? 'object' : 'array';
    return E.right({ kind: 'json', path: at(filename ?? `${rel.name}.json`), format });
  }
  if (io !== 'file') return E.left(error('E726', `unsupported IO="${io}" for relation '${rel.name}' (use file, json or stdout)`, spec.span));
  const opts: DelimitedOptions = {
    delimiter: str(spec, 'delimiter') ?? '\t',
    headers: str(spec, 'headers') === 'true',
  };
  const def = direction === 'input' ? `${rel.name}.facts` : `${rel.name}.csv`;
  return E.right({ kind: 'delimited', path: at(filename ?? def), opts });
}

/**
 * Reads every `.input` relation of `relations` from `factDir`. Collects the diagnostics of all
 * files before failing.
 *
 * @example
 * readInputs(prog.relations, 'examples/tc', builtinLattices) // right(Map { 'edge' => [[1, 2], ...] })
 */
export function readInputs(
  relations: ReadonlyMap<string, RelationInfo>,
  factDir: string,
  lattices: LatticeTable,
  files: FileSystem = nodeFileSystem,
): E.Either<Diagnostic[], Map<string, Row[]>> {
  const out = new Map<string, Row[]>();
  const diags: Diagnostic[] = [];
  for (const rel of relations.values()) {
    for (const spec of rel.inputs) {
      const t = resolveTarget(rel, spec, 'input', factDir);
      if (E.isLeft(t)) {
        diags.push(t.left);
        continue;
      }
      const target = t.right;
      if (target.kind === 'stdout') continue;
      let p = target.path;
      let text: string | undefined;
      try {
        text = files.readFile(p);
        if (text === undefined && target.kind === 'delimited' && spec.params.get('filename') === undefined) {
          const alt = path.join(factDir, `${rel.name}.csv`);
          text = files.readFile(alt);
          if (text !== undefined) p = alt;
        }
      } catch (e) {
        diags.push(error('E721', `cannot read facts of '${rel.name}' from ${p}: ${(e as Error).message}`, spec.span));
        continue;
      }
      if (text === undefined) {
        diags.push(error('E721', `cannot read facts of '${rel.name}': no file ${p}`, spec.span));
        continue;
      }
      const rows = target.kind === 'json' ? readJson(rel.columns, p, text, lattices) : readDelimited(rel.columns, p, text, target.opts, lattices);
      if (E.isLeft(rows)) diags.push(...rows.left);
      else out.set(rel.name, [...(out.get(rel.name) ?? []), ...rows.right]);
    }
  }
  return diags.length > 0 ? E.left(diags) : E.right(out);
}

function compareValues(type: ColumnType, a: Value, b: Value, lattices: LatticeTable): number {
  if (type.kind === 'primitive') {
    if (type.carrier === 'symbol') return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
    return (a as number) - (b as number);
  }
  if (type.kind === 'record') {
    if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
    for (let i = 0; i < type.fields.length; i++) {
      const c = compareValues(type.fields[i]!, (a as Value[])[i], (b as Value[])[i], lattices);
      if (c !== 0) return c;
    }
    return 0;
  }
  const sa = showValue(type, a, lattices), sb = showValue(type, b, lattices);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * Rows in output order: lexicographic by column, numbers numerically, symbols by code unit.
 *
 * @example
 * sortRows(rel.columns, [[2], [1]], lattices) // [[1], [2]]
 */
export function sortRows(columns: RelationInfo['columns'], rows: Iterable<Row>, lattices: LatticeTable): Row[] {
  const arr = [...rows];
  const numeric = columns.every((c) => c.type.kind === 'primitive' && c.type.carrier !== 'symbol');
  if (numeric) {
    const n = columns.length;
    return arr.sort((x, y) => {
      for (let i = 0; i < n; i++) {
        const d = (x[i] as number) - (y[i] as number);
        if (d !== 0) return d;
      }
      return 0;
    });
  }
  return arr.sort((x, y) => {
    for (let i = 0; i < columns.length; i++) {
      const c = compareValues(columns[i]!.type, x[i], y[i], lattices);
      if (c !== 0) return c;
    }
    return 0;
  });
}

/**
 * Soufflé's stdout framing of one relation (used for `-D -` and `IO=stdout`).
 *
 * @example
 * formatStdout(rel, rows, lattices) // '---------------\npath\n===============\n1\t2\n===============\n'
 */
export function formatStdout(rel: RelationInfo, rows: Iterable<Row>, lattices: LatticeTable, headers = false): string {
  const head = headers ? `\n${rel.columns.map((c) => c.name).join('\t')}` : '';
  return `---------------\n${rel.name}${head}\n===============\n${writeDelimited(rel.columns, rows, { delimiter: '\t', headers: false }, lattices)}===============\n`;
}

/**
 * Writes every `.output` relation: to files under `outDir`, or to `stdout` when `outDir` is
 * `-`. `rowsOf` gives a relation's rows (any order; they are sorted here). Returns the paths
 * written.
 *
 * @example
 * writeOutputs(prog.relations, (r) => db.relation(r).rows(), 'out', lattices, (s) => process.stdout.write(s))
 */
export function writeOutputs(
  relations: ReadonlyMap<string, RelationInfo>,
  rowsOf: (rel: string) => Iterable<Row>,
  outDir: string,
  lattices: LatticeTable,
  stdout: (text: string) => void,
  files: FileSystem = nodeFileSystem,
): E.Either<Diagnostic[], string[]> {
  const written: string[] = [];
  const diags: Diagnostic[] = [];
  for (const rel of relations.values()) {
    for (const spec of rel.outputs) {
      const t = resolveTarget(rel, spec, 'output', outDir);
      if (E.isLeft(t)) {
        diags.push(t.left);
        continue;
      }
      const rows = sortRows(rel.columns, rowsOf(rel.name), lattices);
      const target = t.right;
      if (target.kind === 'stdout' || outDir === '-') {
        stdout(formatStdout(rel, rows, lattices, spec.params.get('headers') === true || spec.params.get('headers') === 'true'));
        continue;
      }
      const text = target.kind === 'json' ? writeJson(rel.columns, rows, target.format, lattices) : writeDelimited(rel.columns, rows, target.opts, lattices);
      try {
        files.writeFile(target.path, text);
        written.push(target.path);
      } catch (e) {
        diags.push(error('E727', `cannot write ${target.path}: ${(e as Error).message}`, spec.span));
      }
    }
  }
  return diags.length > 0 ? E.left(diags) : E.right(written);
}
