import test from 'ava';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { buildCfg } from '../../src/bpf/cfg.js';
import { constFold } from '../../src/bpf/constfold.js';
import { programFacts } from '../../src/bpf/facts.js';
import { decodeSlots, input, type Slot } from './cfg-build.js';

// Random straight-line/jumping programs over a small opcode palette, always ending in exit.
const slot = (n: number): fc.Arbitrary<Slot[]> =>
  fc.oneof(
    fc.record({ code: fc.constantFrom(0xb7, 0x07, 0x57, 0xbf, 0x0f, 0x79, 0x7b), dst: fc.integer({ min: 0, max: 9 }), src: fc.integer({ min: 0, max: 10 }), off: fc.integer({ min: -16, max: 0 }), imm: fc.integer({ min: -4, max: 4 }) }).map((s): Slot[] => [s]),
    fc.record({ code: fc.constantFrom(0x15, 0x5d, 0x05, 0xe5, 0x16), dst: fc.integer({ min: 0, max: 9 }), src: fc.integer({ min: 0, max: 9 }), off: fc.integer({ min: -n, max: n }), imm: fc.integer({ min: -2, max: 2 }) }).map((s): Slot[] => [s]),
    fc.constant<Slot[]>([{ code: 0x85, dst: 0, src: 0, off: 0, imm: 1 }]),
    fc.constant<Slot[]>([{ code: 0x95, dst: 0, src: 0, off: 0, imm: 0 }]),
    fc.integer({ min: -3, max: 3 }).map((imm): Slot[] => [{ code: 0x18, dst: 1, src: 0, off: 0, imm }, { code: 0, dst: 0, src: 0, off: 0, imm: 0 }]),
  );

test('CFG never throws; the postorder holds each reachable instruction exactly once; facts follow', t => {
  fc.assert(
    fc.property(fc.array(slot(6), { minLength: 1, maxLength: 25 }), parts => {
      const slots = [...parts.flat(), { code: 0x95, dst: 0, src: 0, off: 0, imm: 0 }];
      const prog = decodeSlots(slots);
      const r = buildCfg(input(), prog, { allowUnreachable: true });
      if (E.isLeft(r)) return r.left.every(d => /^E90[1-6]$/.test(d.code) && d.where?.insn !== undefined);
      const cfg = r.right;
      const seen = new Set<number>();
      const stack = [0];
      while (stack.length) {
        const v = stack.pop()!;
        if (seen.has(v)) continue;
        seen.add(v);
        stack.push(...cfg.succ.of(v));
      }
      const po = cfg.postorder;
      if (new Set(po).size !== po.length) return false;
      if (po.length !== seen.size || !po.every(i => seen.has(i))) return false;
      // (the kernel's order is not a strict DFS postorder: see the quirk test in cfg.test.ts)
      constFold(cfg, []);
      const facts = programFacts({ type: 'xdp', maps: [], relocs: [] }, prog, cfg);
      return facts.get('postorder')!.length === po.length;
    }),
    { numRuns: 500 },
  );
  t.pass();
});
