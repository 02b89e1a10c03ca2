/**
 * Printing diagnostics on the CLI: each with its caret block (formatDiagnostic with the
 * program's sources), one blank-free block per diagnostic, to stderr.
 */
import { formatDiagnostic, type Diagnostic } from '../base/diagnostic.js';
import type { CliIo } from './context.js';

/**
 * Writes diagnostics to `io.err`; returns true when one of them is an error.
 *
 * @example
 * reportDiagnostics(io, diags, program.sources) // true if any error
 */
export function reportDiagnostics(io: CliIo, diags: readonly Diagnostic[], sources?: ReadonlyMap<string, string>): boolean {
  for (const d of diags) io.err(formatDiagnostic(d, sources) + '\n');
  return diags.some((d) => d.severity === 'error');
}
