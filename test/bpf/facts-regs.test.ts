import test from 'ava';
import { regUseDef } from '../../src/bpf/facts-regs.js';

const use = (b: number): number => b & 0xffff;
const def = (b: number): number => b >>> 16;

test('use/def come packed as use | def << 16', (t) => {
  // call with a two-argument summary: uses r1, r2; defines r0..r5
  const call = regUseDef({ code: 0x85, dst: 0, src: 0, imm: 1 }, 2);
  t.is(use(call), 0b110);
  t.is(def(call), 0b111111);
  // LD_ABS uses every register r0..r9 and defines none
  const ldAbs = regUseDef({ code: 0x20, dst: 0, src: 0, imm: 0 });
  t.is(use(ldAbs), 0x3ff);
  t.is(def(ldAbs), 0);
  // r3 = *(u64 *)(r10 - 8): r10 is never tracked
  const ldx = regUseDef({ code: 0x79, dst: 3, src: 10, imm: 0 });
  t.is(use(ldx), 0);
  t.is(def(ldx), 1 << 3);
  // cmpxchg: uses r0, dst, src; defines r0
  const cx = regUseDef({ code: 0xdb, dst: 2, src: 4, imm: 0xf1 });
  t.is(use(cx), 0b10101);
  t.is(def(cx), 0b1);
});
