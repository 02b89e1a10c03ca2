import test from 'ava';
import { decodeRaw } from '../../src/bpf/decode.js';
import { disasmBody, disasmInsn, disasmProgram } from '../../src/bpf/disasm.js';
import { encodeProgram, type RawInsn } from '../../src/bpf/encode.js';

const I = (code: number, dst = 0, src = 0, off = 0, imm = 0, extra: Partial<RawInsn> = {}): RawInsn => ({ code, dst, src, off, imm, ...extra });
const text = (i: RawInsn, ctx = {}): string => disasmInsn(decodeRaw(encodeProgram([i])).insns.at(0)!, ctx);

/** The verifier log's formats (Linux 6.18 kernel/bpf/disasm.c), one example per family. */
const cases: [RawInsn, string][] = [
  [I(0xbf, 6, 1), '(bf) r6 = r1'],
  [I(0xb7, 0, 0, 0, 0), '(b7) r0 = 0'],
  [I(0xb4, 1, 0, 0, -1), '(b4) w1 = -1'],
  [I(0x07, 1, 0, 0, -8), '(07) r1 += -8'],
  [I(0x1c, 1, 3), '(1c) w1 -= w3'],
  [I(0xc7, 0, 0, 0, 63), '(c7) r0 s>>= 63'],
  [I(0x97, 1, 0, 0, 10), '(97) r1 %= 10'],
  [I(0x3f, 1, 2, 1), '(3f) r1 s/= r2'],
  [I(0x94, 1, 0, 1, 3), '(94) w1 s%= 3'],
  [I(0xbf, 1, 2, 8), '(bf) r1 = (s8)r2'],
  [I(0xbf, 1, 2, 32), '(bf) r1 = (s32)r2'],
  [I(0xbc, 1, 2, 16), '(bc) w1 = (s16)w2'],
  [I(0x87, 7), '(87) r7 = -r7'],
  [I(0x84, 8), '(84) w8 = -w8'],
  [I(0xdc, 7, 0, 0, 32), '(dc) r7 = be32 r7'],
  [I(0xd4, 1, 0, 0, 16), '(d4) r1 = le16 r1'],
  [I(0xd7, 1, 0, 0, 64), '(d7) r1 = bswap64 r1'],
  [I(0xbf, 1, 2, 1, 1), '(bf) r1 = addr_space_cast(r2, 0, 1)'],
  [I(0x79, 0, 1, 0), '(79) r0 = *(u64 *)(r1 +0)'],
  [I(0x61, 1, 10, -84), '(61) r1 = *(u32 *)(r10 -84)'],
  [I(0x91, 1, 2, 3), '(91) r1 = *(s8 *)(r2 +3)'],
  [I(0x81, 1, 2, 0), '(81) r1 = *(s32 *)(r2 +0)'],
  [I(0x7a, 10, 0, -8, 0), '(7a) *(u64 *)(r10 -8) = 0'],
  [I(0x63, 10, 6, -4), '(63) *(u32 *)(r10 -4) = r6'],
  [I(0x30, 0, 0, 0, 54), '(30) r0 = *(u8 *)skb[54]'],
  [I(0x48, 0, 8, 0, 0), '(48) r0 = *(u16 *)skb[r8 + 0]'],
  [I(0x18, 1, 0, 0, -1, { wide: true, hi: 0 }), '(18) r1 = 0xffffffff'],
  [I(0x18, 2, 0, 0, -2, { wide: true, hi: 1 }), '(18) r2 = 0x1fffffffe'],
  [I(0xdb, 1, 2, 0, 0x00), '(db) lock *(u64 *)(r1 +0) += r2'],
  [I(0xc3, 2, 1, 0, 0x50), '(c3) lock *(u32 *)(r2 +0) &= r1'],
  [I(0xdb, 1, 2, 8, 0x41), '(db) r2 = atomic64_fetch_or((u64 *)(r1 +8), r2)'],
  [I(0xc3, 1, 2, -4, 0xa1), '(c3) r2 = atomic_fetch_xor((u32 *)(r1 -4), r2)'],
  [I(0xdb, 1, 2, 0, 0xe1), '(db) r2 = atomic64_xchg((u64 *)(r1 +0), r2)'],
  [I(0xc3, 1, 2, 0, 0xf1), '(c3) r0 = atomic_cmpxchg((u32 *)(r1 +0), r0, r2)'],
  [I(0xd3, 3, 1, 2, 0x100), '(d3) r3 = load_acquire((u8 *)(r1 +2))'],
  [I(0xcb, 1, 3, 2, 0x110), '(cb) store_release((u16 *)(r1 +2), r3)'],
  [I(0x85, 0, 0, 0, 1), '(85) call bpf_map_lookup_elem#1'],
  [I(0x85, 0, 0, 0, 100000), '(85) call unknown#100000'],
  [I(0x85, 0, 1, 0, 2), '(85) call pc+2'],
  [I(0x85, 0, 1, 0, -7), '(85) call pc-7'],
  [I(0x85, 0, 2, 0, 12345), '(85) call kernel-function#12345'],
  [I(0x55, 0, 0, 2, 0), '(55) if r0 != 0x0 goto pc+2'],
  [I(0x65, 1, 0, 1, -1), '(65) if r1 s> 0xffffffff goto pc+1'],
  [I(0xae, 4, 2, 1), '(ae) if w4 < w2 goto pc+1'],
  [I(0x45, 1, 0, -3, 8), '(45) if r1 & 0x8 goto pc-3'],
  [I(0x05, 0, 0, 1), '(05) goto pc+1'],
  [I(0x06, 0, 0, 0, -5), '(06) gotol pc-5'],
  [I(0xe5, 0, 0, 3), '(e5) may_goto pc+3'],
  [I(0x95), '(95) exit'],
];

for (const [i, expected] of cases) {
  test(`kernel text: ${expected}`, (t) => {
    t.is(text(i), expected);
  });
}

test('callbacks name helpers, kfuncs and ld_imm64 immediates', (t) => {
  t.is(text(I(0x85, 0, 0, 0, 1), { helperName: () => 'lookup' }), '(85) call lookup#1');
  t.is(text(I(0x85, 0, 2, 0, 9), { kfuncName: (id: number) => `bpf_k${id}` }), '(85) call bpf_k9#9');
  t.is(text(I(0x18, 1, 1, 0, 0, { wide: true }), { imm64Text: () => 'map[counters]' }), '(18) r1 = map[counters]');
});

test('asm style keeps what the kernel text loses', (t) => {
  const asm = { style: 'asm' as const };
  t.is(text(I(0x18, 1, 1, 0, 3, { wide: true }), asm), '(18) r1 = map[3]');
  t.is(text(I(0x18, 1, 2, 0, 3, { wide: true, hi: 16 }), asm), '(18) r1 = map_value[3]+16');
  t.is(text(I(0x18, 1, 3, 0, 77, { wide: true, hi: 2 }), asm), '(18) r1 = btf_id[77, 2]');
  t.is(text(I(0x18, 1, 4, 0, 5, { wide: true }), asm), '(18) r1 = func[pc+5]');
  t.is(text(I(0x18, 1, 5, 0, 1, { wide: true }), asm), '(18) r1 = map_idx[1]');
  t.is(text(I(0x18, 1, 6, 0, 1, { wide: true, hi: -4 }), asm), '(18) r1 = map_idx_value[1]-4');
  t.is(text(I(0x85, 0, 2, 3, 9), asm), '(85) call kfunc#9:3');
  t.is(text(I(0x95, 0, 0, 4, 0), asm), '(95) raw(0x95, 0, 0, 4, 0)');
  t.is(text(I(0x95, 0, 0, 4, 0)), '(95) exit');
  t.is(text(I(0x18, 1, 1, 0, 3, { wide: true })), '(18) r1 = 0x3');
});

test('disasmProgram: one line per instruction, none for the second ld_imm64 slot', (t) => {
  const p = decodeRaw(encodeProgram([I(0x18, 1, 0, 0, 7, { wide: true }), I(0xb7), I(0x95)]));
  t.deepEqual(disasmProgram(p), ['0: (18) r1 = 0x7', '2: (b7) r0 = 0', '3: (95) exit']);
  t.deepEqual(disasmProgram(p, { index: false, opcode: false }), ['r1 = 0x7', 'r0 = 0', 'exit']);
  t.is(disasmBody(p.insns.at(3)!), 'exit');
});
