/**
 * Loads a rule program: parses the root file and, depth first, every `.include`d file, in
 * place (the included items replace the `.include` item). Paths are relative to the directory
 * of the including file and normalised (`lib/../a.dl` is `a.dl`); the root file keeps the name
 * the caller gave. Each file is included once (later includes of the same resolved path
 * are dropped); a missing file is E003 at the `.include`; an include cycle is E004, naming the
 * cycle `a.dl -> b.dl -> a.dl`. I/O is injected (`readFile`), so this module does none; so is
 * the parser (`parse`, default `parseSource`), which lets a caller answer bundled files from
 * a cache of their parsed items (analysis/rule-cache.ts).
 */
import * as E from 'fp-ts/lib/Either.js';
import { posix } from 'node:path';
import { error, type Diagnostic } from '../base/diagnostic.js';
import type { Item, Source } from './ast.js';
import { parseSource } from './parse.js';

/** Text of one file → its items (`parseSource`'s signature). */
export type ParseFile = (file: string, text: string) => E.Either<Diagnostic[], Source>;

/** A loaded program: the text of every file read (for diagnostics) and all items in order. */
export interface LoadedProgram {
  readonly sources: Map<string, string>;
  readonly items: Item[];
}

function resolveInclude(from: string, path: string): string {
  if (path.startsWith('/')) return posix.normalize(path);
  return posix.normalize(posix.join(posix.dirname(from), path));
}

/**
 * Parses `file` and everything it includes.
 *
 * @example
 * const files = new Map([['main.dl', '.include "lib.dl"\na(1).'], ['lib.dl', '.decl a(x: number)']]);
 * loadProgram('main.dl', (p) => files.get(p)) // right({ sources, items: [decl a, fact a(1)] })
 */
export function loadProgram(
  file: string, readFile: (path: string) => string | undefined, parse: ParseFile = parseSource,
): E.Either<Diagnostic[], LoadedProgram> {
  const sources = new Map<string, string>();
  const diags: Diagnostic[] = [];
  const done = new Set<string>();
  const items: Item[] = [];

  // `path` names the file for reading and in spans; `key` (normalised) identifies it.
  const visit = (path: string, key: string, text: string, stack: readonly string[]): void => {
    sources.set(path, text);
    done.add(key);
    const parsed = parse(path, text);
    if (E.isLeft(parsed)) {
      diags.push(...parsed.left);
      return;
    }
    for (const item of parsed.right.items) {
      if (item.kind !== 'include') {
        items.push(item);
        continue;
      }
      const target = resolveInclude(path, item.path);
      const chain = [...stack, key];
      const at = chain.indexOf(target);
      if (at >= 0) {
        const cycle = [...chain.slice(at), target].join(' -> ');
        diags.push(error('E004', `include cycle: ${cycle}`, item.span));
        continue;
      }
      if (done.has(target)) continue;
      const sub = readFile(target);
      if (sub === undefined) {
        diags.push(error('E003', `cannot read included file '${item.path}' (resolved to '${target}')`, item.span));
        continue;
      }
      visit(target, target, sub, chain);
    }
  };

  // The root keeps the caller's spelling (the caller's readFile may only know that name).
  const text = readFile(file);
  if (text === undefined) return E.left([error('E003', `cannot read rule file '${file}'`)]);
  visit(file, posix.normalize(file), text, []);
  return diags.length > 0 ? E.left(diags) : E.right({ sources, items });
}
