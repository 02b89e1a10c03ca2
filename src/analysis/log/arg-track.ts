/**
 * Arg-tracking log lines (spec liveness.md §7.3). Values print in the kernel's text
 * (`showKernel`: a maybe-none single offset shows the kernel's fake `|fp<f>+0`).
 *
 *     analyzingLine:   subprog#<S>: analyzing (depth <D>)...
 *     transferLine:    "%3d: " + insn, then "\tr<n>: <in> -> <out>" per changed register,
 *                      then "\tfp<off>: <in> -> <out>" per changed slot (off = -8(t+1))
 *     joinLine:        arg JOIN insn <from> -> <to> r<n>: <old> + <incoming> => <new>
 *                      (fp<off>: instead of r<n>: for slot t, joinWhere = -(t+1))
 *     post-convergence dump: "subprog#<S>[ <name>]:" then every insn line; for LDX (class 1),
 *                      STX (class 3) and JMP|CALL (0x85) the line gets " //" then
 *                      " r<n>=<v>" for each pointer-valued r0..r9 (only if r0 of the in-state
 *                      is visited) and " fp<off>=<v>" for each pointer-valued slot, when any.
 */
import { type ArgVal, isPointer, showKernel } from '../argtrack-value.js';
import { type ArgTrackResult, subprogLabel } from '../results.js';
import { insnLine, opcodeOf } from './line.js';

/**
 * @example
 * analyzingLine(1, 1) // 'subprog#1: analyzing (depth 1)...'
 */
export function analyzingLine(subprog: number, depth: number): string {
  return `subprog#${subprog}: analyzing (depth ${depth})...`;
}

const slotName = (t: number): string => `fp${-8 * (t + 1)}`;

/**
 * Transfer trace line, or undefined when nothing changed.
 *
 * @example
 * transferLine(5, '(7a) *(u64 *)(r1 +0) = 0', inRegs, outRegs, inStk, outStk) // '  5: (7a) *(u64 *)(r1 +0) = 0\tfp-8: fp0-16 -> _'
 */
export function transferLine(
  idx: number, text: string,
  inRegs: readonly ArgVal[], outRegs: readonly ArgVal[],
  inStack: readonly ArgVal[], outStack: readonly ArgVal[],
): string | undefined {
  let s = '';
  for (let r = 0; r < outRegs.length; r++)
    if (inRegs[r] !== outRegs[r]) s += `\tr${r}: ${showKernel(inRegs[r]!)} -> ${showKernel(outRegs[r]!)}`;
  for (let t = 0; t < outStack.length; t++)
    if (inStack[t] !== outStack[t]) s += `\t${slotName(t)}: ${showKernel(inStack[t]!)} -> ${showKernel(outStack[t]!)}`;
  return s === '' ? undefined : insnLine(idx, text) + s;
}

/**
 * Join trace line; `where` >= 0 is a register, < 0 the slot -(where+1).
 *
 * @example
 * joinLine(3, 5, 0, ptr(0,[-8]), NONE, ptr(0,[-8],true)) // 'arg JOIN insn 3 -> 5 r0: fp0-8 + _ => fp0-8|fp0+0'
 */
export function joinLine(from: number, to: number, where: number, old: ArgVal, incoming: ArgVal, result: ArgVal): string {
  const w = where >= 0 ? `r${where}` : slotName(-where - 1);
  return `arg JOIN insn ${from} -> ${to} ${w}: ${showKernel(old)} + ${showKernel(incoming)} => ${showKernel(result)}`;
}

function showsState(code: number | undefined): boolean {
  if (code === undefined) return false;
  const cls = code & 7;
  return cls === 1 || cls === 3 || code === 0x85;
}

/**
 * The ` // r6=fp0-8 fp-8=fp1-16` suffix of a dump line ('' when nothing to show).
 *
 * @example
 * dumpSuffix(state) // ' // r6=fp0-8 r7=fp1-16 fp-8=fp1-16 fp-16=fp0-8'
 */
export function dumpSuffix(regs: readonly ArgVal[] | undefined, stack: readonly ArgVal[] | undefined): string {
  let s = '';
  if (regs && regs[0] !== undefined && regs[0].kind !== 'unvisited')
    for (let r = 0; r < 10; r++) if (regs[r] && isPointer(regs[r]!)) s += ` r${r}=${showKernel(regs[r]!)}`;
  if (stack) for (let t = 0; t < stack.length; t++) if (isPointer(stack[t]!)) s += ` ${slotName(t)}=${showKernel(stack[t]!)}`;
  return s === '' ? '' : ` //${s}`;
}

/**
 * The post-convergence dump of one analysis, as lines.
 *
 * @example
 * formatArgTrackDump(result, insnText)[0] // 'subprog#0:'
 */
export function formatArgTrackDump(r: ArgTrackResult, insnText: readonly (string | undefined)[]): string[] {
  const out = [`${subprogLabel(r.subprog, r.name)}:`];
  for (let i = r.start; i < r.end; i++) {
    const text = insnText[i];
    if (text === undefined) continue;
    const st = r.inStates.get(i);
    const suffix = showsState(opcodeOf(text)) ? dumpSuffix(st?.regs, st?.stack) : '';
    out.push(insnLine(i, text) + suffix);
  }
  return out;
}
