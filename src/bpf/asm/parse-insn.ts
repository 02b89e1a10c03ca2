/**
 * Parser of one assembly statement (the tokens of bpf/asm/lexer.ts) into an `AsmInsn`: the
 * instruction's fields plus the symbolic references (labels, maps) still to resolve.
 *
 * Grammar (the verifier log's syntax; docs/assembly.md has the full reference):
 *
 *     stmt   := 'exit' | 'raw' '(' code ',' dst ',' src ',' off ',' imm ')' | ('goto' | 'gotol' | 'may_goto') target | 'call' callee
 *             | 'if' R relop (R | imm) 'goto' target
 *             | 'lock' mem aop R | mem '=' (R | imm) | 'store_release' '(' mem' ',' R ')'
 *             | R aop (R | imm) | R '=' rhs
 *     rhs    := R | '(' sN ')' R | '-' R | imm ['ll'] | (le|be|bswap)N R
 *             | 'addr_space_cast' '(' R ',' imm ',' imm ')' | mem | '*' '(' type '*' ')' skb
 *             | atomic[64]_(fetch_OP|xchg|cmpxchg) '(' mem' ',' ... ')' | 'load_acquire' '(' mem' ')'
 *             | pseudo '[' ... ']' [('+'|'-') imm]
 *     mem    := '*' mem'      mem' := '(' type '*' ')' '(' R [('+'|'-') imm] ')'
 *     target := 'pc' ('+'|'-') imm | label        callee := target | name ['#' imm [':' imm]]
 *
 * `rD = imm` is a 64-bit mov (0xb7) for a decimal value that fits s32 and an ld_imm64 (0x18)
 * for a hex value, an `ll` suffix, or a value that does not fit; an opcode prefix `(18)`
 * or `(b7)` decides explicitly.
 */
import * as op from '../opcode.js';
import { helperId } from '../helper-names.js';
import type { Tok } from './lexer.js';
import {
  AsmSyntaxError, Cur, S32_MIN, U32_MAX, imm32, insn, memTail, off16, r64, rangeCheck, target, typeCast,
  type AsmInsn, type LabelRef, type MapRef,
} from './cursor.js';

export { AsmSyntaxError, type AsmInsn, type LabelRef, type MapRef };
// Local copies of the opcode constants (module-namespace reads are slow under some loaders).
const {
  BPF_DW, ATOMIC_ADD, ATOMIC_AND, ATOMIC_CMPXCHG, ATOMIC_LOAD_ACQ, ATOMIC_OR, ATOMIC_STORE_REL,
  ATOMIC_XCHG, ATOMIC_XOR, BPF_ABS, BPF_ADD, BPF_ALU, BPF_ALU64, BPF_AND, BPF_ARSH, BPF_ATOMIC,
  BPF_DIV, BPF_END, BPF_FETCH, BPF_IND, BPF_JEQ, BPF_JGE, BPF_JGT, BPF_JLE, BPF_JLT, BPF_JMP,
  BPF_JMP32, BPF_JNE, BPF_JSET, BPF_JSGE, BPF_JSGT, BPF_JSLE, BPF_JSLT, BPF_K, BPF_LD, BPF_LDX,
  BPF_LSH, BPF_MEM, BPF_MEMSX, BPF_MOD, BPF_MOV, BPF_MUL, BPF_NEG, BPF_OR, BPF_RSH, BPF_ST,
  BPF_STX, BPF_SUB, BPF_TO_BE, BPF_TO_LE, BPF_X, BPF_XOR, OFF_ADDR_SPACE_CAST, OPC_CALL, OPC_EXIT,
  OPC_GOTOL, OPC_JA, OPC_LD_IMM64, OPC_MAY_GOTO, PSEUDO_BTF_ID, PSEUDO_CALL, PSEUDO_FUNC,
  PSEUDO_KFUNC_CALL, PSEUDO_MAP_FD, PSEUDO_MAP_IDX, PSEUDO_MAP_IDX_VALUE, PSEUDO_MAP_VALUE,
  sizeField
} = op;

const ALU_ASSIGN: Record<string, number> = {
  '+=': BPF_ADD, '-=': BPF_SUB, '*=': BPF_MUL, '/=': BPF_DIV, '|=': BPF_OR,
  '&=': BPF_AND, '<<=': BPF_LSH, '>>=': BPF_RSH, '%=': BPF_MOD, '^=': BPF_XOR,
  's>>=': BPF_ARSH, 's/=': BPF_DIV, 's%=': BPF_MOD,
};
const REL: Record<string, number> = {
  '==': BPF_JEQ, '!=': BPF_JNE, '>': BPF_JGT, '>=': BPF_JGE, '<': BPF_JLT,
  '<=': BPF_JLE, '&': BPF_JSET, 's>': BPF_JSGT, 's>=': BPF_JSGE, 's<': BPF_JSLT,
  's<=': BPF_JSLE,
};
const LOCK_OPS: Record<string, number> = { '+=': ATOMIC_ADD, '&=': ATOMIC_AND, '|=': ATOMIC_OR, '^=': ATOMIC_XOR };
const FETCH_OPS: Record<string, number> = { add: ATOMIC_ADD, and: ATOMIC_AND, or: ATOMIC_OR, xor: ATOMIC_XOR };
function parseCall(c: Cur): AsmInsn {
  const code = OPC_CALL;
  if (c.isId('pc') && (c.isP('+', 1) || c.isP('-', 1))) {
    c.i++;
    return insn(code, 0, PSEUDO_CALL, 0, imm32(c));
  }
  if (c.isP('#')) {
    c.i++;
    return insn(code, 0, 0, 0, imm32(c));
  }
  if (c.isNum()) return insn(code, 0, 0, 0, imm32(c)); // `call 1` (LLVM's helper call syntax)
  const name = c.ident('a helper, kfunc or subprogram name');
  if (!c.isP('#')) {
    return insn(code, 0, 0, 0, 0, { callName: { name: name.v, start: name.start, end: name.end } });
  }
  c.i++;
  const idTok = c.peek();
  const id = imm32(c);
  let off = 0;
  if (c.eatP(':')) off = off16(c);
  const helper = helperId(name.v);
  if (name.v === 'unknown' || helper !== undefined) {
    if (helper !== undefined && helper !== id) {
      c.fail(`helper ${name.v} has id ${helper}, not ${id}`, idTok, 'E710');
    }
    if (off !== 0) c.fail('a helper call has no offset', idTok);
    return insn(code, 0, 0, 0, id);
  }
  // `kfunc#ID` / `kernel-function#ID` are the anonymous spellings; any other NAME is the kfunc's
  const named = name.v !== 'kfunc' && name.v !== 'kernel-function';
  return insn(code, 0, PSEUDO_KFUNC_CALL, off, id, named ? { kfuncName: name.v } : {});
}

function parseIf(c: Cur): AsmInsn {
  const d = c.reg();
  const relTok = c.peek();
  if (!relTok || relTok.k !== 'p' || REL[relTok.v] === undefined) c.fail('expected a comparison (==, !=, >, s<, &, ...)');
  c.i++;
  const cls = d.w ? BPF_JMP32 : BPF_JMP;
  let code: number;
  let src = 0;
  let imm = 0;
  if (c.isReg()) {
    const s = c.reg();
    if (s.w !== d.w) c.fail(`mixed register widths ${d.v} and ${s.v}`, s);
    code = cls | REL[relTok.v]! | BPF_X;
    src = s.reg;
  } else {
    code = cls | REL[relTok.v]! | BPF_K;
    imm = imm32(c);
  }
  c.expectId('goto');
  const t = target(c, 'off');
  return insn(code, d.reg, src, t.value, imm, t.ref ? { labelRef: t.ref } : {});
}

function parseLdImm64Pseudo(c: Cur, dst: number, kind: string): AsmInsn {
  c.expectP('[');
  const code = OPC_LD_IMM64;
  const plusOff = (): number => {
    if (!c.isP('+') && !c.isP('-')) return 0;
    return imm32(c);
  };
  const mapRef = (): MapRef => {
    const t = c.peek();
    if (t?.k === 'id') {
      c.i++;
      return { name: t.v, start: t.start, end: t.end };
    }
    const n = c.num();
    rangeCheck(c, n, 0n, 2n ** 31n - 1n, 'map index');
    return { index: Number(n.value), start: n.start, end: n.end };
  };
  switch (kind) {
    case 'map':
    case 'map_value': {
      const ref = mapRef();
      c.expectP(']');
      const src = kind === 'map' ? PSEUDO_MAP_FD : PSEUDO_MAP_VALUE;
      const hi = kind === 'map' ? 0 : plusOff();
      return { code, dst, src, off: 0, imm: ref.index ?? 0, hi, wide: true, mapRef: ref };
    }
    case 'map_idx':
    case 'map_idx_value': {
      const idx = imm32(c);
      c.expectP(']');
      const src = kind === 'map_idx' ? PSEUDO_MAP_IDX : PSEUDO_MAP_IDX_VALUE;
      const hi = kind === 'map_idx' ? 0 : plusOff();
      return { code, dst, src, off: 0, imm: idx, hi, wide: true };
    }
    case 'btf_id': {
      const id = imm32(c);
      const hi = c.eatP(',') ? imm32(c) : 0;
      c.expectP(']');
      return { code, dst, src: PSEUDO_BTF_ID, off: 0, imm: id, hi, wide: true };
    }
    default: {
      // func
      const t = target(c, 'imm');
      c.expectP(']');
      return { code, dst, src: PSEUDO_FUNC, off: 0, imm: t.value, hi: 0, wide: true, ...(t.ref ? { labelRef: t.ref } : {}) };
    }
  }
}

function parseAtomicCall(c: Cur, dst: Tok & { reg: number; w: boolean }, name: Tok): AsmInsn {
  const m = /^atomic(64)?_(fetch_(add|and|or|xor)|xchg|cmpxchg)$/.exec(name.v);
  if (name.v === 'load_acquire') {
    c.expectP('(');
    const mm = memTail(c);
    c.expectP(')');
    return insn(BPF_STX | BPF_ATOMIC | sizeField(mm.size), dst.reg, mm.base, mm.off, ATOMIC_LOAD_ACQ);
  }
  if (!m) c.fail(`unknown operation '${name.v}'`, name);
  c.expectP('(');
  const mm = memTail(c);
  // the kernel writes atomic64_* for u64; LLVM writes atomic_* for both sizes
  if (m[1] === '64' && mm.size !== 8) c.fail(`${name.v} does not match the access size u${mm.size * 8}`, name);
  c.expectP(',');
  let a: number;
  if (m[2] === 'cmpxchg') {
    const r0 = c.reg();
    if (r0.reg !== 0 || r0.w) c.fail('cmpxchg compares with r0', r0);
    if (dst.reg !== 0) c.fail('cmpxchg writes r0', dst);
    c.expectP(',');
    a = ATOMIC_CMPXCHG;
  } else {
    a = m[2] === 'xchg' ? ATOMIC_XCHG : FETCH_OPS[m[3]!]! | BPF_FETCH;
  }
  const s = c.reg();
  r64(c, s);
  if (a !== ATOMIC_CMPXCHG && s.reg !== dst.reg) c.fail(`${name.v} returns into its source register r${s.reg}, not r${dst.reg}`, dst);
  c.expectP(')');
  return insn(BPF_STX | BPF_ATOMIC | sizeField(mm.size), mm.base, s.reg, mm.off, a);
}

/** `R = ...` */
function parseAssign(c: Cur, d: Tok & { reg: number; w: boolean }, prefix: number | undefined): AsmInsn {
  const cls = d.w ? BPF_ALU : BPF_ALU64;
  // rD = rS
  if (c.isReg()) {
    const s = c.reg();
    if (s.w !== d.w) c.fail(`mixed register widths ${d.v} and ${s.v}`, s);
    return insn(cls | BPF_MOV | BPF_X, d.reg, s.reg, 0, 0);
  }
  // rD = (s8)rS
  if (c.isP('(') && c.peek(1)?.k === 'id' && /^s(8|16|32)$/.test(c.peek(1)!.v) && c.isP(')', 2)) {
    c.i++;
    const bits = Number(c.peek()!.v.slice(1));
    if (bits === 32 && d.w) c.fail('(s32) needs a 64-bit move');
    c.i += 2;
    const s = c.reg();
    if (s.w !== d.w) c.fail(`mixed register widths ${d.v} and ${s.v}`, s);
    return insn(cls | BPF_MOV | BPF_X, d.reg, s.reg, bits, 0);
  }
  // rD = -rD
  if (c.isP('-') && c.isReg(1)) {
    c.i++;
    const s = c.reg();
    if (s.reg !== d.reg || s.w !== d.w) c.fail(`negation must be ${d.v} = -${d.v}`, s);
    return insn(cls | BPF_NEG, d.reg, 0, 0, 0);
  }
  if (c.isNum()) {
    const n = c.num();
    const ll = c.isId('ll');
    if (ll) c.i++;
    if (d.w) {
      if (ll) c.fail('ll needs a 64-bit register', d);
      rangeCheck(c, n, S32_MIN, U32_MAX, 'immediate');
      return insn(BPF_ALU | BPF_MOV, d.reg, 0, 0, Number(BigInt.asIntN(32, n.value)));
    }
    const fitsS32 = n.value >= S32_MIN && n.value <= 2n ** 31n - 1n;
    const wide = prefix === OPC_LD_IMM64 || (prefix === undefined && (ll || n.hex || !fitsS32));
    if (wide) {
      rangeCheck(c, n, -(2n ** 63n), 2n ** 64n - 1n, 'immediate');
      const u = BigInt.asUintN(64, n.value);
      return {
        code: OPC_LD_IMM64, dst: d.reg, src: 0, off: 0, wide: true,
        imm: Number(BigInt.asIntN(32, u)), hi: Number(BigInt.asIntN(32, u >> 32n)),
      };
    }
    if (!fitsS32) {
      throw new AsmSyntaxError(`immediate ${n.value} does not fit s32 (a 64-bit mov sign-extends its immediate; use ld_imm64)`, n.start, n.end, 'E704');
    }
    return insn(BPF_ALU64 | BPF_MOV, d.reg, 0, 0, Number(n.value));
  }
  // rD = *(uN *)(rS +OFF)   |  r0 = *(uN *)skb[...]
  if (c.isP('*')) {
    c.i++;
    if (c.isP('(') && c.isId('skb', 4)) {
      const t = typeCast(c, false);
      c.expectId('skb');
      c.expectP('[');
      if (d.w || d.reg !== 0) c.fail('legacy packet loads write r0', d);
      const sz = sizeField(t.size);
      if (c.isReg()) {
        const s = c.reg();
        r64(c, s);
        c.expectP('+');
        const k = imm32(c);
        c.expectP(']');
        return insn(BPF_LD | BPF_IND | sz, 0, s.reg, 0, k);
      }
      const k = imm32(c);
      c.expectP(']');
      return insn(BPF_LD | BPF_ABS | sz, 0, 0, 0, k);
    }
    const m = memTail(c, true);
    r64(c, d);
    const mode = m.signed ? BPF_MEMSX : BPF_MEM;
    return insn(BPF_LDX | mode | sizeField(m.size), d.reg, m.base, m.off, 0);
  }
  const name = c.ident('an expression');
  const end = /^(le|be|bswap)(16|32|64)$/.exec(name.v);
  if (end) {
    r64(c, d);
    const s = c.reg();
    if (s.reg !== d.reg || s.w) c.fail(`byte swap must be ${d.v} = ${name.v} ${d.v}`, s);
    const code = end[1] === 'bswap' ? BPF_ALU64 | BPF_END | BPF_TO_LE : BPF_ALU | BPF_END | (end[1] === 'be' ? BPF_TO_BE : BPF_TO_LE);
    return insn(code, d.reg, 0, 0, Number(end[2]));
  }
  if (name.v === 'addr_space_cast') {
    r64(c, d);
    c.expectP('(');
    const s = c.reg();
    r64(c, s);
    c.expectP(',');
    const dstAs = c.num();
    rangeCheck(c, dstAs, 0n, 65535n, 'address space');
    c.expectP(',');
    const srcAs = c.num();
    rangeCheck(c, srcAs, 0n, 65535n, 'address space');
    c.expectP(')');
    const imm = Number(BigInt.asIntN(32, (dstAs.value << 16n) | srcAs.value));
    return insn(BPF_ALU64 | BPF_MOV | BPF_X, d.reg, s.reg, OFF_ADDR_SPACE_CAST, imm);
  }
  if (['map', 'map_value', 'map_idx', 'map_idx_value', 'btf_id', 'func'].includes(name.v) && c.isP('[')) {
    r64(c, d);
    return parseLdImm64Pseudo(c, d.reg, name.v);
  }
  if (name.v.startsWith('atomic') || name.v === 'load_acquire') {
    r64(c, d);
    return parseAtomicCall(c, d, name);
  }
  return c.fail(`unknown expression '${name.v}'`, name);
}

/**
 * Parses one instruction statement. Throws `AsmSyntaxError` (caught by the assembler, which
 * turns it into a diagnostic) on malformed input.
 *
 * @example
 * parseInsn(tokenize('r0 = 0', 0, 6) as Tok[], 0, 6, undefined) // { code: 0xb7, dst: 0, ... }
 */
export function parseInsn(toks: readonly Tok[], stmtStart: number, stmtEnd: number, prefix: number | undefined): AsmInsn {
  const c: Cur = new Cur(toks, stmtStart, stmtEnd);
  const first = c.peek();
  if (!first) c.fail('expected an instruction');
  let r: AsmInsn;
  if (first.k === 'id') {
    c.i++;
    switch (first.v) {
      case 'exit':
        r = insn(OPC_EXIT, 0, 0, 0, 0);
        break;
      case 'raw': {
        // raw(code, dst, src, off, imm): any one-slot encoding, field by field
        c.expectP('(');
        const field = (lo: bigint, hi: bigint, what: string): number => {
          const n = c.num();
          rangeCheck(c, n, lo, hi, what);
          return Number(n.value);
        };
        const code = field(0n, 255n, 'opcode');
        c.expectP(',');
        const dst = field(0n, 15n, 'register field');
        c.expectP(',');
        const src = field(0n, 15n, 'register field');
        c.expectP(',');
        const off = field(-32768n, 32767n, 'offset');
        c.expectP(',');
        const imm = imm32(c);
        c.expectP(')');
        if (code === OPC_LD_IMM64) c.fail('raw() encodes one slot; write ld_imm64 as rD = ...', first);
        r = insn(code, dst, src, off, imm);
        break;
      }
      case 'goto':
      case 'gotol':
      case 'may_goto': {
        const field = first.v === 'gotol' ? 'imm' : 'off';
        const t = target(c, field);
        const code = first.v === 'goto' ? OPC_JA : first.v === 'gotol' ? OPC_GOTOL : OPC_MAY_GOTO;
        r = insn(code, 0, 0, field === 'off' ? t.value : 0, field === 'imm' ? t.value : 0, t.ref ? { labelRef: t.ref } : {});
        break;
      }
      case 'call':
        r = parseCall(c);
        break;
      case 'if':
        r = parseIf(c);
        break;
      case 'lock': {
        c.expectP('*');
        const m = memTail(c);
        const o = c.peek();
        if (!o || o.k !== 'p' || LOCK_OPS[o.v] === undefined) c.fail('expected +=, &=, |= or ^=');
        c.i++;
        const s = c.reg();
        r64(c, s);
        r = insn(BPF_STX | BPF_ATOMIC | sizeField(m.size), m.base, s.reg, m.off, LOCK_OPS[o.v]!);
        break;
      }
      case 'store_release': {
        c.expectP('(');
        const m = memTail(c);
        c.expectP(',');
        const s = c.reg();
        r64(c, s);
        c.expectP(')');
        r = insn(BPF_STX | BPF_ATOMIC | sizeField(m.size), m.base, s.reg, m.off, ATOMIC_STORE_REL);
        break;
      }
      default:
        c.fail(`unknown instruction '${first.v}'`, first);
    }
  } else if (first.k === 'p' && first.v === '*') {
    c.i++;
    const m = memTail(c);
    c.expectP('=');
    const sz = sizeField(m.size);
    if (c.isReg()) {
      const s = c.reg();
      r64(c, s);
      r = insn(BPF_STX | BPF_MEM | sz, m.base, s.reg, m.off, 0);
    } else {
      r = insn(BPF_ST | BPF_MEM | sz, m.base, 0, m.off, imm32(c, sz !== BPF_DW));
    }
  } else if (first.k === 'reg') {
    const d = c.reg();
    const o = c.peek();
    if (!o || o.k !== 'p') c.fail('expected an assignment operator');
    c.i++;
    if (o.v === '=') {
      r = parseAssign(c, d, prefix);
    } else if (ALU_ASSIGN[o.v] !== undefined) {
      const cls = d.w ? BPF_ALU : BPF_ALU64;
      const signedOp = o.v === 's/=' || o.v === 's%=';
      if (c.isReg()) {
        const s = c.reg();
        if (s.w !== d.w) c.fail(`mixed register widths ${d.v} and ${s.v}`, s);
        r = insn(cls | ALU_ASSIGN[o.v]! | BPF_X, d.reg, s.reg, signedOp ? 1 : 0, 0);
      } else {
        r = insn(cls | ALU_ASSIGN[o.v]! | BPF_K, d.reg, 0, signedOp ? 1 : 0, imm32(c, d.w));
      }
    } else {
      c.fail(`unknown operator '${o.v}'`, o);
    }
  } else {
    c.fail(`unexpected '${first.v}'`, first);
  }
  c.end();
  return r;
}
