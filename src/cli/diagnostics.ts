/**
 * Printing diagnostics on the CLI: each with its caret block (formatDiagnostic with the
 * program's sources), one blank-free block per diagnostic, to stderr.
 */
import { formatDiagnostic, type Diagnostic } from '../base/diagnostic.js';
import * as E from 'fp-ts/lib/Either.js';
import { EXIT, type CliContext, type CliIo } from './context.js';

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

/**
 * Ends a command with the outcome of a flow: diagnostics and exit code 1 on Left, the text
 * on stdout and exit code 0 on Right.
 *
 * @example
 * printOutcome(ctx, deps.objdumpFile(object, opts.prog, false))
 */
export function printOutcome(ctx: CliContext, r: E.Either<readonly Diagnostic[], string>): void {
  if (E.isLeft(r)) {
    reportDiagnostics(ctx.io, r.left);
    ctx.exitCode = EXIT.user;
    return;
  }
  ctx.io.out(r.right);
  ctx.exitCode = EXIT.ok;
}
