#!/usr/bin/env node
/**
 * Entry point of the `bpfdl` executable (package.json `bin`): binds the CLI to the process.
 * Everything else is in cli.ts so that tests can run the CLI in-process.
 */
import { internalErrorText, runCli } from './cli.js';
import type { CliIo } from './context.js';

const io: CliIo = {
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  interactive: Boolean(process.stdin.isTTY),
};

try {
  process.exitCode = await runCli(process.argv.slice(2), io);
} catch (e) {
  process.stderr.write(internalErrorText(e, process.env));
  process.exitCode = 2;
}
