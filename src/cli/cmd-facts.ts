/**
 * `bpfdl facts X.o [--prog NAME] -D outdir`: writes the base facts of one program (the
 * relations of rules/prelude.dl) as Soufflé TSV files `<rel>.facts`; `-D -` prints them as
 * `rel(a, b).` lines instead. The front-end flow comes in as `deps` (wired in commands.ts from
 * pipeline.ts).
 */
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import type { Diagnostic } from '../base/diagnostic.js';
import { EXIT, type CliContext } from './context.js';
import { printOutcome, reportDiagnostics } from './diagnostics.js';

/** The flows `bpfdl facts` needs (pipeline's `writeFactsOfFile` and `printFactsOfFile`). */
export interface FactsCommandDeps {
  writeFactsOfFile(path: string, program: string | undefined, dir: string): E.Either<Diagnostic[], [string, number][]>;
  printFactsOfFile(path: string, program: string | undefined): E.Either<Diagnostic[], string>;
}

/**
 * Makes the `facts` command module.
 *
 * @example
 * commands.push(factsCommand({ writeFactsOfFile, printFactsOfFile })) // bpfdl facts x.o -D out
 */
export function factsCommand(deps: FactsCommandDeps): (program: Command, ctx: CliContext) => void {
  return (program, ctx) => {
    program
      .command('facts')
      .description('write the base facts of a BPF program (rules/prelude.dl relations) as <rel>.facts TSV files')
      .argument('<object>', 'BPF ELF object (.o) or assembly (.s)')
      .option('--prog <name>', 'program name or section/name (needed when the object has several)')
      .option('-D, --output-dir <dir>', "output directory; '-' prints the facts to stdout", '.')
      .action((object: string, opts: { prog?: string; outputDir: string }) => {
        if (opts.outputDir === '-') {
          printOutcome(ctx, deps.printFactsOfFile(object, opts.prog));
          return;
        }
        const r = deps.writeFactsOfFile(object, opts.prog, opts.outputDir);
        if (E.isLeft(r)) {
          reportDiagnostics(ctx.io, r.left);
          ctx.exitCode = EXIT.user;
          return;
        }
        const total = r.right.reduce((s, [, n]) => s + n, 0);
        ctx.io.err(`wrote ${r.right.length} relations (${total} rows) to ${opts.outputDir}\n`);
        ctx.exitCode = EXIT.ok;
      });
  };
}
