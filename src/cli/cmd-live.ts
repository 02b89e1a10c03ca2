/**
 * `bpfdl live X.o [--prog NAME] [--json] [--slots 4|8]`: argument tracking, stack liveness
 * and register liveness of BPF programs, computed by the rules in rules/. By default it prints
 * the kernel verifier's log formats (arg-tracking dump, `stack use/def`, `Live regs before
 * insn:`) so the output can be diffed against a kernel log; `--json` prints one JSON object
 * per program. `--slots 8` selects the Linux 6.18-compatible granularity.
 */
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import type { Diagnostic } from '../base/diagnostic.js';
import { EXIT, type CliContext } from './context.js';
import { printOutcome } from './diagnostics.js';

/** The flow `bpfdl live` needs (pipeline's `liveOfFile`). */
export interface LiveCommandDeps {
  liveOfFile(path: string, options: { program?: string; json?: boolean; granularity?: 4 | 8 }): E.Either<Diagnostic[], string>;
}

/**
 * Makes the `live` command module.
 *
 * @example
 * commands.push(liveCommand({ liveOfFile })) // bpfdl live x.o --json
 */
export function liveCommand(deps: LiveCommandDeps): (program: Command, ctx: CliContext) => void {
  return (program, ctx) => {
    program
      .command('live')
      .description('stack liveness, argument tracking and register liveness of BPF programs (kernel log formats or JSON)')
      .argument('<object>', 'BPF ELF object (.o) or assembly (.s)')
      .option('--prog <name>', 'program name or section/name (default: every program)')
      .option('--json', 'JSON Lines, one object per program')
      .option('--slots <bytes>', 'stack slot granularity: 4 (half-slots, default) or 8 (Linux 6.18-compatible)', '4')
      .action((object: string, opts: { prog?: string; json?: boolean; slots: string }) => {
        if (opts.slots !== '4' && opts.slots !== '8') {
          ctx.io.err(`bpfdl: --slots must be 4 or 8, not '${opts.slots}'\n`);
          ctx.exitCode = EXIT.user;
          return;
        }
        printOutcome(ctx, deps.liveOfFile(object, {
          ...(opts.prog !== undefined ? { program: opts.prog } : {}),
          json: opts.json === true,
          granularity: opts.slots === '8' ? 8 : 4,
        }));
      });
  };
}
