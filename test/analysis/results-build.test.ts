import test from 'ava';
import { Mask } from '../../src/eval/lattices/mask-value.js';
import { buildInstances } from '../../src/analysis/results-build.js';
import { formatStackUseDef } from '../../src/analysis/log/stack-use-def.js';

test('rows become instances that print as the kernel dump', (t) => {
  const text = ['(bf) r1 = r10', '(07) r1 += -8', '(85) call pc+1', '(95) exit', '(79) r0 = *(u64 *)(r1 +0)', '(95) exit'];
  const subprogs = [{ start: 0, end: 4 }, { start: 4, end: 6, name: 'rd' }];
  const fp8 = Mask.of(0, 1);
  const insts = buildInstances(subprogs, [
    { callsite: 2, depth: 1, frame: 0, insn: 4, kind: 'use', mask: fp8 },
    { callsite: 2, depth: 1, frame: 0, insn: 4, kind: 'live', mask: fp8 },
    { callsite: 0, depth: 0, frame: 0, insn: 2, kind: 'use', mask: Mask.of(0) },
    { callsite: 0, depth: 0, frame: 0, insn: 2, kind: 'use', mask: Mask.of(1) },
  ]);
  t.is(insts.length, 2);
  t.is(insts[1]!.frames[1], undefined);
  t.is(insts[1]!.frames[0]!.get(4)!.liveBefore, fp8);
  t.deepEqual(formatStackUseDef(insts, text), [
    'stack use/def subprog#0 (d0,cs0):',
    '  0: (bf) r1 = r10',
    '  1: (07) r1 += -8',
    '  2: (85) call pc+1                    ; use: fp0-8',
    '  3: (95) exit',
    'stack use/def subprog#1 rd (d1,cs2):',
    '  4: (79) r0 = *(u64 *)(r1 +0)         ; use: fp0-8',
    '  5: (95) exit',
  ]);
  t.throws(() => buildInstances(subprogs, [{ callsite: 0, depth: 0, frame: 1, insn: 0, kind: 'use', mask: fp8 }]));
  t.throws(() => buildInstances(subprogs, [{ callsite: 0, depth: 0, frame: 0, insn: 9, kind: 'use', mask: fp8 }]));
});
