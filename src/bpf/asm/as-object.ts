/**
 * A `.s` file as an `ObjectFile`, so that code paths written for ELF objects (`loadObject`)
 * take assembly unchanged: one program, its maps, one executable section.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Diagnostic } from '../../base/diagnostic.js';
import type { ObjectFile } from '../object.js';
import { assemble } from './assemble.js';

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];

/**
 * True if `path`/`bytes` should be read as assembly text rather than as an ELF object: the
 * name ends in `.s`/`.S`/`.asm`, or the bytes do not start with the ELF magic.
 *
 * @example
 * isAssemblySource('prog.s', bytes) // true
 */
export function isAssemblySource(path: string, bytes: Uint8Array): boolean {
  if (/\.(s|S|asm)$/.test(path)) return true;
  return !ELF_MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * Assembles `text` (the contents of `file`) into a one-program `ObjectFile`.
 *
 * @example
 * assembleObject('t.s', '.type xdp\nr0 = 2\nexit\n') // E.right({ path: 't.s', programs: [{ name: 't', ... }], ... })
 */
export function assembleObject(file: string, text: string): E.Either<Diagnostic[], ObjectFile> {
  return E.map((p: ObjectFile['programs'][number]): ObjectFile => ({
    path: file,
    sections: [{ index: 1, name: p.section, type: 1, size: p.bytes.length, executable: true }],
    programs: [p],
    maps: p.maps,
  }))(assemble(file, text));
}
