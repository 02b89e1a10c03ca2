/**
 * What a CLI command may touch: output streams, environment and the exit code. `main.ts`
 * binds it to the process; tests bind it to strings. Exit codes: 0 success, 1 user error
 * (diagnostics were printed), 2 internal error.
 */
import type { Readable, Writable } from 'node:stream';

/**
 * Process-facing side of the CLI.
 *
 * @example
 * await runCli(['run', 'tc.dl'], { out, err, env: {}, stdin, stdout, interactive: false })
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Streams for the interactive REPL (process.stdin/stdout by default). */
  readonly stdin: Readable;
  readonly stdout: Writable;
  /** True when stdin is a terminal (REPL prompts and completion). */
  readonly interactive: boolean;
}

/**
 * Exit codes of the `bpfdl` command.
 *
 * @example
 * ctx.exitCode = EXIT.user; // diagnostics were printed
 */
export const EXIT = { ok: 0, user: 1, internal: 2 } as const;

/**
 * Mutable state of one CLI invocation.
 *
 * @example
 * const ctx: CliContext = { io, exitCode: EXIT.ok };
 */
export interface CliContext {
  readonly io: CliIo;
  exitCode: number;
}
