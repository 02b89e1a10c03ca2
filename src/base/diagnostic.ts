/**
 * Diagnostics: user mistakes as values. Every diagnostic has a stable code (e.g. `E101`), a
 * one-line message, a primary span and optional related spans. `formatDiagnostic` renders the
 * compiler-style text with a caret line under the primary span:
 *
 *     rules.dl:3:12: error E201: undeclared relation 'edge'
 *       3 | path(X, Y) :- edge(X, Y).
 *         |               ^^^^
 *     rules.dl:1:1: note: ...
 *
 * BPF diagnostics use `where` instead of (or with) a span: object, section, program,
 * instruction index, byte offset.
 */
import type { Span } from './span.js';

export type Severity = 'error' | 'warning' | 'note';

/** A secondary location that helps explain a diagnostic. */
export interface Related {
  readonly message: string;
  readonly span: Span;
}

/** Where in a BPF object a problem is (every field optional, printed outermost first). */
export interface BpfLocation {
  readonly object?: string;
  readonly section?: string;
  readonly program?: string;
  readonly insn?: number;
  readonly byteOffset?: number;
}

/** A user-facing error or warning. */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span?: Span;
  readonly where?: BpfLocation;
  readonly related?: readonly Related[];
}

/**
 * Makes an error diagnostic.
 *
 * @example
 * error('E201', "undeclared relation 'edge'", span)
 */
export function error(code: string, message: string, span?: Span, related?: readonly Related[]): Diagnostic {
  return { code, severity: 'error', message, ...(span ? { span } : {}), ...(related && related.length ? { related } : {}) };
}

/** Makes an error located in a BPF object. */
export function bpfError(code: string, message: string, where: BpfLocation): Diagnostic {
  return { code, severity: 'error', message, where };
}

/** Renders a BPF location as `object: section 'xdp': program 'f': insn 12: byte 0x40`. */
export function formatWhere(w: BpfLocation): string {
  const parts: string[] = [];
  if (w.object !== undefined) parts.push(w.object);
  if (w.section !== undefined) parts.push(`section '${w.section}'`);
  if (w.program !== undefined) parts.push(`program '${w.program}'`);
  if (w.insn !== undefined) parts.push(`insn ${w.insn}`);
  if (w.byteOffset !== undefined) parts.push(`byte offset 0x${w.byteOffset.toString(16)}`);
  return parts.join(': ');
}

function caretBlock(span: Span, sources: ReadonlyMap<string, string> | undefined): string[] {
  const text = sources?.get(span.file);
  if (text === undefined || span.line < 1) return [];
  const lines = text.split('\n');
  const src = lines[span.line - 1];
  if (src === undefined) return [];
  const gutter = String(span.line);
  const pad = ' '.repeat(gutter.length);
  const width = Math.max(1, Math.min(span.end - span.start, src.length - span.col + 1));
  return [`  ${gutter} | ${src}`, `  ${pad} | ${' '.repeat(Math.max(0, span.col - 1))}${'^'.repeat(width)}`];
}

function loc(span: Span): string {
  return `${span.file}:${span.line}:${span.col}`;
}

/**
 * Renders a diagnostic as text. `sources` maps file names to their text so that a caret line
 * can be shown; without it only the location line is printed.
 *
 * @example
 * formatDiagnostic(d, new Map([['a.dl', text]]))
 */
export function formatDiagnostic(d: Diagnostic, sources?: ReadonlyMap<string, string>): string {
  const head = d.span ? `${loc(d.span)}: ` : d.where ? `${formatWhere(d.where)}: ` : '';
  const out = [`${head}${d.severity} ${d.code}: ${d.message}`];
  if (d.span) out.push(...caretBlock(d.span, sources));
  for (const r of d.related ?? []) {
    out.push(`${loc(r.span)}: note: ${r.message}`);
    out.push(...caretBlock(r.span, sources));
  }
  return out.join('\n');
}
