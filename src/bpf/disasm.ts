/**
 * Disassembler: `Insn` -> one line of text in the syntax of the Linux verifier log
 * (`(bf) r6 = r1`, `(85) call bpf_map_lookup_elem#1`, `(79) r0 = *(u64 *)(r1 +0)`, ...).
 *
 * The kernel's text is the specification: for every instruction of the corpus our line equals
 * the one recorded in the oracle fixtures (test/bpf/disasm-corpus.test.ts), except for the
 * ld_imm64 immediates of map loads, which the kernel prints as kernel addresses. The formats:
 *
 *     ALU        (cc) {w|r}D OP= {w|r}S        (cc) {w|r}D OP= IMM           (IMM signed decimal)
 *                OP: + - * / | & << >> % ^ = s>>   sdiv/smod (off=1): s/= s%=
 *     movsx      (cc) {w|r}D = (s8|s16|s32){w|r}S
 *     neg        (cc) {w|r}D = -{w|r}D
 *     end/bswap  (cc) rD = {le|be}N rD          (cc) rD = bswapN rD
 *     as-cast    (cc) rD = addr_space_cast(rS, DST_AS, SRC_AS)
 *     ldx        (cc) rD = *(u8|u16|u32|u64|s8|s16|s32 *)(rS {+|-}OFF)
 *     st / stx   (cc) *(uN *)(rD {+|-}OFF) = IMM | rS
 *     atomics    (cc) lock *(uN *)(rD +OFF) {+=,&=,|=,^=} rS
 *                (cc) rS = atomic[64]_fetch_{add,and,or,xor}((uN *)(rD +OFF), rS)
 *                (cc) rS = atomic[64]_xchg((uN *)(rD +OFF), rS)
 *                (cc) r0 = atomic[64]_cmpxchg((uN *)(rD +OFF), r0, rS)
 *                (cc) rD = load_acquire((uN *)(rS +OFF))     (cc) store_release((uN *)(rD +OFF), rS)
 *     ld abs/ind (cc) r0 = *(uN *)skb[IMM]      (cc) r0 = *(uN *)skb[rS + IMM]
 *     ld_imm64   (cc) rD = 0xHEX                (unsigned 64-bit)
 *     jumps      (cc) if {w|r}D OP 0xHEX goto pc{+|-}N      (cc) if {w|r}D OP {w|r}S goto pc{+|-}N
 *                OP: == != > >= < <= & s> s>= s< s<=   (imm printed as u32 hex)
 *     others     (05) goto pc+N   (06) gotol pc+IMM   (e5) may_goto pc+N   (95) exit
 *     calls      (85) call NAME#ID (helper; `unknown` if unnamed)   (85) call pc+IMM (bpf-to-bpf)
 *                (85) call KFUNC#BTFID (kfunc; `kernel-function` when the name is not known)
 *
 * `cc` is the opcode byte in two hex digits. The `asm` style differs only where the kernel's
 * text loses information the assembler needs: ld_imm64 with a pseudo source
 * (`map[I]`, `map_value[I]+OFF`, `btf_id[ID]`, `func[pc+N]`, `map_idx[I]`, `map_idx_value[I]+OFF`)
 * and kfunc calls with a non-zero `off` (`call kfunc#ID:OFF`); an `exit` with a non-zero
 * `off` (which the kernel ignores) is written `raw(0x95, 0, 0, OFF, 0)`.
 */
import type { DecodedProgram, Insn } from './insn.js';
import { helperName as defaultHelperName } from './helper-names.js';
import * as op from './opcode.js';
// Local copies: module-namespace reads are slow under some loaders, and these are hot.
const {
  ATOMIC_ADD, ATOMIC_AND, ATOMIC_CMPXCHG, ATOMIC_LOAD_ACQ, ATOMIC_OR, ATOMIC_STORE_REL,
  ATOMIC_XCHG, ATOMIC_XOR, BPF_ABS, BPF_ADD, BPF_ALU, BPF_ALU64, BPF_AND, BPF_ARSH, BPF_ATOMIC,
  BPF_CALL, BPF_DIV, BPF_DW, BPF_END, BPF_EXIT, BPF_FETCH, BPF_IND, BPF_JA, BPF_JEQ, BPF_JGE,
  BPF_JGT, BPF_JLE, BPF_JLT, BPF_JMP32, BPF_JNE, BPF_JSET, BPF_JSGE, BPF_JSGT, BPF_JSLE, BPF_JSLT,
  BPF_LD, BPF_LDX, BPF_LSH, BPF_MAY_GOTO, BPF_MEM, BPF_MEMSX, BPF_MOD, BPF_MOV, BPF_MUL, BPF_NEG,
  BPF_OR, BPF_RSH, BPF_ST, BPF_STX, BPF_SUB, BPF_X, BPF_XOR, CLASS_MASK, MODE_MASK,
  OFF_ADDR_SPACE_CAST, OPC_EXIT, OPC_GOTOL, OPC_JA, OPC_LD_IMM64, OPC_MAY_GOTO, OP_MASK,
  PSEUDO_BTF_ID, PSEUDO_CALL, PSEUDO_FUNC, PSEUDO_KFUNC_CALL, PSEUDO_MAP_FD, PSEUDO_MAP_IDX,
  PSEUDO_MAP_VALUE, SIZE_MASK, SRC_MASK, sizeBytes
} = op;

/** Options of the disassembler. */
export interface DisasmContext {
  /** Helper id -> name (without this, the kernel's table from helper-names.ts). */
  readonly helperName?: (id: number) => string | undefined;
  /** kfunc BTF id (and `off`, the BTF object index) -> name; default `kernel-function`. */
  readonly kfuncName?: (btfId: number, off: number) => string | undefined;
  /** Replaces the text of an ld_imm64 immediate (like the kernel's `cb_imm`), e.g. map names. */
  readonly imm64Text?: (insn: Insn) => string | undefined;
  /** `kernel` (default): the verifier log's text; `asm`: lossless for the assembler. */
  readonly style?: 'kernel' | 'asm';
}

const ALU_OP: Record<number, string> = {
  [BPF_ADD]: '+=', [BPF_SUB]: '-=', [BPF_MUL]: '*=', [BPF_DIV]: '/=',
  [BPF_OR]: '|=', [BPF_AND]: '&=', [BPF_LSH]: '<<=', [BPF_RSH]: '>>=',
  [BPF_MOD]: '%=', [BPF_XOR]: '^=', [BPF_MOV]: '=', [BPF_ARSH]: 's>>=',
  [BPF_NEG]: 'neg', [BPF_END]: 'endian',
};
const JMP_OP: Record<number, string> = {
  [BPF_JEQ]: '==', [BPF_JGT]: '>', [BPF_JGE]: '>=', [BPF_JSET]: '&',
  [BPF_JNE]: '!=', [BPF_JSGT]: 's>', [BPF_JSGE]: 's>=', [BPF_JLT]: '<',
  [BPF_JLE]: '<=', [BPF_JSLT]: 's<', [BPF_JSLE]: 's<=',
};
const ATOMIC_NAME: Record<number, string> = {
  [BPF_ADD]: 'add', [BPF_AND]: 'and', [BPF_OR]: 'or', [BPF_XOR]: 'xor',
};
const MOVSX: Record<number, string> = { 8: '(s8)', 16: '(s16)', 32: '(s32)' };

/** `u8`/`u16`/`u32`/`u64` for a size field. */
function utype(code: number): string {
  return `u${sizeBytes(code & SIZE_MASK) * 8}`;
}

function signed(n: number): string {
  return n < 0 ? `${n}` : `+${n}`;
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

function mem(base: number, off: number): string {
  return `(r${base} ${signed(off)})`;
}

function aluText(i: Insn): string {
  const is64 = (i.code & CLASS_MASK) === BPF_ALU64;
  const p = is64 ? 'r' : 'w';
  const o = i.code & OP_MASK;
  const x = (i.code & SRC_MASK) === BPF_X;
  if (o === BPF_END) {
    if (is64) return `r${i.dst} = bswap${i.imm} r${i.dst}`;
    return `r${i.dst} = ${x ? 'be' : 'le'}${i.imm} r${i.dst}`;
  }
  if (o === BPF_NEG) return `${p}${i.dst} = -${p}${i.dst}`;
  if (is64 && x && o === BPF_MOV && i.off === OFF_ADDR_SPACE_CAST) {
    return `r${i.dst} = addr_space_cast(r${i.src}, ${(i.imm >>> 16) & 0xffff}, ${i.imm & 0xffff})`;
  }
  if (is64 && x && o === BPF_MOV && i.off === -1) return `r${i.dst} = &(void __percpu *)(r${i.src})`;
  const signedOp = (o === BPF_DIV || o === BPF_MOD) && i.off === 1;
  const opText = signedOp ? (o === BPF_DIV ? 's/=' : 's%=') : (ALU_OP[o] ?? '?');
  if (x) {
    const sx = o === BPF_MOV ? (MOVSX[i.off] ?? '') : '';
    return `${p}${i.dst} ${opText} ${sx}${p}${i.src}`;
  }
  return `${p}${i.dst} ${opText} ${i.imm}`;
}

function stxText(i: Insn): string {
  const mode = i.code & MODE_MASK;
  const t = utype(i.code);
  if (mode === BPF_MEM) return `*(${t} *)${mem(i.dst, i.off)} = r${i.src}`;
  if (mode !== BPF_ATOMIC) return `BUG_${hex2(i.code)}`;
  const w = (i.code & SIZE_MASK) === BPF_DW ? '64' : '';
  const a = i.imm;
  if (a === ATOMIC_ADD || a === ATOMIC_AND || a === ATOMIC_OR || a === ATOMIC_XOR) {
    return `lock *(${t} *)${mem(i.dst, i.off)} ${ALU_OP[a]} r${i.src}`;
  }
  if ((a & BPF_FETCH) !== 0 && ATOMIC_NAME[a & ~BPF_FETCH] !== undefined) {
    return `r${i.src} = atomic${w}_fetch_${ATOMIC_NAME[a & ~BPF_FETCH]}((${t} *)${mem(i.dst, i.off)}, r${i.src})`;
  }
  if (a === ATOMIC_CMPXCHG) return `r0 = atomic${w}_cmpxchg((${t} *)${mem(i.dst, i.off)}, r0, r${i.src})`;
  if (a === ATOMIC_XCHG) return `r${i.src} = atomic${w}_xchg((${t} *)${mem(i.dst, i.off)}, r${i.src})`;
  if (a === ATOMIC_LOAD_ACQ) return `r${i.dst} = load_acquire((${t} *)${mem(i.src, i.off)})`;
  if (a === ATOMIC_STORE_REL) return `store_release((${t} *)${mem(i.dst, i.off)}, r${i.src})`;
  return `BUG_${hex2(i.code)}`;
}

/** `raw(code, dst, src, off, imm)`: the asm style's form for fields no other text shows. */
function rawText(i: Insn): string {
  return `raw(0x${hex2(i.code)}, ${i.dst}, ${i.src}, ${i.off}, ${i.imm})`;
}

/** The asm-style text of an ld_imm64 immediate with a pseudo source. */
function pseudoImm(i: Insn): string {
  const hi = Number(BigInt.asIntN(32, (i.imm64 ?? 0n) >> 32n));
  const plus = hi === 0 ? '' : hi < 0 ? `${hi}` : `+${hi}`;
  switch (i.src) {
    case PSEUDO_MAP_FD:
      return `map[${i.imm}]`;
    case PSEUDO_MAP_VALUE:
      return `map_value[${i.imm}]${plus}`;
    case PSEUDO_BTF_ID:
      return hi === 0 ? `btf_id[${i.imm}]` : `btf_id[${i.imm}, ${hi}]`;
    case PSEUDO_FUNC:
      return `func[pc${signed(i.imm)}]`;
    case PSEUDO_MAP_IDX:
      return `map_idx[${i.imm}]`;
    default:
      return `map_idx_value[${i.imm}]${plus}`;
  }
}

function ldText(i: Insn, ctx: DisasmContext): string {
  const mode = i.code & MODE_MASK;
  const t = utype(i.code);
  if (mode === BPF_ABS) return `r0 = *(${t} *)skb[${i.imm}]`;
  if (mode === BPF_IND) return `r0 = *(${t} *)skb[r${i.src} + ${i.imm}]`;
  if (i.code === OPC_LD_IMM64) {
    const custom = ctx.imm64Text?.(i);
    if (custom !== undefined) return `r${i.dst} = ${custom}`;
    if (ctx.style === 'asm' && i.src !== 0) return `r${i.dst} = ${pseudoImm(i)}`;
    const v = i.imm64 ?? BigInt(i.imm >>> 0);
    return `r${i.dst} = 0x${v.toString(16)}`;
  }
  return `BUG_ld_${hex2(i.code)}`;
}

function jmpText(i: Insn, ctx: DisasmContext): string {
  const is32 = (i.code & CLASS_MASK) === BPF_JMP32;
  const o = i.code & OP_MASK;
  if (o === BPF_CALL) {
    if (i.src === PSEUDO_CALL) return `call pc${signed(i.imm)}`;
    if (i.src === PSEUDO_KFUNC_CALL) {
      if (ctx.style === 'asm') return `call kfunc#${i.imm}${i.off !== 0 ? `:${i.off}` : ''}`;
      return `call ${ctx.kfuncName?.(i.imm, i.off) ?? 'kernel-function'}#${i.imm}`;
    }
    const name = i.src === 0 ? (ctx.helperName ?? defaultHelperName)(i.imm) : undefined;
    return `call ${name ?? 'unknown'}#${i.imm}`;
  }
  if (i.code === OPC_JA) return `goto pc${signed(i.off)}`;
  if (i.code === OPC_MAY_GOTO && i.src === BPF_MAY_GOTO) return `may_goto pc${signed(i.off)}`;
  if (i.code === OPC_GOTOL) return `gotol pc${signed(i.imm)}`;
  if (i.code === OPC_EXIT) return ctx.style === 'asm' && i.off !== 0 ? rawText(i) : 'exit';
  const p = is32 ? 'w' : 'r';
  const rel = JMP_OP[o] ?? (o === BPF_JA ? 'jmp' : o === BPF_EXIT ? 'exit' : '?');
  if ((i.code & SRC_MASK) === BPF_X) return `if ${p}${i.dst} ${rel} ${p}${i.src} goto pc${signed(i.off)}`;
  return `if ${p}${i.dst} ${rel} 0x${(i.imm >>> 0).toString(16)} goto pc${signed(i.off)}`;
}

/**
 * One instruction in the verifier log's syntax, with the `(xx) ` opcode prefix.
 *
 * @example
 * disasmInsn(decodeSlot(new Uint8Array([0xbf, 0x16, 0, 0, 0, 0, 0, 0]), 0)) // '(bf) r6 = r1'
 */
export function disasmInsn(insn: Insn, ctx: DisasmContext = {}): string {
  return `(${hex2(insn.code)}) ${disasmBody(insn, ctx)}`;
}

/**
 * One instruction's text without the opcode prefix (`r6 = r1`).
 *
 * @example
 * disasmBody(decodeSlot(new Uint8Array([0x95, 0, 0, 0, 0, 0, 0, 0]), 0)) // 'exit'
 */
export function disasmBody(i: Insn, ctx: DisasmContext = {}): string {
  switch (i.code & CLASS_MASK) {
    case BPF_ALU:
    case BPF_ALU64:
      return aluText(i);
    case BPF_STX:
      return stxText(i);
    case BPF_ST:
      if ((i.code & MODE_MASK) === BPF_MEM) return `*(${utype(i.code)} *)${mem(i.dst, i.off)} = ${i.imm}`;
      if ((i.code & MODE_MASK) === 0xc0) return 'nospec';
      return `BUG_st_${hex2(i.code)}`;
    case BPF_LDX: {
      const mode = i.code & MODE_MASK;
      if (mode !== BPF_MEM && mode !== BPF_MEMSX) return `BUG_ldx_${hex2(i.code)}`;
      const t = mode === BPF_MEM ? utype(i.code) : `s${sizeBytes(i.code & SIZE_MASK) * 8}`;
      return `r${i.dst} = *(${t} *)${mem(i.src, i.off)}`;
    }
    case BPF_LD:
      return ldText(i, ctx);
    default:
      return jmpText(i, ctx);
  }
}

/** Options of `disasmProgram`. */
export interface ListingOptions extends DisasmContext {
  /** Prefix each line with `N: ` (default true). */
  readonly index?: boolean;
  /** Print the `(xx) ` opcode prefix (default true). */
  readonly opcode?: boolean;
}

/**
 * A whole program, one line per instruction (the second slot of an ld_imm64 has no line).
 *
 * @example
 * disasmProgram(prog) // ['0: (b7) r0 = 0', '1: (95) exit']
 */
export function disasmProgram(p: DecodedProgram, opts: ListingOptions = {}): string[] {
  const out: string[] = [];
  for (const insn of p.insns) {
    if (insn === undefined) continue;
    const body = opts.opcode === false ? disasmBody(insn, opts) : disasmInsn(insn, opts);
    out.push(opts.index === false ? body : `${insn.idx}: ${body}`);
  }
  return out;
}
