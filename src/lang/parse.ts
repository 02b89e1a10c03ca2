/**
 * Text → AST. The only module that imports ohm-js (with grammar.ts and actions.ts, its
 * helpers). A failed match becomes one E001 diagnostic at Ohm's rightmost failure position,
 * naming what was expected there and what was found; diagnostics found while building the tree
 * (E002 number out of range, E005 preprocessor line, E006 bad escape, E007 unknown directive)
 * make the result a Left as well.
 *
 * Number ranges (E002): decimal literals are signed 32-bit (-2^31 .. 2^31-1); hexadecimal and
 * binary literals are 32-bit patterns (-2^31 .. 2^32-1); `u` literals are 0 .. 2^32-1.
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as ohm from 'ohm-js';
import { error, type Diagnostic } from '../base/diagnostic.js';
import type { Item, NumLit, Source } from './ast.js';
import { buildItems, makeSemantics, type ParseContext } from './actions.js';
import { datalogGrammar } from './grammar.js';
import { rewordExpected } from './expected.js';
import { chunkStarts } from './chunks.js';
import { makeSpanner, type Spanner } from './spanner.js';

let semantics: ohm.Semantics | undefined;

function sem(): ohm.Semantics {
  if (!semantics) semantics = makeSemantics(datalogGrammar());
  return semantics;
}

const TOKEN = /^(?:[A-Za-z0-9_?]+|"(?:[^"\\\n]|\\.)*"?|[:<>!?]-?=?|\S)/;

function syntaxError(text: string, m: ohm.FailedMatchResult, span: Spanner): Diagnostic {
  // At the end of input, point just after the last token rather than at a trailing blank line.
  const failAt = m.getRightmostFailurePosition();
  const atEnd = text.slice(failAt).trim() === '';
  const pos = atEnd ? Math.min(failAt, text.trimEnd().length) : failAt;
  const rest = text.slice(pos);
  const tok = atEnd ? '' : (TOKEN.exec(rest)?.[0] ?? rest[0] ?? '');
  const found = tok === '' ? 'end of input' : `'${tok.length > 30 ? tok.slice(0, 30) + '…' : tok}'`;
  const where = span(pos, pos + tok.length);
  if (rest.startsWith('/*')) return error('E001', 'syntax error: unterminated block comment (missing */)', span(pos, pos + 2));
  if (/[0-9]$/.test(text.slice(0, pos)) && /^\.[0-9]/.test(rest)) return error('E001', 'syntax error: floating-point literals are not supported', where);
  if (tok.startsWith("'")) return error('E001', 'syntax error: strings are written with double quotes ("...")', where);
  if (tok.startsWith('"') && (tok.length === 1 || !tok.endsWith('"'))) return error('E001', 'syntax error: unterminated string literal', where);
  return error('E001', `syntax error: expected ${rewordExpected(m.getExpectedText())}, found ${found}`, where);
}

function outOfRange(n: NumLit): boolean {
  const v = n.value;
  if (!Number.isFinite(v)) return true;
  if (n.unsigned) return v < 0 || v > 0xffffffff;
  if (n.radix !== 10) return v < -0x80000000 || v > 0xffffffff;
  return v < -0x80000000 || v > 0x7fffffff;
}

function rangeDiagnostics(nums: Iterable<NumLit>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const n of nums) {
    if (!outOfRange(n)) continue;
    const kind = n.unsigned ? 'unsigned 32-bit (0 .. 4294967295)' : n.radix === 10 ? 'signed 32-bit (-2147483648 .. 2147483647)' : '32-bit';
    out.push(error('E002', `number literal is out of the ${kind} range`, n.span));
  }
  return out;
}

/** Lines per chunk (see chunks.ts). */
const CHUNK_LINES = 20;

function matchItems(text: string, span: Spanner, chunkLines: number): E.Either<Diagnostic[], { items: Item[]; ctx: ParseContext }> {
  const grammar = datalogGrammar();
  const ctx: ParseContext = { span, diags: [], nums: new Set() };
  const starts = chunkStarts(text, chunkLines);
  const items: Item[] = [];
  for (let k = 0; k < starts.length; k++) {
    const from = starts[k] ?? 0;
    const to = starts[k + 1] ?? text.length;
    const m = grammar.match(starts.length === 1 ? text : text.slice(from, to), 'Program');
    if (m.failed()) {
      // Report syntax errors against the whole text, exactly as without chunking.
      if (starts.length > 1) return matchItems(text, span, Infinity);
      return E.left([syntaxError(text, m, span)]);
    }
    const local: ParseContext = from === 0 ? ctx : { ...ctx, span: (s, e) => span(s + from, e + from) };
    items.push(...buildItems(sem(), m, local));
  }
  return E.right({ items, ctx });
}

function parseItems(file: string, text: string, chunkLines = CHUNK_LINES): E.Either<Diagnostic[], Item[]> {
  const r = matchItems(text, makeSpanner(file, text), chunkLines);
  if (E.isLeft(r)) return r;
  const { items, ctx } = r.right;
  const diags = [...ctx.diags, ...rangeDiagnostics(ctx.nums)].sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
  return diags.length > 0 ? E.left(diags) : E.right(items);
}

/**
 * `parseSource` with an explicit chunk size in lines (`Infinity`: one Ohm match over the whole
 * text). For tests that check that chunking changes nothing; everyone else calls parseSource.
 *
 * @example
 * parseSourceChunked('a.dl', 'a(1).\nb(2).', 1) // same as parseSource('a.dl', 'a(1).\nb(2).')
 */
export function parseSourceChunked(file: string, text: string, chunkLines: number): E.Either<Diagnostic[], Source> {
  return E.map((items: Item[]): Source => ({ file, items }))(parseItems(file, text, chunkLines));
}

/**
 * Parses a rule file.
 *
 * @example
 * parseSource('tc.dl', '.decl e(x: number, y: number)\ne(1, 2).')
 * // right({ file: 'tc.dl', items: [{ kind: 'decl', ... }, { kind: 'fact', ... }] })
 */
export function parseSource(file: string, text: string): E.Either<Diagnostic[], Source> {
  return E.map((items: Item[]): Source => ({ file, items }))(parseItems(file, text));
}

/**
 * Parses one REPL line: any items, including queries `?- body.` (the `?-` is required).
 *
 * @example
 * parseReplLine('?- path(1, x).') // right([{ kind: 'query', ... }])
 */
export function parseReplLine(text: string, file = '<repl>'): E.Either<Diagnostic[], Item[]> {
  return parseItems(file, text);
}
