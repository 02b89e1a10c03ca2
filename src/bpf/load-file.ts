/**
 * Reads a program file the way every command does: a text assembly file (`.s`, verifier-log
 * syntax, bpf/asm/) is assembled, anything else is loaded as an ELF object (bpf/load.ts).
 */
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { bpfError, type Diagnostic } from '../base/diagnostic.js';
import { assembleObject, isAssemblySource } from './asm/as-object.js';
import { loadObject, type LoadOptions } from './load.js';
import type { ObjectFile } from './object.js';

/**
 * Loads an ELF object or assembles a `.s` file.
 *
 * @example
 * loadProgramFile('examples/bpf/callee_reads_caller.s') // right(objectFile)
 */
export function loadProgramFile(path: string, options: LoadOptions = {}): E.Either<Diagnostic[], ObjectFile> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    return E.left([bpfError('E910', `cannot read file: ${(e as Error).message}`, { object: path })]);
  }
  return isAssemblySource(path, bytes) ? assembleObject(path, new TextDecoder().decode(bytes)) : loadObject(path, bytes, options);
}
