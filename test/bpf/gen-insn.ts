/**
 * fast-check generators of VALID BPF programs (every encoding the decoder accepts), for the
 * assembler/disassembler round-trip property and the decoder tests. Jump targets are drawn
 * among the program's instruction starts after layout.
 */
import fc from 'fast-check';
import type { RawInsn } from '../../src/bpf/encode.js';
import * as op from '../../src/bpf/opcode.js';

/** An instruction shape; `target` (0..1) picks a jump target after layout. */
export interface Shape extends RawInsn {
  /** Field that receives a pc-relative target distance, if any. */
  readonly jump?: 'off' | 'imm';
  readonly target?: number;
  /** ld_imm64 map loads: imm is a map index drawn from 0..nmaps-1. */
  readonly mapLoad?: boolean;
}

const reg = fc.integer({ min: 0, max: 10 });
const s16 = fc.integer({ min: -32768, max: 32767 });
const s32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const smallImm = fc.oneof(s32, fc.integer({ min: -64, max: 64 }));
const frac = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const cls = fc.constantFrom(op.BPF_ALU, op.BPF_ALU64);
const aluOps = [op.BPF_ADD, op.BPF_SUB, op.BPF_MUL, op.BPF_DIV, op.BPF_OR, op.BPF_AND, op.BPF_LSH, op.BPF_RSH, op.BPF_MOD, op.BPF_XOR, op.BPF_MOV, op.BPF_ARSH];
const jmpOps = [op.BPF_JEQ, op.BPF_JGT, op.BPF_JGE, op.BPF_JSET, op.BPF_JNE, op.BPF_JSGT, op.BPF_JSGE, op.BPF_JLT, op.BPF_JLE, op.BPF_JSLT, op.BPF_JSLE];
const sizes = fc.constantFrom(op.BPF_W, op.BPF_H, op.BPF_B, op.BPF_DW);
const rmw = [op.ATOMIC_ADD, op.ATOMIC_OR, op.ATOMIC_AND, op.ATOMIC_XOR, op.ATOMIC_FETCH_ADD, op.ATOMIC_FETCH_OR, op.ATOMIC_FETCH_AND, op.ATOMIC_FETCH_XOR, op.ATOMIC_XCHG, op.ATOMIC_CMPXCHG];

const I = (code: number, dst = 0, src = 0, off = 0, imm = 0, extra: Partial<Shape> = {}): Shape => ({ code, dst, src, off, imm, ...extra });

const aluK = fc.tuple(cls, fc.constantFrom(...aluOps), reg, smallImm, fc.boolean()).map(([c, o, d, imm, sgn]) =>
  I(c | o | op.BPF_K, d, 0, (o === op.BPF_DIV || o === op.BPF_MOD) && sgn ? 1 : 0, imm));
const aluX = fc.tuple(cls, fc.constantFrom(...aluOps), reg, reg, fc.integer({ min: 0, max: 3 })).map(([c, o, d, s, v]) => {
  let off = 0;
  if (o === op.BPF_DIV || o === op.BPF_MOD) off = v & 1;
  if (o === op.BPF_MOV) off = [0, 8, 16, c === op.BPF_ALU64 ? 32 : 0][v]!;
  return I(c | o | op.BPF_X, d, s, off, 0);
});
const neg = fc.tuple(cls, reg).map(([c, d]) => I(c | op.BPF_NEG, d));
const end = fc.tuple(fc.constantFrom(op.BPF_ALU | op.BPF_TO_LE, op.BPF_ALU | op.BPF_TO_BE, op.BPF_ALU64), reg, fc.constantFrom(16, 32, 64))
  .map(([c, d, w]) => I(c | op.BPF_END, d, 0, 0, w));
const asCast = fc.tuple(reg, reg, fc.constantFrom(1, 0x10000)).map(([d, s, imm]) => I(op.BPF_ALU64 | op.BPF_MOV | op.BPF_X, d, s, 1, imm));
const ldx = fc.tuple(sizes, fc.boolean(), reg, reg, s16).map(([sz, sx, d, s, off]) =>
  I(op.BPF_LDX | (sx && sz !== op.BPF_DW ? op.BPF_MEMSX : op.BPF_MEM) | sz, d, s, off, 0));
const st = fc.tuple(sizes, reg, s16, smallImm).map(([sz, d, off, imm]) => I(op.BPF_ST | op.BPF_MEM | sz, d, 0, off, imm));
const stx = fc.tuple(sizes, reg, reg, s16).map(([sz, d, s, off]) => I(op.BPF_STX | op.BPF_MEM | sz, d, s, off, 0));
const atomic = fc.oneof(
  fc.tuple(fc.constantFrom(op.BPF_W, op.BPF_DW), fc.constantFrom(...rmw), reg, reg, s16).map(([sz, a, d, s, off]) => I(op.BPF_STX | op.BPF_ATOMIC | sz, d, s, off, a)),
  fc.tuple(sizes, fc.constantFrom(op.ATOMIC_LOAD_ACQ, op.ATOMIC_STORE_REL), reg, reg, s16).map(([sz, a, d, s, off]) => I(op.BPF_STX | op.BPF_ATOMIC | sz, d, s, off, a)),
);
const ldAbsInd = fc.tuple(fc.constantFrom(op.BPF_W, op.BPF_H, op.BPF_B), fc.boolean(), reg, smallImm).map(([sz, ind, s, imm]) =>
  ind ? I(op.BPF_LD | op.BPF_IND | sz, 0, s, 0, imm) : I(op.BPF_LD | op.BPF_ABS | sz, 0, 0, 0, imm));
const lddw = fc.tuple(reg, fc.integer({ min: 0, max: 6 }), smallImm, smallImm, frac).map(([d, src, imm, hi, t]): Shape => {
  const base = { code: op.OPC_LD_IMM64, dst: d, src, off: 0, imm, wide: true, hi };
  switch (src) {
    case op.PSEUDO_MAP_FD:
      return { ...base, hi: 0, mapLoad: true, target: t };
    case op.PSEUDO_MAP_VALUE:
      return { ...base, mapLoad: true, target: t };
    case op.PSEUDO_FUNC:
      return { ...base, hi: 0, jump: 'imm', target: t };
    case op.PSEUDO_MAP_IDX:
      return { ...base, hi: 0 };
    default:
      return base;
  }
});
const jcond = fc.tuple(fc.constantFrom(op.BPF_JMP, op.BPF_JMP32), fc.constantFrom(...jmpOps), fc.boolean(), reg, reg, smallImm, frac)
  .map(([c, o, x, d, s, imm, t]) => I(c | o | (x ? op.BPF_X : op.BPF_K), d, x ? s : 0, 0, x ? 0 : imm, { jump: 'off', target: t }));
const ja = frac.map((t) => I(op.OPC_JA, 0, 0, 0, 0, { jump: 'off', target: t }));
const gotol = frac.map((t) => I(op.OPC_GOTOL, 0, 0, 0, 0, { jump: 'imm', target: t }));
const mayGoto = frac.map((t) => I(op.OPC_MAY_GOTO, 0, 0, 0, 0, { jump: 'off', target: t }));
const call = fc.oneof(
  fc.integer({ min: 0, max: 220 }).map((id) => I(op.OPC_CALL, 0, 0, 0, id)),
  s32.map((id) => I(op.OPC_CALL, 0, 0, 0, id)),
  frac.map((t) => I(op.OPC_CALL, 0, op.PSEUDO_CALL, 0, 0, { jump: 'imm', target: t })),
  fc.tuple(s32, fc.oneof(fc.constant(0), s16)).map(([id, off]) => I(op.OPC_CALL, 0, op.PSEUDO_KFUNC_CALL, off, id)),
);
const exit = fc.constant(I(op.OPC_EXIT));

/** One valid instruction shape. */
export const shapeArb: fc.Arbitrary<Shape> = fc.oneof(aluK, aluX, neg, end, asCast, ldx, st, stx, atomic, ldAbsInd, lddw, jcond, ja, gotol, mayGoto, call, exit);

/** Lays shapes out and resolves jump targets and map indexes. */
export function layout(shapes: readonly Shape[], nmaps: number): RawInsn[] {
  const starts: number[] = [];
  let idx = 0;
  for (const s of shapes) {
    starts.push(idx);
    idx += s.wide ? 2 : 1;
  }
  return shapes.map((s, k) => {
    if (s.mapLoad) return { ...s, imm: Math.floor((s.target ?? 0) * nmaps) };
    if (!s.jump) return s;
    const t = starts[Math.floor((s.target ?? 0) * starts.length)]!;
    const d = t - (starts[k]! + 1);
    return s.jump === 'off' ? { ...s, off: d } : { ...s, imm: d };
  });
}

/** A valid program: 1..40 shapes, with `nmaps` maps for map loads. */
export const programArb: fc.Arbitrary<{ insns: RawInsn[]; nmaps: number }> = fc
  .tuple(fc.array(shapeArb, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 4 }))
  .map(([shapes, nmaps]) => ({ insns: layout(shapes, nmaps), nmaps }));
