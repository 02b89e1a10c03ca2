/**
 * The `bpfdl` command line, independent of the process: `runCli(argv, io)` parses `argv`
 * with commander, runs one subcommand and returns the exit code (0 success, 1 user error,
 * 2 internal error). Unexpected exceptions are caught here and printed as one line
 * `bpfdl: internal error: <message>` (with the stack only when BPFDL_DEBUG=1).
 */
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import { commands } from './commands.js';
import { EXIT, type CliContext, type CliIo } from './context.js';

/**
 * The package version, read from the nearest package.json named `bpfdl` above this file.
 *
 * @example
 * packageVersion() // '0.1.0'
 */
export function packageVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const p = path.join(dir, 'package.json');
    if (fs.existsSync(p)) {
      const pkg = JSON.parse(fs.readFileSync(p, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'bpfdl' && pkg.version) return pkg.version;
    }
    dir = path.dirname(dir);
  }
  return 'unknown';
}

/**
 * Formats an unexpected exception as the CLI prints it.
 *
 * @example
 * internalErrorText(new Error('boom'), {}) // 'bpfdl: internal error: boom\n'
 */
export function internalErrorText(e: unknown, env: Readonly<Record<string, string | undefined>>): string {
  const msg = e instanceof Error ? e.message : String(e);
  const stack = env.BPFDL_DEBUG === '1' && e instanceof Error && e.stack ? `${e.stack}\n` : '';
  return `bpfdl: internal error: ${msg.split('\n')[0]}\n${stack}`;
}

/**
 * Runs the CLI on `argv` (without `node` and the script path); resolves to the exit code.
 *
 * @example
 * await runCli(['check', 'rules.dl'], io) // 0
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const ctx: CliContext = { io, exitCode: EXIT.ok };
  const program = new Command('bpfdl')
    .description('BPF program analyses as Datalog rules with lattice-valued relations')
    .version(packageVersion(), '-V, --version', 'print the version')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  for (const register of commands) register(program, ctx);
  program.commands.forEach((c) => c.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) }));
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.user;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.user;
    io.err(internalErrorText(e, io.env));
    return EXIT.internal;
  }
}
