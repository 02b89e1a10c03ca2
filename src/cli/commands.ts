/**
 * The list of `bpfdl` subcommands. To add one, write `cmd-<name>.ts` exporting a
 * `CommandModule` (a function that registers the command on the commander program and sets
 * `ctx.exitCode` in its action) and add it to this list.
 */
import type { Command } from 'commander';
import type { CliContext } from './context.js';
import { cfgOfFile, liveOfFile, objdumpFile, openAnalysisRepl, printFactsOfFile, writeFactsOfFile } from '../pipeline.js';
import { cfgCommand } from './cmd-cfg.js';
import { checkCommand } from './cmd-check.js';
import { factsCommand } from './cmd-facts.js';
import { liveCommand } from './cmd-live.js';
import { objdumpCommand } from './cmd-objdump.js';
import { explainPlanCommand } from './cmd-explain-plan.js';
import { replCommandWith } from './cmd-repl.js';
import { runCommand } from './cmd-run.js';

/**
 * Registers one subcommand.
 *
 * @example
 * const hello: CommandModule = (program, ctx) => void program.command('hello').action(() => ctx.io.out('hi\n'));
 */
export type CommandModule = (program: Command, ctx: CliContext) => void;

/**
 * All subcommands, in `--help` order.
 *
 * @example
 * for (const register of commands) register(program, ctx);
 */
export const commands: readonly CommandModule[] = [
  runCommand,
  checkCommand,
  explainPlanCommand,
  replCommandWith({ openObject: openAnalysisRepl }),
  objdumpCommand({ objdumpFile }),
  cfgCommand({ cfgOfFile }),
  factsCommand({ writeFactsOfFile, printFactsOfFile }),
  liveCommand({ liveOfFile }),
];
