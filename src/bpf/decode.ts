/**
 * Decoder: raw 8-byte instruction slots -> `DecodedProgram` (bpf/insn.ts), with the encoding
 * checks the Linux 6.18 verifier makes before it explores anything.
 *
 * Algorithm: one linear pass over the slots. Slot i is split into its fields (bit layout in
 * bpf/opcode.ts); an `ld_imm64` consumes slot i+1 as well and gets
 * `imm64 = (u64(imm[i+1]) << 32) | u32(imm[i])`. Each instruction is then checked by
 * `insnError` (a pure function of the fields); a second pass checks the jump and call
 * targets of the instructions that passed:
 *
 *     target(i) = i + 1 + off          (JMP/JMP32 conditional jumps, JA, may_goto)
 *     target(i) = i + 1 + imm          (gotol = JMP32|JA, pseudo call src=1, ld_imm64 src=4)
 *     0 <= target < length   and   insns[target] !== undefined  (not the 2nd slot of ld_imm64)
 *
 * What counts as invalid (each one is a kernel rejection reason, phrased our way):
 * unknown opcode; register field > 10 where a register is used; non-zero reserved fields
 * (the kernel's "... uses reserved fields" checks); bad ld_imm64 pseudo source or second
 * slot; truncated ld_imm64; unknown atomic operation or size; bad END/bswap width; bad
 * movsx / sdiv / addr_space_cast offsets; jumps out of range or into an ld_imm64.
 * Semantic errors (shift amounts, division by a zero constant, writing r10, unreachable code)
 * are the verifier's business, not the decoder's.
 *
 * All problems are reported (not only the first), each located by object, section, program,
 * instruction index and byte offset.
 */
import * as E from 'fp-ts/lib/Either.js';
import { bpfError, type BpfLocation, type Diagnostic } from '../base/diagnostic.js';
import { decodeSlot, InsnList, type DecodedProgram, type Insn } from './insn.js';
import * as op from './opcode.js';
// Local copies: module-namespace reads are slow under some loaders, and these are hot.
const {
  ATOMIC_ADD, ATOMIC_AND, ATOMIC_CMPXCHG, ATOMIC_FETCH_ADD, ATOMIC_FETCH_AND, ATOMIC_FETCH_OR,
  ATOMIC_FETCH_XOR, ATOMIC_LOAD_ACQ, ATOMIC_OR, ATOMIC_STORE_REL, ATOMIC_XCHG, ATOMIC_XOR, BPF_ABS,
  BPF_ALU, BPF_ALU64, BPF_ATOMIC, BPF_CALL, BPF_DIV, BPF_DW, BPF_END, BPF_EXIT, BPF_IND, BPF_JA,
  BPF_JCOND, BPF_JMP, BPF_JMP32, BPF_LD, BPF_LDX, BPF_MAY_GOTO, BPF_MEM, BPF_MEMSX, BPF_MOD,
  BPF_MOV, BPF_NEG, BPF_ST, BPF_W, BPF_X, CLASS_MASK, MODE_MASK, OFF_ADDR_SPACE_CAST,
  OPC_GOTOL, OPC_LD_IMM64, OP_MASK, PSEUDO_CALL, PSEUDO_FUNC, PSEUDO_KFUNC_CALL, PSEUDO_MAP_FD,
  PSEUDO_MAP_IDX, PSEUDO_MAP_IDX_VALUE, SIZE_MASK, SRC_MASK
} = op;

/** `decodeSlot` lives with `InsnList` (insn.ts); re-exported for the decoder's users. */
export { decodeSlot } from './insn.js';

/** Where a program comes from, for diagnostics. */
export interface ProgramWhere {
  readonly object: string;
  readonly section: string;
  readonly program: string;
}

/** Diagnostic codes of the decoder. */
export const DecodeCode = {
  /** Program size is not a multiple of 8 bytes. */
  badLength: 'E601',
  /** An invalid instruction encoding. */
  badInsn: 'E602',
  /** A jump or call whose target is outside the program or inside an ld_imm64. */
  badTarget: 'E603',
  /** Empty program. */
  empty: 'E604',
} as const;

const ATOMIC_RMW = new Set([
  ATOMIC_ADD, ATOMIC_OR, ATOMIC_AND, ATOMIC_XOR,
  ATOMIC_FETCH_ADD, ATOMIC_FETCH_OR, ATOMIC_FETCH_AND, ATOMIC_FETCH_XOR,
  ATOMIC_XCHG, ATOMIC_CMPXCHG,
]);

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

function badReg(r: number): string | undefined {
  return r > 10 ? `invalid register r${r}` : undefined;
}

const unknownOpcode = (code: number): string => `unknown opcode 0x${hex2(code)}`;

function aluError(i: Insn, is64: boolean): string | undefined {
  const o = i.code & OP_MASK;
  const x = (i.code & SRC_MASK) === BPF_X;
  if (o > BPF_END) return unknownOpcode(i.code);
  const r = badReg(i.dst);
  if (r) return r;
  if (o === BPF_END) {
    if (is64 && x) return unknownOpcode(i.code);
    if (i.src !== 0 || i.off !== 0) return 'BPF_END uses reserved fields';
    if (i.imm !== 16 && i.imm !== 32 && i.imm !== 64) return `BPF_END width ${i.imm} (must be 16, 32 or 64)`;
    return undefined;
  }
  if (o === BPF_NEG) {
    if (x) return unknownOpcode(i.code);
    if (i.src !== 0 || i.off !== 0 || i.imm !== 0) return 'BPF_NEG uses reserved fields';
    return undefined;
  }
  if (x) {
    const rs = badReg(i.src);
    if (rs) return rs;
  }
  if (o === BPF_MOV) {
    if (!x) return i.src !== 0 || i.off !== 0 ? 'BPF_MOV uses reserved fields' : undefined;
    if (is64 && i.off === OFF_ADDR_SPACE_CAST) {
      if (i.imm !== 1 && i.imm !== 0x10000) return 'addr_space_cast can only convert between address spaces 1 and 0';
      return undefined;
    }
    if (i.imm !== 0) return 'BPF_MOV uses reserved fields';
    if (i.off !== 0 && i.off !== 8 && i.off !== 16 && !(is64 && i.off === 32)) return 'BPF_MOV uses reserved fields';
    return undefined;
  }
  const signedOk = o === BPF_DIV || o === BPF_MOD;
  if (i.off !== 0 && !(signedOk && i.off === 1)) return 'BPF_ALU uses reserved fields';
  if (x ? i.imm !== 0 : i.src !== 0) return 'BPF_ALU uses reserved fields';
  return undefined;
}

function jmpError(i: Insn, is32: boolean): string | undefined {
  const o = i.code & OP_MASK;
  const x = (i.code & SRC_MASK) === BPF_X;
  switch (o) {
    case BPF_JA:
      if (x) return unknownOpcode(i.code);
      if (i.src !== 0 || i.dst !== 0 || (is32 ? i.off !== 0 : i.imm !== 0)) return 'BPF_JA uses reserved fields';
      return undefined;
    case BPF_CALL:
      if (is32 || x) return unknownOpcode(i.code);
      if (i.dst !== 0) return 'BPF_CALL uses reserved fields';
      if (i.src > PSEUDO_KFUNC_CALL) return 'BPF_CALL uses reserved fields';
      if (i.src !== PSEUDO_KFUNC_CALL && i.off !== 0) return 'BPF_CALL uses reserved fields';
      return undefined;
    case BPF_EXIT:
      if (is32 || x) return unknownOpcode(i.code);
      if (i.imm !== 0 || i.src !== 0 || i.dst !== 0) return 'BPF_EXIT uses reserved fields';
      return undefined;
    case BPF_JCOND:
      if (is32 || x) return unknownOpcode(i.code);
      if (i.src !== BPF_MAY_GOTO || i.dst !== 0 || i.imm !== 0) return 'invalid may_goto (reserved fields used)';
      return undefined;
    case 0xf0:
      return unknownOpcode(i.code);
    default: {
      const r = badReg(i.dst) ?? (x ? badReg(i.src) : undefined);
      if (r) return r;
      if (x ? i.imm !== 0 : i.src !== 0) return `BPF_${is32 ? 'JMP32' : 'JMP'} uses reserved fields`;
      return undefined;
    }
  }
}

/**
 * Why `insn` (with `next`, the following slot, for an ld_imm64) is not a valid instruction
 * for the Linux 6.18 verifier, or undefined if it is.
 *
 * @example
 * insnError(decodeSlot(new Uint8Array([0xff, 0, 0, 0, 0, 0, 0, 0]), 0)) // 'unknown opcode 0xff'
 */
export function insnError(i: Insn, next?: Insn | null): string | undefined {
  const code = i.code;
  const mode = code & MODE_MASK;
  const size = code & SIZE_MASK;
  switch (code & CLASS_MASK) {
    case BPF_ALU:
      return aluError(i, false);
    case BPF_ALU64:
      return aluError(i, true);
    case BPF_JMP:
      return jmpError(i, false);
    case BPF_JMP32:
      return jmpError(i, true);
    case BPF_LD:
      if (code === OPC_LD_IMM64) {
        if (next === undefined || next === null) return 'truncated ld_imm64 (second slot missing)';
        const r = badReg(i.dst);
        if (r) return r;
        if (i.off !== 0) return 'BPF_LD_IMM64 uses reserved fields';
        if (i.src > PSEUDO_MAP_IDX_VALUE) return `invalid ld_imm64 source ${i.src}`;
        if (next.code !== 0 || next.dst !== 0 || next.src !== 0 || next.off !== 0) return 'invalid ld_imm64 second slot';
        const hiMustBeZero = i.src === PSEUDO_MAP_FD || i.src === PSEUDO_MAP_IDX || i.src === PSEUDO_FUNC;
        if (hiMustBeZero && next.imm !== 0) return 'ld_imm64 second slot imm must be 0 for this source';
        return undefined;
      }
      if ((mode === BPF_ABS || mode === BPF_IND) && size !== BPF_DW) {
        if (i.dst !== 0 || i.off !== 0 || (mode === BPF_ABS && i.src !== 0)) return 'BPF_LD_[ABS|IND] uses reserved fields';
        return mode === BPF_IND ? badReg(i.src) : undefined;
      }
      return unknownOpcode(code);
    case BPF_LDX:
      if (mode !== BPF_MEM && !(mode === BPF_MEMSX && size !== BPF_DW)) return unknownOpcode(code);
      if (i.imm !== 0) return 'BPF_LDX uses reserved fields';
      return badReg(i.dst) ?? badReg(i.src);
    case BPF_ST:
      if (mode !== BPF_MEM) return unknownOpcode(code);
      if (i.src !== 0) return 'BPF_ST uses reserved fields';
      return badReg(i.dst);
    default: // STX
      if (mode === BPF_MEM) {
        if (i.imm !== 0) return 'BPF_STX uses reserved fields';
        return badReg(i.dst) ?? badReg(i.src);
      }
      if (mode !== BPF_ATOMIC) return unknownOpcode(code);
      if (i.imm === ATOMIC_LOAD_ACQ || i.imm === ATOMIC_STORE_REL) return badReg(i.dst) ?? badReg(i.src);
      if (!ATOMIC_RMW.has(i.imm)) return `invalid atomic operation 0x${(i.imm >>> 0).toString(16)}`;
      if (size !== BPF_W && size !== BPF_DW) return 'invalid atomic operand size';
      return badReg(i.dst) ?? badReg(i.src);
  }
}

/**
 * The instruction index a jump, call or ld_imm64-of-function at `i` refers to, or undefined
 * if it has none (helper and kfunc calls, exit, non-jumps).
 *
 * @example
 * jumpTarget(decodeSlot(new Uint8Array([0x05, 0, 2, 0, 0, 0, 0, 0]), 0)) // 3
 */
export function jumpTarget(i: Insn): number | undefined {
  const code = i.code;
  const cls = code & CLASS_MASK;
  if (code === OPC_LD_IMM64) return i.src === PSEUDO_FUNC ? i.idx + 1 + i.imm : undefined;
  if (cls !== BPF_JMP && cls !== BPF_JMP32) return undefined;
  const o = code & OP_MASK;
  if (o === BPF_EXIT) return undefined;
  if (o === BPF_CALL) return i.src === PSEUDO_CALL ? i.idx + 1 + i.imm : undefined;
  if (code === OPC_GOTOL) return i.idx + 1 + i.imm;
  return i.idx + 1 + i.off;
}

/**
 * Splits `bytes` into instructions without validity checks (for listing broken programs).
 * Never throws; a trailing partial slot is ignored.
 *
 * @example
 * decodeRaw(new Uint8Array([0x95, 0, 0, 0, 0, 0, 0, 0])).length // 1
 */
export function decodeRaw(bytes: Uint8Array): DecodedProgram {
  const insns = InsnList.fromBytes(bytes);
  return { insns, length: insns.length };
}

/**
 * Decodes and checks a whole program (raw relocated slots, 8 bytes each).
 *
 * @example
 * decodeProgram(bytes, { object: 'a.o', section: 'xdp', program: 'f' })
 * // E.right({ insns: [...], length: n }) or E.left([diagnostics located by insn index])
 */
export function decodeProgram(bytes: Uint8Array, where: ProgramWhere): E.Either<Diagnostic[], DecodedProgram> {
  const at = (insn?: number): BpfLocation =>
    insn === undefined ? { ...where } : { ...where, insn, byteOffset: insn * 8 };
  const diags: Diagnostic[] = [];
  if (bytes.length % 8 !== 0) {
    diags.push(bpfError(DecodeCode.badLength, `program size ${bytes.length} is not a multiple of 8`, at()));
  }
  const prog = decodeRaw(bytes);
  if (prog.length === 0) diags.push(bpfError(DecodeCode.empty, 'empty program', at()));
  const n = prog.length;
  let bad: Set<number> | undefined;
  for (let k = 0; k < n; k++) {
    const insn = prog.insns.at(k);
    if (insn === undefined) continue;
    const next = insn.wide ? (k + 1 < n ? decodeSlot(bytes, k + 1) : null) : undefined;
    const cause = insnError(insn, next);
    if (cause !== undefined) {
      diags.push(bpfError(DecodeCode.badInsn, cause, at(k)));
      (bad ??= new Set()).add(k);
    }
  }
  for (let k = 0; k < n; k++) {
    const insn = prog.insns.at(k);
    if (insn === undefined || bad?.has(k)) continue;
    const t = jumpTarget(insn);
    if (t === undefined) continue;
    if (t < 0 || t >= n) {
      diags.push(bpfError(DecodeCode.badTarget, `jump out of range from insn ${k} to ${t}`, at(k)));
    } else if (!prog.insns.has(t)) {
      diags.push(bpfError(DecodeCode.badTarget, `jump from insn ${k} into the middle of the ld_imm64 at ${t - 1}`, at(k)));
    }
  }
  return diags.length ? E.left(diags) : E.right(prog);
}
