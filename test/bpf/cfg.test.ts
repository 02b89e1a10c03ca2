import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCfg, rpo } from '../../src/bpf/cfg.js';
import { printCfg, cfgToDot } from '../../src/bpf/cfg-print.js';
import { computePostorder } from '../../src/bpf/postorder.js';
import { I, input, prog } from './cfg-build.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const golden = (name: string) => path.join(here, '../golden/bpf/cfg', name);
function checkGolden(t: import('ava').ExecutionContext, name: string, text: string) {
  const p = golden(name);
  if (process.env.UPDATE_GOLDEN || !fs.existsSync(p)) { fs.mkdirSync(path.dirname(p), { recursive: true }); fs.writeFileSync(p, text); }
  t.is(text, fs.readFileSync(p, 'utf8'));
}

// 0 r1 = 0; 1 if r1 == 0 goto 4; 2 ld_imm64 (2 slots); 4 call 1; 5 r1 += 1; 6 goto -6 (-> 1)... then exit
const loopProg = prog(
  I.movImm(1, 0), // 0
  I.jeqImm(1, 10, 5), // 1 -> 2, 7
  I.ldImm64(2, 5), // 2,3
  I.call(7), // 4
  I.addImm(1, 1), // 5
  I.ja(-6), // 6 -> 1
  I.movImm(0, 0), // 7
  I.exit(), // 8
);

test('successors follow kernel order: fall-through then target; ld_imm64 skips a slot', t => {
  const cfg = E.getOrElseW(() => { throw new Error('bad'); })(buildCfg(input(), loopProg));
  t.deepEqual(cfg.succ.of(1), [2, 7]);
  t.deepEqual(cfg.succ.of(2), [4]);
  t.deepEqual(cfg.succ.of(3), []);
  t.deepEqual(cfg.succ.of(6), [1]);
  t.deepEqual(cfg.succ.of(8), []);
  t.deepEqual([...cfg.scc], [0, 1, 1, 0, 1, 1, 1, 0, 0]);
  checkGolden(t, 'loop.txt', printCfg(cfg));
  checkGolden(t, 'loop.dot', cfgToDot(cfg));
});

test('kernel postorder: later successors are pushed last and finish first', t => {
  // 0: cond -> 1, 2 ; 1 -> 3 ; 2 -> 3 ; 3 exit
  const po = computePostorder(4, [[1, 2], [3], [3], []], [0]);
  // stack [0] -> push 1,2 -> top 2: push 3 -> top 3: explore, emit 3; emit 2; top 1: 3 seen, emit 1; emit 0
  t.deepEqual(po.order, [3, 2, 1, 0]);
  t.deepEqual(po.start, [0, 4]);
});

test('kernel postorder quirk: marking on push lets a node finish before an unfinished successor (no loop)', t => {
  // 0: if -> 1, 3 | 1: call | 2: exit | 3: if -> 4, 1 | 4: exit
  const cfg = buildCfg(input(), prog(I.jeqImm(0, 0, 2), I.call(1), I.exit(), I.jeqImm(0, 0, -3), I.exit()));
  if (E.isLeft(cfg)) return t.fail();
  // 1 was pushed (seen) by 0, so 3 does not push it again and is emitted before it: RPO 0 1 2 3 4
  // although 3 -> 1 is no back edge.
  t.deepEqual(cfg.right.postorder, [4, 3, 2, 1, 0]);
  t.deepEqual([...cfg.right.scc], [0, 0, 0, 0, 0]);
});

test('pseudo calls and PSEUDO_FUNC references create subprograms with their own postorder', t => {
  const p = prog(
    I.ldFunc(2, 4), // 0,1 -> subprog at 0+4+1 = 5
    I.callPseudo(2), // 2 -> 5
    I.movImm(0, 0), // 3
    I.exit(), // 4
    I.movImm(0, 1), // 5
    I.exit(), // 6
  );
  const cfg = buildCfg(input([0]), p);
  if (E.isLeft(cfg)) return t.fail(JSON.stringify(cfg.left));
  t.deepEqual(cfg.right.subprogs.map(s => [s.start, s.end, s.name]), [[0, 5, 'f'], [5, 7, 'subprog_5']]);
  t.deepEqual(rpo(cfg.right, 1), [5, 6]);
  t.deepEqual(rpo(cfg.right, 0), [0, 2, 3, 4]);
  checkGolden(t, 'subprogs.txt', printCfg(cfg.right));
});

test('gotol uses imm, may_goto falls through first', t => {
  const p = prog(I.mayGoto(1), I.gotol(1), I.movImm(0, 0), I.exit());
  const cfg = buildCfg(input(), p);
  if (E.isLeft(cfg)) return t.fail();
  t.deepEqual(cfg.right.succ.of(0), [1, 2]);
  t.deepEqual(cfg.right.succ.of(1), [3]);
});

const codes = (r: E.Either<{ code: string; where?: { insn?: number } }[], unknown>) =>
  E.isLeft(r) ? r.left.map(d => `${d.code}@${d.where?.insn}`) : [];

test('bad control flow is reported with its instruction', t => {
  t.deepEqual(codes(buildCfg(input(), prog(I.ja(5), I.exit()))), ['E901@0']);
  t.deepEqual(codes(buildCfg(input(), prog(I.ja(1), I.ldImm64(1, 1), I.exit()))), ['E902@0']);
  t.deepEqual(codes(buildCfg(input([0, 2]), prog(I.jeqImm(1, 0, 1), I.exit(), I.movImm(0, 0), I.exit()))), ['E903@0']);
  t.deepEqual(codes(buildCfg(input(), prog(I.movImm(0, 0)))), ['E904@0']);
  t.deepEqual(codes(buildCfg(input(), prog(I.exit(), I.movImm(0, 0), I.exit()))), ['E905@1']);
  t.true(E.isRight(buildCfg(input(), prog(I.exit(), I.movImm(0, 0), I.exit()), { allowUnreachable: true })));
});
