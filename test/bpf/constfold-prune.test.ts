import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { buildCfg } from '../../src/bpf/cfg.js';
import { constFold } from '../../src/bpf/constfold.js';
import { pruneDeadBranches } from '../../src/bpf/constfold-prune.js';
import { programFacts } from '../../src/bpf/facts.js';
import { I, input, prog, type Slot } from './cfg-build.js';

function setup(...parts: Slot[][]) {
  const p = prog(...parts);
  const cfg = buildCfg(input(), p);
  if (E.isLeft(cfg)) throw new Error(JSON.stringify(cfg.left));
  return { p, cfg: cfg.right, consts: constFold(cfg.right, []) };
}

test('a taken constant branch becomes ja off; a not-taken one ja 0', t => {
  const { cfg, consts } = setup(
    I.movImm(1, 5), // 0
    I.jeqImm(1, 5, 2), // 1: taken -> 4
    I.jeqImm(1, 6, 1), // 2: not taken -> 3
    I.movImm(0, 1), // 3
    I.movImm(0, 0), // 4
    I.exit(), // 5
  );
  const r = pruneDeadBranches(cfg, consts);
  t.deepEqual(r.pruned, [1, 2], 'insn 2 had constants before the rewrite, so it is rewritten too');
  t.deepEqual(r.cfg.succ.of(1), [4]);
  t.deepEqual(r.cfg.succ.of(2), [3]);
  t.is(r.cfg.prog.insns.at(2)!.off, 0);
  t.is(r.cfg.prog.insns.at(1)!.code, 0x05);
  t.false(r.cfg.postorder.includes(2), 'insn 2 is now unreachable and leaves the postorder');
  t.deepEqual(cfg.succ.of(1), [2, 4], 'input CFG untouched');
});

test('JMP32 compares sign-extended low halves; JSET; unknown operands stay', t => {
  const { cfg, consts } = setup(
    I.mov32Imm(1, -1), // 0: w1 = 0xffffffff
    I.raw(0xc6, 1, 0, 1, 0), // 1: if w1 s< 0 goto +1 -> taken (3)
    I.exit(), // 2
    I.raw(0x45, 1, 0, 1, 2), // 3: if r1 & 2 goto +1 -> taken (5)
    I.exit(), // 4
    I.jneReg(1, 2, 1), // 5: r2 unknown -> stays
    I.exit(), // 6
    I.mayGoto(0), // 7: never pruned
    I.exit(), // 8
  );
  const r = pruneDeadBranches(cfg, consts);
  t.deepEqual(r.pruned, [1, 3]);
  t.deepEqual(r.cfg.succ.of(5), [6, 7]);
});

test('facts with pruneDeadBranches: the rewritten jump uses no register', t => {
  const { p, cfg } = setup(I.movImm(1, 5), I.jeqImm(1, 5, 1), I.movImm(0, 1), I.exit());
  const plain = programFacts({ type: 'xdp', maps: [], relocs: [] }, p, cfg);
  const pruned = programFacts({ type: 'xdp', maps: [], relocs: [] }, p, cfg, { pruneDeadBranches: true });
  t.true(plain.get('reg_use')!.some(([i]) => i === 1));
  t.false(pruned.get('reg_use')!.some(([i]) => i === 1));
  t.deepEqual(pruned.get('succ')!.filter(([i]) => i === 1), [[1, 3, 0]]);
  t.true(pruned.get('const_scalar')!.some(([i, r, v]) => i === 1 && r === 1 && v === 5), 'constants from before the rewrite');
});
