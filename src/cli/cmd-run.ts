/**
 * `bpfdl run rules.dl -F factdir -D outdir [--stats]`: Soufflé's command line. Reads every
 * `.input` relation from the fact directory, evaluates, writes every `.output` relation to the
 * output directory (`-D -` prints them to stdout) and prints `.printsize` relations' sizes.
 * `--stats` prints iterations per stratum, tuples per relation and time per rule to stderr.
 */
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { compileFile, factDir, formatStats, sourcesOf } from '../pipeline.js';
import { EXIT, type CliContext } from './context.js';
import { reportDiagnostics } from './diagnostics.js';

interface RunOptions {
  readonly factDir: string;
  readonly outputDir: string;
  readonly stats?: boolean;
}

/**
 * Registers `run`.
 *
 * @example
 * runCommand(program, ctx) // bpfdl run tc.dl -F facts -D out
 */
export function runCommand(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description('evaluate a rule file over input facts and write the output relations')
    .argument('<rules>', 'rule file (.dl)')
    .option('-F, --fact-dir <dir>', 'directory of input facts (<rel>.facts)', '.')
    .option('-D, --output-dir <dir>', "directory for output relations (<rel>.csv); '-' prints to stdout", '.')
    .option('--stats', 'print iterations per stratum, tuples per relation and time per rule to stderr')
    .action((rules: string, opts: RunOptions) => {
      const compiled = compileFile(rules);
      if (E.isLeft(compiled)) {
        reportDiagnostics(ctx.io, compiled.left, sourcesOf(compiled.left));
        ctx.exitCode = EXIT.user;
        return;
      }
      const prog = compiled.right;
      reportDiagnostics(ctx.io, prog.warnings, prog.sources);
      const db = prog.run(factDir(opts.factDir), { stats: opts.stats ?? false });
      if (E.isLeft(db)) {
        reportDiagnostics(ctx.io, db.left, prog.sources);
        ctx.exitCode = EXIT.user;
        return;
      }
      const written = prog.writeOutputs(db.right, opts.outputDir, (s) => ctx.io.out(s));
      if (E.isLeft(written)) {
        reportDiagnostics(ctx.io, written.left, prog.sources);
        ctx.exitCode = EXIT.user;
        return;
      }
      ctx.io.out(prog.printSizes(db.right));
      if (opts.stats) ctx.io.err(formatStats(db.right.stats()));
      ctx.exitCode = EXIT.ok;
    });
}
