/**
 * The assembler's token cursor and operand parsers shared by the statement parser
 * (parse-insn.ts): numbers with range checks, jump targets, memory operands, and the
 * `AsmInsn` value the parser produces.
 */
import type { Tok } from './lexer.js';

/** A reference to a label (jump target, pseudo call, function pointer). */
export interface LabelRef {
  readonly label: string;
  readonly start: number;
  readonly end: number;
  /** Which field receives `target - (idx + 1)`. */
  readonly field: 'off' | 'imm';
}

/** A reference to a map by name or index (ld_imm64 src 1, 2, 5, 6). */
export interface MapRef {
  readonly name?: string;
  readonly index?: number;
  readonly start: number;
  readonly end: number;
}

/** A parsed instruction before label and map resolution. */
export interface AsmInsn {
  readonly code: number;
  readonly dst: number;
  readonly src: number;
  off: number;
  imm: number;
  /** ld_imm64: the second slot's imm. */
  readonly hi: number;
  readonly wide: boolean;
  readonly labelRef?: LabelRef;
  readonly mapRef?: MapRef;
  /** `call NAME` whose NAME may be a label or a helper: resolved later. */
  readonly callName?: { readonly name: string; readonly start: number; readonly end: number };
  /** `call NAME#ID` of a kfunc: NAME, recorded as a `kfunc` relocation (metadata by name). */
  readonly kfuncName?: string;
}

/** A parse error with its absolute span. */
export class AsmSyntaxError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
    readonly code: string = 'E701',
  ) {
    super(message);
  }
}

/** Range of 32-bit immediates: s32 and u32 values are both accepted. */
export const S32_MIN = -(2n ** 31n);
export const U32_MAX = 2n ** 32n - 1n;
export const S32_MAX = 2n ** 31n - 1n;

/** A memory operand `(uN *)(rB +OFF)`. */
export interface Mem {
  readonly size: number;
  readonly signed: boolean;
  readonly base: number;
  readonly off: number;
}

/** Token cursor with the parsing helpers. */
export class Cur {
  i = 0;
  constructor(
    readonly toks: readonly Tok[],
    readonly stmtStart: number,
    readonly stmtEnd: number,
  ) {}

  peek(k = 0): Tok | undefined {
    return this.toks[this.i + k];
  }

  fail(message: string, t: Tok | undefined = this.peek(), code?: string): never {
    const s = t ? t.start : this.stmtEnd;
    const e = t ? t.end : this.stmtEnd + 1;
    throw new AsmSyntaxError(message, s, e, code);
  }

  isP(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t !== undefined && t.k === 'p' && t.v === v;
  }

  isId(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t !== undefined && t.k === 'id' && t.v === v;
  }

  eatP(v: string): boolean {
    if (!this.isP(v)) return false;
    this.i++;
    return true;
  }

  expectP(v: string): Tok {
    const t = this.peek();
    if (!t || t.k !== 'p' || t.v !== v) this.fail(`expected '${v}'${t ? ` but found '${t.v}'` : ' at end of line'}`);
    this.i++;
    return t;
  }

  expectId(v: string): Tok {
    const t = this.peek();
    if (!t || t.k !== 'id' || t.v !== v) this.fail(`expected '${v}'${t ? ` but found '${t.v}'` : ' at end of line'}`);
    this.i++;
    return t;
  }

  ident(what: string): Tok {
    const t = this.peek();
    if (!t || t.k !== 'id') this.fail(`expected ${what}${t ? ` but found '${t.v}'` : ' at end of line'}`);
    this.i++;
    return t;
  }

  reg(): Tok & { reg: number; w: boolean } {
    const t = this.peek();
    if (!t || t.k !== 'reg') this.fail(`expected a register${t ? ` but found '${t.v}'` : ' at end of line'}`);
    if (t.reg! > 10) this.fail(`invalid register ${t.v} (r0..r10)`, t, 'E711');
    this.i++;
    return t as Tok & { reg: number; w: boolean };
  }

  isReg(k = 0): boolean {
    return this.peek(k)?.k === 'reg';
  }

  /** A number with an optional sign: [-2^63, 2^64). */
  num(): { value: bigint; hex: boolean; start: number; end: number } {
    const first = this.peek();
    let neg = false;
    if (this.isP('-') || this.isP('+')) {
      neg = this.peek()!.v === '-';
      this.i++;
    }
    const t = this.peek();
    if (!t || t.k !== 'num') this.fail(`expected a number${t ? ` but found '${t.v}'` : ' at end of line'}`);
    this.i++;
    const value = neg ? -t.num! : t.num!;
    return { value, hex: !!t.hex, start: first!.start, end: t.end };
  }

  isNum(): boolean {
    const t = this.peek();
    if (t?.k === 'num') return true;
    return (this.isP('-') || this.isP('+')) && this.peek(1)?.k === 'num';
  }

  end(): void {
    const t = this.peek();
    if (t) this.fail(`unexpected '${t.v}' after the instruction`);
  }
}

/** Fails with E704 unless lo <= n <= hi. */
export function rangeCheck(c: Cur, n: { value: bigint; start: number; end: number }, lo: bigint, hi: bigint, what: string): void {
  if (n.value < lo || n.value > hi) throw new AsmSyntaxError(`${what} ${n.value} out of range [${lo}, ${hi}]`, n.start, n.end, 'E704');
  void c;
}

/** A 32-bit immediate: s32, or also u32 (wrapped) unless the operation is 64-bit. */
export function imm32(c: Cur, allowU32 = true): number {
  const n = c.num();
  if (!allowU32 && n.value > S32_MAX && n.value <= U32_MAX) {
    throw new AsmSyntaxError(`immediate ${n.value} does not fit s32 (a 64-bit operation sign-extends its immediate; write ${BigInt.asIntN(32, n.value)} or use ld_imm64)`, n.start, n.end, 'E704');
  }
  rangeCheck(c, n, S32_MIN, U32_MAX, 'immediate');
  return Number(BigInt.asIntN(32, n.value));
}

export function off16(c: Cur): number {
  const n = c.num();
  rangeCheck(c, n, -32768n, 32767n, 'offset');
  return Number(n.value);
}

/** `pc+N` or a label; `field` is where the distance goes. */
export function target(c: Cur, field: 'off' | 'imm'): { value: number; ref?: LabelRef } {
  if (c.isId('pc') && (c.isP('+', 1) || c.isP('-', 1))) {
    c.i++;
    return { value: field === 'off' ? off16(c) : imm32(c) };
  }
  const t = c.ident('a jump target (pc+N or a label)');
  return { value: 0, ref: { label: t.v, start: t.start, end: t.end, field } };
}

/** `(uN *)` or `(sN *)` -> size in bytes and signedness. */
export function typeCast(c: Cur, allowSigned: boolean): { size: number; signed: boolean } {
  c.expectP('(');
  const t = c.ident('a type (u8, u16, u32, u64)');
  const m = /^([us])(8|16|32|64)$/.exec(t.v);
  if (!m || (m[1] === 's' && (!allowSigned || m[2] === '64'))) c.fail(`unknown access type '${t.v}'`, t);
  c.expectP('*');
  c.expectP(')');
  return { size: Number(m[2]) / 8, signed: m[1] === 's' };
}

/** `(rB +OFF)` */
export function baseOff(c: Cur): { base: number; off: number } {
  c.expectP('(');
  const b = c.reg();
  if (b.w) c.fail('a memory base must be an r register', b);
  let off = 0;
  if (!c.isP(')')) off = off16(c);
  c.expectP(')');
  return { base: b.reg, off };
}

/** `(uN *)(rB +OFF)` (the part after `*`). */
export function memTail(c: Cur, allowSigned = false): Mem {
  const t = typeCast(c, allowSigned);
  const b = baseOff(c);
  return { ...t, ...b };
}

/** Fails unless `t` is a 64-bit (r) register. */
export function r64(c: Cur, t: Tok & { w: boolean }): void {
  if (t.w) c.fail(`expected an r register, found ${t.v}`, t);
}

/** An `AsmInsn` from its fields. */
export const insn = (code: number, dst: number, src: number, off: number, imm: number, extra: Partial<AsmInsn> = {}): AsmInsn => ({
  code, dst, src, off, imm, hi: 0, wide: false, ...extra,
});
