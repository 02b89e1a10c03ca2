/**
 * The list of `bpfdl` subcommands. To add one, write `cmd-<name>.ts` exporting a
 * `CommandModule` (a function that registers the command on the commander program and sets
 * `ctx.exitCode` in its action) and add it to this list.
 */
import type { Command } from 'commander';
import type { CliContext } from './context.js';
import { checkCommand } from './cmd-check.js';
import { explainPlanCommand } from './cmd-explain-plan.js';
import { replCommand } from './cmd-repl.js';
import { runCommand } from './cmd-run.js';

/** Registers one subcommand. */
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
  replCommand,
];
