import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCfg } from '../../src/bpf/cfg.js';
import { constFold, constMap, constScalar, constSubprog, printConsts } from '../../src/bpf/constfold.js';
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
