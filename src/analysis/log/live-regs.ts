/**
 * The `Live regs before insn:` table (spec liveness.md §7.4). Per insn (ld_imm64 second
 * halves skipped):
 *
 *     <scc: "%3d " if the insn is in a non-trivial SCC, else 4 spaces>"%3d: "<r0..r9: digit or '.'> <insn>
 *
 * e.g. `      2: .12345.... (85) call pc+2` (4 SCC spaces + "  2: "; the recorded 6.18 logs agree).
 */
import type { RegLivenessResult } from '../results.js';
import { insnLine } from './line.js';

/**
 * One row.
 *
 * @example
 * liveRegsRow(2, 0b111110, 0, '(85) call pc+2') // '      2: .12345.... (85) call pc+2'
 */
export function liveRegsRow(idx: number, live: number, scc: number, text: string): string {
  let regs = '';
  for (let r = 0; r < 10; r++) regs += (live >> r) & 1 ? String(r) : '.';
  const prefix = scc ? `${String(scc).padStart(3)} ` : '    ';
  const line = insnLine(idx, text);
  const colon = line.indexOf(': ');
  return `${prefix}${line.slice(0, colon + 2)}${regs} ${line.slice(colon + 2)}`;
}

/**
 * The whole table including its header line.
 *
 * @example
 * formatLiveRegs({ liveRegs: [0], scc: null }, ['(95) exit'])[1] // '      0: .......... (95) exit'
 */
export function formatLiveRegs(r: RegLivenessResult, insnText: readonly (string | undefined)[]): string[] {
  const out = ['Live regs before insn:'];
  for (let i = 0; i < r.liveRegs.length; i++) {
    const live = r.liveRegs[i];
    const text = insnText[i];
    if (live === null || live === undefined || text === undefined) continue;
    out.push(liveRegsRow(i, live, r.scc?.[i] ?? 0, text));
  }
  return out;
}
