/** `bpfdl check rules.dl [--print]`: parse and check; print the checked program on request. */
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { compileFile, sourcesOf } from '../pipeline.js';
import { EXIT, type CliContext } from './context.js';
import { reportDiagnostics } from './diagnostics.js';

/**
 * Registers `check`.
 *
 * @example
 * checkCommand(program, ctx) // bpfdl check rules.dl --print
 */
export function checkCommand(program: Command, ctx: CliContext): void {
  program
    .command('check')
    .description('parse and type-check a rule file; exit 1 on errors')
    .argument('<rules>', 'rule file (.dl)')
    .option('--print', 'print the checked program (normalised clauses and strata)')
    .action((rules: string, opts: { print?: boolean }) => {
      const r = compileFile(rules);
      if (E.isLeft(r)) {
        reportDiagnostics(ctx.io, r.left, sourcesOf(r.left));
        ctx.exitCode = EXIT.user;
        return;
      }
      reportDiagnostics(ctx.io, r.right.warnings, r.right.sources);
      if (opts.print) ctx.io.out(r.right.printChecked());
      ctx.exitCode = EXIT.ok;
    });
}
