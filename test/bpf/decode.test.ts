import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { formatDiagnostic } from '../../src/base/diagnostic.js';
import { decodeProgram, decodeRaw, decodeSlot, insnError, jumpTarget } from '../../src/bpf/decode.js';
import { encodeProgram, type RawInsn } from '../../src/bpf/encode.js';
import { loadObject } from '../../src/bpf/load.js';
import { corpusObjects } from './load-oracle.js';

const where = { object: 't.o', section: 'xdp', program: 'f' };
const I = (code: number, dst = 0, src = 0, off = 0, imm = 0, extra: Partial<RawInsn> = {}): RawInsn => ({ code, dst, src, off, imm, ...extra });
const EXIT = I(0x95);

test('fields: registers, signed off and imm, derived class and size', (t) => {
  const b = encodeProgram([I(0x79, 3, 10, -8), I(0x18, 1, 0, 0, -2, { wide: true, hi: 0x12345678 }), EXIT]);
  const p = decodeProgram(b, where);
  if (E.isLeft(p)) return t.fail(JSON.stringify(p.left));
  t.is(p.right.length, 4);
  const ldx = p.right.insns.at(0)!;
  t.like(ldx, { idx: 0, code: 0x79, dst: 3, src: 10, off: -8, imm: 0, cls: 'ldx', size: 8, wide: false });
  const ld = p.right.insns.at(1)!;
  t.like(ld, { idx: 1, cls: 'ld', wide: true, imm: -2, size: 0 });
  t.is(ld.imm64, 0x12345678fffffffen);
  t.is(p.right.insns.at(2), undefined);
  t.like(p.right.insns.at(3)!, { idx: 3, cls: 'jmp' });
});

test('sizes of every load/store width', (t) => {
  const sizes = [0x61, 0x69, 0x71, 0x79, 0x62, 0x6a, 0x72, 0x7a, 0x81, 0x89, 0x91, 0xc3, 0xdb, 0x20, 0x28, 0x30].map((c) => decodeSlot(new Uint8Array([c, 0, 0, 0, 0, 0, 0, 0]), 0).size);
  t.deepEqual(sizes, [4, 2, 1, 8, 4, 2, 1, 8, 4, 2, 1, 4, 8, 4, 2, 1]);
});

test('jump targets', (t) => {
  const b = encodeProgram([I(0x05, 0, 0, 1), I(0x06, 0, 0, 0, -2), I(0x85, 0, 1, 0, 1), I(0x18, 2, 4, 0, -4, { wide: true }), EXIT]);
  const p = decodeRaw(b);
  t.deepEqual(p.insns.toArray().map((i) => (i ? jumpTarget(i) : null)), [2, 0, 4, 0, null, undefined]);
});

/** [description, program, expected diagnostic lines] */
const invalid: [string, RawInsn[], string][] = [
  ['unknown opcode', [I(0xff), EXIT], "t.o: section 'xdp': program 'f': insn 0: byte offset 0x0: error E602: unknown opcode 0xff"],
  ['ALU op 0xe0', [I(0xe7, 1), EXIT], 'insn 0: byte offset 0x0: error E602: unknown opcode 0xe7'],
  ['dst register 11', [I(0xb7, 11), EXIT], 'error E602: invalid register r11'],
  ['src register 12 of ldx', [I(0x79, 1, 12), EXIT], 'error E602: invalid register r12'],
  ['ALU K with src set', [I(0x07, 1, 2, 0, 1), EXIT], 'error E602: BPF_ALU uses reserved fields'],
  ['ALU X with imm set', [I(0x0f, 1, 2, 0, 1), EXIT], 'error E602: BPF_ALU uses reserved fields'],
  ['signed add (off=1 only for div/mod)', [I(0x0f, 1, 2, 1), EXIT], 'error E602: BPF_ALU uses reserved fields'],
  ['movsx 32 on ALU32', [I(0xbc, 1, 2, 32), EXIT], 'error E602: BPF_MOV uses reserved fields'],
  ['mov K with off', [I(0xb7, 1, 0, 8), EXIT], 'error E602: BPF_MOV uses reserved fields'],
  ['addr_space_cast between 2 and 0', [I(0xbf, 1, 2, 1, 0x20000), EXIT], 'error E602: addr_space_cast can only convert between address spaces 1 and 0'],
  ['neg with imm', [I(0x87, 1, 0, 0, 1), EXIT], 'error E602: BPF_NEG uses reserved fields'],
  ['neg X form', [I(0x8f, 1), EXIT], 'error E602: unknown opcode 0x8f'],
  ['end width 8', [I(0xd4, 1, 0, 0, 8), EXIT], 'error E602: BPF_END width 8 (must be 16, 32 or 64)'],
  ['bswap with TO_BE bit', [I(0xdf, 1, 0, 0, 16), EXIT], 'error E602: unknown opcode 0xdf'],
  ['ld_imm64 off', [I(0x18, 1, 0, 3, 0, { wide: true }), EXIT], 'error E602: BPF_LD_IMM64 uses reserved fields'],
  ['ld_imm64 src 7', [I(0x18, 1, 7, 0, 0, { wide: true }), EXIT], 'error E602: invalid ld_imm64 source 7'],
  ['ld_imm64 map fd with high imm', [I(0x18, 1, 1, 0, 0, { wide: true, hi: 4 }), EXIT], 'error E602: ld_imm64 second slot imm must be 0 for this source'],
  ['ld_imm64 second slot has a code', [I(0x18, 1), I(0x07), EXIT], 'error E602: invalid ld_imm64 second slot'],
  ['truncated ld_imm64', [I(0xb7), I(0x18, 1)], 'insn 1: byte offset 0x8: error E602: truncated ld_imm64 (second slot missing)'],
  ['LD_ABS dw', [I(0x38), EXIT], 'error E602: unknown opcode 0x38'],
  ['LD_ABS with dst', [I(0x30, 1, 0, 0, 4), EXIT], 'error E602: BPF_LD_[ABS|IND] uses reserved fields'],
  ['LD_ABS with src', [I(0x30, 0, 1, 0, 4), EXIT], 'error E602: BPF_LD_[ABS|IND] uses reserved fields'],
  ['LD_IND with off', [I(0x40, 0, 1, 2, 4), EXIT], 'error E602: BPF_LD_[ABS|IND] uses reserved fields'],
  ['LDX with imm', [I(0x61, 1, 2, 0, 5), EXIT], 'error E602: BPF_LDX uses reserved fields'],
  ['LDX MEMSX dw', [I(0x99, 1, 2), EXIT], 'error E602: unknown opcode 0x99'],
  ['ST with src', [I(0x62, 10, 1, -4, 0), EXIT], 'error E602: BPF_ST uses reserved fields'],
  ['STX with imm', [I(0x63, 10, 1, -4, 7), EXIT], 'error E602: BPF_STX uses reserved fields'],
  ['STX MEMSX', [I(0x93, 10, 1), EXIT], 'error E602: unknown opcode 0x93'],
  ['atomic with an unknown op', [I(0xdb, 1, 2, 0, 0x02), EXIT], 'error E602: invalid atomic operation 0x2'],
  ['atomic add on u8', [I(0xd3, 1, 2, 0, 0x00), EXIT], 'error E602: invalid atomic operand size'],
  ['JA with imm', [I(0x05, 0, 0, 0, 1), EXIT], 'error E602: BPF_JA uses reserved fields'],
  ['gotol with off', [I(0x06, 0, 0, 1, 0), EXIT], 'error E602: BPF_JA uses reserved fields'],
  ['call with dst', [I(0x85, 1, 0, 0, 1), EXIT], 'error E602: BPF_CALL uses reserved fields'],
  ['call src 3', [I(0x85, 0, 3, 0, 1), EXIT], 'error E602: BPF_CALL uses reserved fields'],
  ['helper call with off', [I(0x85, 0, 0, 1, 1), EXIT], 'error E602: BPF_CALL uses reserved fields'],
  ['JMP32 call', [I(0x86, 0, 0, 0, 1), EXIT], 'error E602: unknown opcode 0x86'],
  ['exit with imm', [I(0x95, 0, 0, 0, 1)], 'error E602: BPF_EXIT uses reserved fields'],
  ['JMP32 exit', [I(0x96), EXIT], 'error E602: unknown opcode 0x96'],
  ['may_goto with imm', [I(0xe5, 0, 0, 0, 1), EXIT], 'error E602: invalid may_goto (reserved fields used)'],
  ['JMP32 jcond', [I(0xe6), EXIT], 'error E602: unknown opcode 0xe6'],
  ['gotox (not in 6.18)', [I(0x0d, 1), EXIT], 'error E602: unknown opcode 0x0d'],
  ['jmp op 0xf0', [I(0xf5), EXIT], 'error E602: unknown opcode 0xf5'],
  ['cond jump K with src', [I(0x15, 1, 2, 0, 0), EXIT], 'error E602: BPF_JMP uses reserved fields'],
  ['cond jump32 X with imm', [I(0x1e, 1, 2, 0, 3), EXIT], 'error E602: BPF_JMP32 uses reserved fields'],
  ['jump out of range', [I(0x05, 0, 0, 5), EXIT], 'insn 0: byte offset 0x0: error E603: jump out of range from insn 0 to 6'],
  ['jump backwards out of range', [EXIT, I(0x05, 0, 0, -3)], 'error E603: jump out of range from insn 1 to -1'],
  ['jump into ld_imm64', [I(0x05, 0, 0, 1), I(0x18, 1, 0, 0, 0, { wide: true }), EXIT], 'error E603: jump from insn 0 into the middle of the ld_imm64 at 1'],
  ['pseudo call out of range', [I(0x85, 0, 1, 0, 100), EXIT], 'error E603: jump out of range from insn 0 to 101'],
];

for (const [name, prog, expected] of invalid) {
  test(`invalid: ${name}`, (t) => {
    const r = decodeProgram(encodeProgram(prog), where);
    if (E.isRight(r)) return t.fail('accepted');
    const text = r.left.map((d) => formatDiagnostic(d)).join('\n');
    t.true(text.includes(expected), text);
  });
}

test('a size that is not a multiple of 8 and an empty program', (t) => {
  const r = decodeProgram(new Uint8Array(12), where);
  t.true(E.isLeft(r) && r.left.some((d) => d.code === 'E601'));
  const e = decodeProgram(new Uint8Array(0), where);
  t.true(E.isLeft(e) && e.left.some((d) => d.code === 'E604'));
});

test('all problems are reported, each with its own location', (t) => {
  const r = decodeProgram(encodeProgram([I(0xff), I(0xb7, 12), EXIT]), where);
  if (E.isRight(r)) return t.fail();
  t.deepEqual(r.left.map((d) => d.where?.insn), [0, 1]);
});

test('insnError accepts the valid and names the invalid', (t) => {
  t.is(insnError(decodeSlot(new Uint8Array([0xbf, 0x16, 0, 0, 0, 0, 0, 0]), 0)), undefined);
  t.is(insnError(decodeSlot(new Uint8Array([0xff, 0, 0, 0, 0, 0, 0, 0]), 0)), 'unknown opcode 0xff');
});

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const lddw = path.resolve(repoRoot, '../shared/corpus/invalid/invalid-lddw.o');

(fs.existsSync(lddw) ? test : test.skip)('corpus invalid/invalid-lddw.o: truncated ld_imm64 located', (t) => {
  const o = loadObject('invalid/invalid-lddw.o', new Uint8Array(fs.readFileSync(lddw)));
  if (E.isLeft(o)) return t.fail(JSON.stringify(o.left));
  const p = o.right.programs[0]!;
  const r = decodeProgram(p.bytes, { object: p.object, section: p.section, program: p.name });
  if (E.isRight(r)) return t.fail('accepted');
  t.deepEqual(r.left.map((d) => formatDiagnostic(d)), [
    "invalid/invalid-lddw.o: section '.text': program 'func': insn 1: byte offset 0x8: error E602: truncated ld_imm64 (second slot missing)",
  ]);
});

const corpus = path.resolve(repoRoot, '../shared/corpus');

(fs.existsSync(corpus) ? test : test.skip)('every program of the corpus decodes, except the truncated ld_imm64 of invalid-lddw.o', (t) => {
  const rejected: string[] = [];
  let programs = 0;
  for (const obj of corpusObjects()) {
    const o = loadObject(obj, new Uint8Array(fs.readFileSync(path.join(corpus, obj))));
    if (E.isLeft(o)) continue;
    for (const p of o.right.programs) {
      programs++;
      const r = decodeProgram(p.bytes, { object: obj, section: p.section, program: p.name });
      if (E.isLeft(r)) rejected.push(`${obj} ${p.name}: ${r.left.map((d) => d.message).join('; ')}`);
    }
  }
  t.true(programs > 330);
  t.deepEqual(rejected, ['invalid/invalid-lddw.o func: truncated ld_imm64 (second slot missing)']);
});
