import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCfg } from '../../src/bpf/cfg.js';
import fc from 'fast-check';
import type { Cfg } from '../../src/bpf/cfg.js';
import { constFold, constMap, constScalar, constSubprog, constTransfer, printConsts, type ConstVal } from '../../src/bpf/constfold.js';
import type { MapDef } from '../../src/bpf/object.js';
import { I, input, prog, type Slot } from './cfg-build.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const rodata: MapDef = {
  name: '.rodata', type: 2, keySize: 4, valueSize: 8, maxEntries: 1, flags: 0x80, origin: 'data', section: '.rodata',
  readonly: true, initial: new Uint8Array([7, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff]),
};
const hash: MapDef = { name: 'h', type: 1, keySize: 4, valueSize: 16, maxEntries: 8, flags: 0, origin: 'btf', section: '.maps', readonly: false };

function run(starts: number[], ...parts: Slot[][]) {
  const cfg = buildCfg(input(starts), prog(...parts));
  if (E.isLeft(cfg)) throw new Error(JSON.stringify(cfg.left));
  return constFold(cfg.right, [hash, rodata]);
}

test('scalars, maps, map values and function references flow forward', t => {
  const info = run([0],
    I.movImm(1, 5), // 0
    I.addImm(1, 3), // 1
    I.ldMap(2, 0), // 2,3
    I.ldMapValue(3, 1, 4), // 4,5
    I.ldxW(4, 3, 0), // 6: r4 = *(u32*)(rodata+4) = 0xfffffffe
    I.ldFunc(5, 3), // 7,8 -> subprog at 11
    I.andImm(6, 0), // 9
    I.exit(), // 10
    I.movImm(0, 0), I.exit(), // 11, 12
  );
  t.is(constScalar(info, 2, 1), 8);
  t.is(constMap(info, 4, 2), 0);
  t.is(constScalar(info, 7, 4), 0xfffffffe);
  t.is(constSubprog(info, 9, 5), 11);
  t.is(constScalar(info, 10, 6), 0);
  t.is(constScalar(info, 12, 1), undefined, 'callee starts unknown');
  const golden = path.join(here, '../golden/bpf/constfold/basic.txt');
  const text = printConsts(info);
  if (process.env.UPDATE_GOLDEN || !fs.existsSync(golden)) { fs.mkdirSync(path.dirname(golden), { recursive: true }); fs.writeFileSync(golden, text); }
  t.is(text, fs.readFileSync(golden, 'utf8'));
});

test('calls clobber r0..r5, keep r6..r9; 64-bit values outside u32 are not reported', t => {
  const info = run([0], I.movImm(1, 1), I.movImm(6, 2), I.movImm(7, -1), I.call(7), I.exit());
  t.is(constScalar(info, 3, 1), 1);
  t.is(constScalar(info, 4, 1), undefined);
  t.is(constScalar(info, 4, 6), 2);
  t.is(constScalar(info, 4, 7), undefined, '-1 as u64 does not fit u32');
});

test('join: agreement keeps, disagreement loses; loops reach a fixpoint', t => {
  const info = run([0],
    I.movImm(1, 4), // 0
    I.movImm(2, 4), // 1
    I.jeqImm(3, 0, 1), // 2 -> 3, 4
    I.movImm(2, 5), // 3
    I.addImm(4, 0), // 4 join: r1 = 4, r2 = ?
    I.addImm(1, 1), // 5 loop body: r1 changes each round
    I.jeqImm(5, 0, -2), // 6 -> 7, 5
    I.exit(), // 7
  );
  t.is(constScalar(info, 4, 1), 4);
  t.is(constScalar(info, 4, 2), undefined);
  t.is(constScalar(info, 5, 1), undefined);
});

test('ALU32 truncates, and-with-zero is zero, unknown ops forget', t => {
  const info = run([0],
    I.movImm(1, -1), // 0: r1 = 0xffff...ffff
    I.raw(0x04, 1, 0, 0, 2), // 1: w1 += 2 -> 1
    I.raw(0x5f, 2, 1), // 2: r2 &= r1 (r2 unknown, r1 = 1) -> unknown
    I.movImm(3, 0), // 3
    I.raw(0x5f, 2, 3), // 4: r2 &= r3 (0) -> 0
    I.raw(0x27, 1, 0, 0, 3), // 5: r1 *= 3 -> unknown
    I.exit(), // 6
  );
  t.is(constScalar(info, 2, 1), 1);
  t.is(constScalar(info, 3, 2), undefined);
  t.is(constScalar(info, 5, 2), 0);
  t.is(constScalar(info, 6, 1), undefined);
});

// constFold shares one state array along instructions that change no register and copies a
// shared state before a join updates it; the reference below copies every state, as the
// pass did before. Random programs with forward and backward jumps must agree.
function referenceFold(cfg: Cfg, maps: readonly MapDef[]): string {
  const n = cfg.prog.length;
  const before: (ConstVal[] | undefined)[] = new Array(n).fill(undefined);
  const sameVal = (a: ConstVal, b: ConstVal): boolean => JSON.stringify(a, (_, v) => (typeof v === 'bigint' ? String(v) : v)) === JSON.stringify(b, (_, v) => (typeof v === 'bigint' ? String(v) : v));
  for (const s of cfg.subprogs) {
    const order = cfg.postorder.slice(cfg.postorderStart[s.index], cfg.postorderStart[s.index + 1]).reverse();
    if (order.length === 0) continue;
    before[s.start] = new Array(11).fill({ kind: 'unknown' });
    for (let changed = true; changed;) {
      changed = false;
      for (const i of order) {
        const st = before[i], insn = cfg.prog.insns.at(i);
        if (st === undefined || insn === undefined) continue;
        const out = [...constTransfer(insn, st, maps)];
        for (let e = 0; e < cfg.succ.count(i); e++) {
          const j = cfg.succ.at(i, e);
          const cur = before[j];
          if (cur === undefined) { before[j] = [...out]; changed = true; continue; }
          for (let k = 0; k < 11; k++) {
            if (cur[k]!.kind !== 'unknown' && !sameVal(cur[k]!, out[k]!)) { cur[k] = { kind: 'unknown' }; changed = true; }
          }
        }
      }
    }
  }
  return printConsts({ before });
}

test('sharing states between instructions gives the same fixpoint as copying every state', (t) => {
  const insnArb = (len: number, at: number) => fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: -3, max: 3 })).map(([d, k]) => I.movImm(d, k)),
    fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: -3, max: 3 })).map(([d, k]) => I.addImm(d, k)),
    fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })).map(([d, s]) => I.movReg(d, s)),
    fc.integer({ min: 0, max: 3 }).map((s) => I.stxDw(10, s, -8)),
    fc.integer({ min: -2, max: 2 }).map((k) => I.stDw(10, -16, k)),
    fc.constant(I.call(1)),
    fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: -at - 1, max: len - at - 2 })).map(([d, off]) => I.jeqImm(d, 1, off)),
    fc.integer({ min: -at - 1, max: len - at - 2 }).map((off) => I.ja(off)),
  );
  const progArb = fc.integer({ min: 2, max: 24 }).chain((len) =>
    fc.tuple(...Array.from({ length: len - 1 }, (_, at) => insnArb(len, at))));
  fc.assert(fc.property(progArb, (parts) => {
    const cfg = buildCfg(input([0]), prog(...parts, I.exit()));
    if (E.isLeft(cfg)) return true;   // e.g. a jump into itself the CFG builder refuses
    t.is(printConsts(constFold(cfg.right, [])), referenceFold(cfg.right, []));
    return true;
  }), { numRuns: 500 });
});
