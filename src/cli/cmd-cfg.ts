/**
 * `bpfdl cfg X.o [--prog NAME] [--format text|dot|svg]`: the control-flow graph of one program
 * (kernel successor order, subprograms, postorder, loops). The front-end flow comes in as
 * `deps` (wired in commands.ts from pipeline.ts), so this module depends on nothing but base.
 */
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { error, type Diagnostic } from '../base/diagnostic.js';
import { EXIT, type CliContext } from './context.js';
import { printOutcome, reportDiagnostics } from './diagnostics.js';

/** The flow `bpfdl cfg` needs (pipeline's `cfgOfFile`). */
export interface CfgCommandDeps {
  cfgOfFile(path: string, program: string | undefined, format: 'text' | 'dot' | 'svg'): Promise<E.Either<Diagnostic[], string>>;
}

const FORMATS = ['text', 'dot', 'svg'] as const;

/**
 * Makes the `cfg` command module.
 *
 * @example
 * commands.push(cfgCommand({ cfgOfFile })) // bpfdl cfg xdp.o --prog xdp_prog --format dot
 */
export function cfgCommand(deps: CfgCommandDeps): (program: Command, ctx: CliContext) => void {
  return (program, ctx) => {
    program
      .command('cfg')
      .description('print the control-flow graph of a BPF program (text, Graphviz DOT or SVG)')
      .argument('<object>', 'BPF ELF object (.o) or assembly (.s)')
      .option('--prog <name>', 'program name or section/name (needed when the object has several)')
      .option('--format <format>', 'text | dot | svg', 'text')
      .action(async (object: string, opts: { prog?: string; format: string }) => {
        const format = FORMATS.find(f => f === opts.format);
        if (format === undefined) {
          reportDiagnostics(ctx.io, [error('E912', `unknown --format '${opts.format}' (expected text, dot or svg)`)]);
          ctx.exitCode = EXIT.user;
          return;
        }
        printOutcome(ctx, await deps.cfgOfFile(object, opts.prog, format));
      });
  };
}
