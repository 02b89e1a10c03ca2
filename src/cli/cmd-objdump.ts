/**
 * `bpfdl objdump X.o [--prog NAME] [--json]`: what the ELF front end made of an object —
 * sections, maps, programs (type, instruction count), subprograms, relocations, then the
 * disassembly with source lines; `--json` prints one JSON line per program
 * `{object, section, program, type, insns: [{idx, text}], subprogs: [{start, name, global}]}`.
 * The front-end flow comes in as `deps` (wired in commands.ts from pipeline.ts).
 */
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import type { Diagnostic } from '../base/diagnostic.js';
import type { CliContext } from './context.js';
import { printOutcome } from './diagnostics.js';

/** The flow `bpfdl objdump` needs (pipeline's `objdumpFile`). */
export interface ObjdumpCommandDeps {
  objdumpFile(path: string, program: string | undefined, json: boolean): E.Either<Diagnostic[], string>;
}

/**
 * Makes the `objdump` command module.
 *
 * @example
 * objdumpCommand({ objdumpFile }) // bpfdl objdump xdp.o --prog xdp_prog --json
 */
export function objdumpCommand(deps: ObjdumpCommandDeps): (program: Command, ctx: CliContext) => void {
  return (program, ctx) => {
    program
      .command('objdump')
      .description('list sections, maps, programs, subprograms and relocations of a BPF ELF object, with disassembly')
      .argument('<object>', 'BPF ELF object (.o)')
      .option('--prog <name>', 'only this program (name or section/name)')
      .option('--json', 'one JSON line per program: {object, section, program, type, insns, subprogs}')
      .action((object: string, opts: { prog?: string; json?: boolean }) => {
        printOutcome(ctx, deps.objdumpFile(object, opts.prog, opts.json === true));
      });
  };
}
