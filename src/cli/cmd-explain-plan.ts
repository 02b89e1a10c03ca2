/** `bpfdl explain-plan rules.dl`: print the evaluation plan (strata, rule versions, join order, indexes). */
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { compileFile, sourcesOf } from '../pipeline.js';
import { EXIT, type CliContext } from './context.js';
import { reportDiagnostics } from './diagnostics.js';

/**
 * Registers `explain-plan`.
 *
 * @example
 * explainPlanCommand(program, ctx) // bpfdl explain-plan rules.dl
 */
export function explainPlanCommand(program: Command, ctx: CliContext): void {
  program
    .command('explain-plan')
    .description('print the evaluation plan of a rule file')
    .argument('<rules>', 'rule file (.dl)')
    .action((rules: string) => {
      const r = compileFile(rules);
      if (E.isLeft(r)) {
        reportDiagnostics(ctx.io, r.left, sourcesOf(r.left));
        ctx.exitCode = EXIT.user;
        return;
      }
      ctx.io.out(r.right.explainPlan());
      ctx.exitCode = EXIT.ok;
    });
}
