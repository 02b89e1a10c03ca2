/**
 * `bpfdl repl [rules.dl] [-F dir]`: interactive queries over a rule program.
 *
 * `bpfdl repl X.o --prog NAME [--slots 8]` opens the REPL on a BPF program instead: the
 * `openObject` hook (wired in commands.ts from the analysis flow in pipeline.ts) returns a
 * compiled Program (the analysis rules), its input facts (the program's facts and roots) and
 * extra dot-commands (`.insn N`). A file goes to the hook when it ends in `.o` or `.s` or
 * starts with the ELF magic; anything else is a rule file. Without a hook BPF files are a
 * user error.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { error, type Diagnostic } from '../base/diagnostic.js';
import { sourcesOf, type Facts, type Program } from '../pipeline.js';
import { EXIT, type CliContext } from './context.js';
import { reportDiagnostics } from './diagnostics.js';
import { startRepl } from './repl.js';
import { ReplSession, type ReplCommand } from './repl-session.js';

/** Options of `bpfdl repl` for a BPF file. */
export interface ReplObjectOptions {
  /** Stack-liveness granularity (`--slots 8`). */
  readonly slots?: 4 | 8;
}

/** How a non-rule file (e.g. a BPF object) becomes a REPL session. */
export interface ReplCommandDeps {
  /** Program, facts and extra dot-commands for `bpfdl repl X.o --prog NAME`. */
  openObject?(path: string, prog: string | undefined, options: ReplObjectOptions): E.Either<Diagnostic[], {
    readonly program: Program;
    readonly facts: Facts;
    readonly commands?: ReadonlyMap<string, ReplCommand>;
  }>;
}

/**
 * True when `file` is a BPF input (ELF object or `.s` assembly) rather than a rule file.
 *
 * @example
 * isBpfFile('xdp.o') // true
 */
export function isBpfFile(file: string): boolean {
  if (/\.(o|s)$/i.test(file)) return true;
  try {
    const fd = openSync(file, 'r');
    try {
      const head = Buffer.alloc(4);
      return readSync(fd, head, 0, 4, 0) === 4 && head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

interface ReplCliOptions { factDir?: string; prog?: string; slots?: string }

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
      .argument('[file]', 'rule file (.dl) to start from, or a BPF program: ELF object (.o) or assembly (.s)')
      .option('-F, --fact-dir <dir>', 'directory of input facts for the .input relations')
      .option('--prog <name>', 'program of the BPF object (with an object file)')
      .option('--slots <n>', 'stack-liveness granularity with a BPF file: 4 (half slots) or 8 (Linux 6.18)', '4')
      .action(async (file: string | undefined, opts: ReplCliOptions) => {
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

function open(deps: ReplCommandDeps, file: string | undefined, opts: ReplCliOptions): E.Either<Diagnostic[], ReplSession> {
  if (file === undefined || file.endsWith('.dl') || !isBpfFile(file)) return ReplSession.open(file, opts.factDir);
  if (!deps.openObject) return E.left([error('E731', `repl: '${file}' is not a rule file (.dl)`)]);
  const slots = opts.slots ?? '4';
  if (slots !== '4' && slots !== '8') return E.left([error('E732', `repl: --slots must be 4 or 8, not '${slots}'`)]);
  const o = deps.openObject(file, opts.prog, { slots: slots === '8' ? 8 : 4 });
  if (E.isLeft(o)) return o;
  return ReplSession.fromProgram(o.right.program, o.right.facts, o.right.commands ? { commands: o.right.commands } : {});
}

/**
 * The `repl` command without hooks (rule files only).
 *
 * @example
 * replCommand(program, ctx) // bpfdl repl examples/tc/tc.dl -F examples/tc
 */
export const replCommand = replCommandWith({});
