/**
 * `bpfdl repl [rules.dl] [-F dir]`: interactive queries over a rule program. Other commands
 * (e.g. the BPF side's `bpfdl repl X.o --prog NAME`) can open the same loop on their own
 * program and facts with `ReplSession.fromProgram(program, facts)` and `startRepl`.
 */
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { sourcesOf } from '../pipeline.js';
import { EXIT, type CliContext } from './context.js';
import { reportDiagnostics } from './diagnostics.js';
import { startRepl } from './repl.js';
import { ReplSession } from './repl-session.js';

/**
 * Registers `repl`.
 *
 * @example
 * replCommand(program, ctx) // bpfdl repl examples/tc/tc.dl -F examples/tc
 */
export function replCommand(program: Command, ctx: CliContext): void {
  program
    .command('repl')
    .description('interactive session: add facts and rules, ask queries `?- path(1, X).`')
    .argument('[rules]', 'rule file to start from')
    .option('-F, --fact-dir <dir>', 'directory of input facts for the .input relations')
    .action(async (rules: string | undefined, opts: { factDir?: string }) => {
      const s = ReplSession.open(rules, opts.factDir);
      if (E.isLeft(s)) {
        reportDiagnostics(ctx.io, s.left, sourcesOf(s.left));
        ctx.exitCode = EXIT.user;
        return;
      }
      ctx.exitCode = await startRepl(s.right, ctx.io);
    });
}
