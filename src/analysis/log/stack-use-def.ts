/**
 * The `stack use/def` dump (spec liveness.md §7.2), printed once after all analyses.
 *
 * Instances sorted by (callsite, depth). Per instance:
 *
 *     stack use/def subprog#<S>[ <name>] (d<depth>,cs<callsite>):
 *     <"%3d: " + insn>[<pad>; use: <list>][ def: <list>]     (one line per insn of the subprog)
 *
 * `<list>` concatenates the non-empty masks of frames depth..0 (§7.1 text, space separated);
 * an insn without use and def prints the bare line. The second slot of an ld_imm64 (text
 * `undefined`) is skipped.
 */
import type { Mask } from '../../eval/lattices/mask-value.js';
import { type InstanceResult, subprogLabel } from '../results.js';
import { annotate, insnLine } from './line.js';
import { fmtSlotMask } from './slot-mask.js';

/**
 * The frames-depth..0 list of one kind of mask at one insn ('' when all empty).
 *
 * @example
 * maskList(inst, 5, 'use') // 'fp1-8 fp0-16'
 */
export function maskList(inst: InstanceResult, insn: number, kind: 'use' | 'def'): string {
  let out = '';
  for (let f = inst.depth; f >= 0; f--) {
    const m: Mask | undefined = inst.frames[f]?.get(insn)?.[kind];
    if (m === undefined || m.isEmpty()) continue;
    out += fmtSlotMask(f, m, out === '');
  }
  return out;
}

/**
 * The annotated line of one insn of an instance.
 *
 * @example
 * useDefLine(inst, 0, '(79) r1 = *(u64 *)(r10 -8)') // '  0: (79) r1 = *(u64 *)(r10 -8)        ; use: fp0-8'
 */
export function useDefLine(inst: InstanceResult, insn: number, text: string): string {
  const line = insnLine(insn, text);
  const use = maskList(inst, insn, 'use');
  const def = maskList(inst, insn, 'def');
  if (use === '' && def === '') return line;
  return annotate(line, (use ? ` use: ${use}` : '') + (def ? ` def: ${def}` : ''));
}

/**
 * Header line of an instance block.
 *
 * @example
 * instanceHeader({ subprog: 1, name: 'foo', depth: 1, callsite: 2, ... }) // 'stack use/def subprog#1 foo (d1,cs2):'
 */
export function instanceHeader(inst: InstanceResult): string {
  return `stack use/def ${subprogLabel(inst.subprog, inst.name)} (d${inst.depth},cs${inst.callsite}):`;
}

/**
 * The whole dump, as lines (no trailing newlines).
 *
 * @example
 * formatStackUseDef(result.instances, insnText).join('\n')
 */
export function formatStackUseDef(instances: readonly InstanceResult[], insnText: readonly (string | undefined)[]): string[] {
  const sorted = [...instances].sort((a, b) => a.callsite - b.callsite || a.depth - b.depth);
  const out: string[] = [];
  for (const inst of sorted) {
    out.push(instanceHeader(inst));
    for (let i = inst.start; i < inst.end; i++) {
      const text = insnText[i];
      if (text !== undefined) out.push(useDefLine(inst, i, text));
    }
  }
  return out;
}
