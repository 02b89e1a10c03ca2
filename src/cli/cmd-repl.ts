/**
 * `bpfdl repl [rules.dl] [-F dir]`: interactive queries over a rule program.
 *
 * `bpfdl repl X.o --prog NAME` opens the REPL on a BPF program instead: the `openObject` hook
 * (wired in commands.ts from the analysis flow in pipeline.ts) returns a compiled Program (the
 * analysis rules) and its input facts (the program's base facts); any file that does not end
 * in `.dl` goes to the hook. Without a hook such files are a user error.
 */
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { error, type Diagnostic } from '../base/diagnostic.js';
import { sourcesOf, type Facts, type Program } from '../pipeline.js';
import { EXIT, type CliContext } from './context.js';
import { reportDiagnostics } from './diagnostics.js';
import { startRepl } from './repl.js';
import { ReplSession } from './repl-session.js';

/** How a non-rule file (e.g. a BPF object) becomes a REPL session. */
export interface ReplCommandDeps {
  /** Program and facts for `bpfdl repl X.o --prog NAME`. */
  openObject?(path: string, prog: string | undefined): E.Either<Diagnostic[], { readonly program: Program; readonly facts: Facts }>;
}

/**
 * Makes the `repl` command module, optionally with a hook for non-rule files.
 *
 * @example
 * replCommandWith({ openObject: analysisOfObject }) // bpfdl repl xdp.o --prog xdp_prog
 */
export function replCommandWith(deps: ReplCommandDeps): (program: Command, ctx: CliContext) => void {
  return (program, ctx) => {
    program
      .command('repl')
      .description('interactive session: add facts and rules, ask queries `?- path(1, X).`')
      .argument('[file]', 'rule file (.dl) to start from, or a BPF object when supported')
      .option('-F, --fact-dir <dir>', 'directory of input facts for the .input relations')
      .option('--prog <name>', 'program of the BPF object (with an object file)')
      .action(async (file: string | undefined, opts: { factDir?: string; prog?: string }) => {
        const s = open(deps, file, opts);
        if (E.isLeft(s)) {
          reportDiagnostics(ctx.io, s.left, sourcesOf(s.left));
          ctx.exitCode = EXIT.user;
          return;
        }
        ctx.exitCode = await startRepl(s.right, ctx.io);
      });
  };
}

function open(deps: ReplCommandDeps, file: string | undefined, opts: { factDir?: string; prog?: string }): E.Either<Diagnostic[], ReplSession> {
  if (file === undefined || file.endsWith('.dl')) return ReplSession.open(file, opts.factDir);
  if (!deps.openObject) return E.left([error('E731', `repl: '${file}' is not a rule file (.dl)`)]);
  const o = deps.openObject(file, opts.prog);
  return E.isLeft(o) ? o : ReplSession.fromProgram(o.right.program, o.right.facts);
}

/**
 * The `repl` command without hooks (rule files only).
 *
 * @example
 * replCommand(program, ctx) // bpfdl repl examples/tc/tc.dl -F examples/tc
 */
export const replCommand = replCommandWith({});
