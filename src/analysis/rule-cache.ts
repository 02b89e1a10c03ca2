/**
 * The parsed items of the bundled rule texts, cached at build time so that a process does
 * not run the Ohm parser on them. Parsing them cold took 430–490 ms of a one-shot
 * `bpfdl live` of about 0.9 s (the grammar is compiled and Ohm's matcher runs unoptimised on
 * first use); reading the cache takes a few milliseconds.
 *
 *   dist/rules-ast.json = { format, grammar, entries: [{ file, sha256, items }, ...] }
 *
 * `npm run build` writes it (scripts/build-rule-cache.ts) for the texts `bundledRuleTexts`
 * names: the rule files under both names they are included by (`prelude.dl` by the analysis,
 * `rules/prelude.dl` by the REPL: the name is in every span) and the two generated root texts
 * that include them. `bundledParser()` answers a (file, text) from it only when all hold:
 *
 *   format  = RULE_CACHE_FORMAT   (bumped whenever the AST's shape changes)
 *   grammar = sha256(grammar/datalog.ohm) of this installation
 *   an entry has this file name and sha256(text)
 *
 * and otherwise parses the text. So the cache can only make loading faster, never different:
 * an edited rule file, another grammar, or a missing, unreadable or malformed cache file fall
 * back to the parser, and diagnostics come from the parser as before. A test checks every
 * entry against a fresh parse.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { Diagnostic } from '../base/diagnostic.js';
import { packageRoot } from '../base/package-root.js';
import type { Item, Source } from '../lang/ast.js';
import type { ParseFile } from '../lang/load.js';
import { parseSource } from '../lang/parse.js';

/** Version of the cached AST's shape (bump it with any change to lang/ast.ts or the actions). */
export const RULE_CACHE_FORMAT = 1;

const CacheFile = t.type({
  format: t.number,
  grammar: t.string,
  entries: t.array(t.type({ file: t.string, sha256: t.string, items: t.array(t.unknown) })),
});
type CacheFile = t.TypeOf<typeof CacheFile>;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function grammarHash(root: string): string {
  return sha256(readFileSync(join(root, 'grammar', 'datalog.ohm'), 'utf8'));
}

/** Where the build writes the cache: `dist/rules-ast.json` under the package root. */
export function ruleCachePath(): string {
  return join(packageRoot(), 'dist', 'rules-ast.json');
}

/** A text to cache, under the file name it is parsed as. */
export interface RuleText {
  readonly file: string;
  readonly text: string;
}

/**
 * The cache's JSON for `texts`, or the diagnostics of a text that does not parse.
 *
 * @example
 * buildRuleCache([{ file: 'a.dl', text: 'a(1).' }]) // right('{"format":1,"grammar":"…","entries":[…]}')
 */
export function buildRuleCache(texts: readonly RuleText[]): E.Either<Diagnostic[], string> {
  const entries: CacheFile['entries'] = [];
  for (const { file, text } of texts) {
    const parsed = parseSource(file, text);
    if (E.isLeft(parsed)) return parsed;
    entries.push({ file, sha256: sha256(text), items: [...parsed.right.items] });
  }
  const cache: CacheFile = { format: RULE_CACHE_FORMAT, grammar: grammarHash(packageRoot()), entries };
  return E.right(JSON.stringify(cache));
}

/** Writes `buildRuleCache(texts)` to `path`. */
export function writeRuleCache(texts: readonly RuleText[], path = ruleCachePath()): E.Either<Diagnostic[], void> {
  return E.map((json: string) => writeFileSync(path, json))(buildRuleCache(texts));
}

const key = (file: string, hash: string): string => `${file}\0${hash}`;

/** The usable entries of the cache file at `path`: none when it is absent, malformed or for another build. */
function readCache(path: string): ReadonlyMap<string, readonly unknown[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return new Map();
  }
  const decoded = CacheFile.decode(raw);
  if (E.isLeft(decoded)) return new Map();
  const c = decoded.right;
  if (c.format !== RULE_CACHE_FORMAT || c.grammar !== grammarHash(packageRoot())) return new Map();
  return new Map(c.entries.map((e) => [key(e.file, e.sha256), e.items]));
}

const parsers = new Map<string, ParseFile>();

/**
 * A `loadProgram` parser that answers the cached (file, text) pairs from the cache at `path`
 * (read once per process) and parses everything else.
 *
 * @example
 * loadProgram('<analysis>', read, bundledParser()) // same result as loadProgram('<analysis>', read)
 */
export function bundledParser(path = ruleCachePath()): ParseFile {
  let p = parsers.get(path);
  if (p !== undefined) return p;
  const entries = readCache(path);
  p = (file: string, text: string): E.Either<Diagnostic[], Source> => {
    const hit = entries.get(key(file, sha256(text)));
    return hit !== undefined ? E.right({ file, items: hit as Item[] }) : parseSource(file, text);
  };
  parsers.set(path, p);
  return p;
}
