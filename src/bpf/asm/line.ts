/**
 * Assembles one instruction line on its own (no labels, maps by index only): the fields of
 * `(85) call bpf_map_lookup_elem#1`, `r1 = *(u32 *)(r2 +4)`, `if r1 > 0x3 goto pc+2`, ...
 * Used to read the kernel's own log lines back into instructions.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Diagnostic } from '../../base/diagnostic.js';
import type { RawInsn } from '../encode.js';
import { helperId } from '../helper-names.js';
import * as op from '../opcode.js';
import { splitLine } from './lexer.js';
import { AsmSyntaxError, parseInsn } from './parse-insn.js';

/**
 * The fields of the single instruction written on `text`, or diagnostics (file `<line>`).
 * Label references are errors; `map[N]` keeps index N.
 *
 * @example
 * assembleLine('(bf) r6 = r1') // E.right({ code: 0xbf, dst: 6, src: 1, off: 0, imm: 0, wide: false, hi: 0 })
 */
export function assembleLine(text: string): E.Either<Diagnostic[], RawInsn> {
  const file = '<line>';
  const fail = (message: string, start: number, end: number, code = 'E701'): E.Either<Diagnostic[], RawInsn> =>
    E.left([{ code, severity: 'error', message, span: { file, start, end: Math.max(end, start + 1), line: 1, col: start + 1 } }]);
  const parts = splitLine(text, 1, 0);
  if (!('toks' in parts)) return fail(parts.message, parts.start, parts.end);
  if (parts.directive || parts.toks.length === 0) return fail('expected an instruction', parts.stmtStart, parts.stmtEnd);
  try {
    const i = parseInsn(parts.toks, parts.stmtStart, parts.stmtEnd, parts.prefix?.code);
    if (i.labelRef) return fail(`label '${i.labelRef.label}' in a single line`, i.labelRef.start, i.labelRef.end, 'E702');
    let imm = i.imm;
    let src = i.src;
    if (i.callName) {
      const id = helperId(i.callName.name);
      if (id === undefined) return fail(`unknown helper '${i.callName.name}'`, i.callName.start, i.callName.end, 'E710');
      imm = id;
      src = op.PSEUDO_HELPER;
    }
    if (i.mapRef && i.mapRef.index === undefined) return fail(`map name '${i.mapRef.name}' in a single line`, i.mapRef.start, i.mapRef.end, 'E706');
    if (parts.prefix && parts.prefix.code !== i.code) return fail('opcode prefix does not match the instruction', parts.prefix.start, parts.prefix.end, 'E707');
    return E.right({ code: i.code, dst: i.dst, src, off: i.off, imm, wide: i.wide, hi: i.hi });
  } catch (e) {
    if (!(e instanceof AsmSyntaxError)) throw e;
    return fail(e.message, e.start, e.end, e.code);
  }
}
