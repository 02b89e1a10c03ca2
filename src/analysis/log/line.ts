/**
 * Shared pieces of the kernel's verifier-log lines (spec liveness.md §7).
 *
 *     insnLine(i, text) = sprintf("%3d: ", i) + text          e.g. '  0: (79) r1 = *(u64 *)(r10 -8)'
 *     alignment(L)      = roundup8(max(L + 4, 40)) - L - 1     spaces before the ';' column
 *
 * so `;` sits at 0-based column roundup8(max(L+4, 40)) - 1 (39 for short lines, 47 when L is
 * 37..44, ...). Instruction texts are the verifier disassembly `(<opcode hex>) <text>`.
 */

/**
 * `"%3d: " + text`.
 *
 * @example
 * insnLine(2, '(85) call pc+1') // '  2: (85) call pc+1'
 */
export function insnLine(idx: number, text: string): string {
  return `${String(idx).padStart(3)}: ${text}`;
}

/**
 * Number of spaces the kernel emits after a line of `len` characters before `;`.
 *
 * @example
 * alignment(31) // 8
 */
export function alignment(len: number): number {
  return Math.ceil(Math.max(len + 4, 40) / 8) * 8 - len - 1;
}

/**
 * Appends padding and `;` plus the annotation to a line. `lead` is added to the measured
 * length: 0 for the liveness dumps (§7.2), 1 for the main verifier's per-insn state lines
 * (`0: (b7) r2 = 0                        ; R2=0`, where the kernel measures from the previous
 * newline, so `;` lands one column earlier: 38, 46, ...).
 *
 * @example
 * annotate('  0: (79) r1 = *(u64 *)(r10 -8)', ' use: fp0-8') // '  0: (79) r1 = *(u64 *)(r10 -8)        ; use: fp0-8'
 */
export function annotate(line: string, annotation: string, lead = 0): string {
  return `${line}${' '.repeat(alignment(line.length + lead))};${annotation}`;
}

/**
 * The opcode byte of a disassembly text `(xx) ...`, or undefined.
 *
 * @example
 * opcodeOf('(85) call pc+2') // 0x85
 */
export function opcodeOf(text: string): number | undefined {
  const m = /^\(([0-9a-f]{2})\)/.exec(text);
  return m ? parseInt(m[1]!, 16) : undefined;
}
