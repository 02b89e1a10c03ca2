/** An in-memory CliIo for running the CLI in-process. */
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/context.js';

export interface MemIo extends CliIo {
  readonly outText: () => string;
  readonly errText: () => string;
}

export function memIo(env: Record<string, string> = {}, stdin = ''): MemIo {
  let out = '';
  let err = '';
  const input = new PassThrough();
  input.end(stdin);
  return {
    out: (s) => void (out += s),
    err: (s) => void (err += s),
    env,
    stdin: input,
    stdout: new PassThrough(),
    interactive: false,
    outText: () => out,
    errText: () => err,
  };
}
