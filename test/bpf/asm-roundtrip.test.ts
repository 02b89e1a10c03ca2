import test from 'ava';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { assemble } from '../../src/bpf/asm/assemble.js';
import { decodeProgram } from '../../src/bpf/decode.js';
import { disasmProgram } from '../../src/bpf/disasm.js';
import { encodeProgram, type RawInsn } from '../../src/bpf/encode.js';
import * as op from '../../src/bpf/opcode.js';
import { programArb } from './gen-insn.js';

// FC_RUNS=N raises the number of runs of every property (default: the counts below).

const where = { object: 'gen', section: 'gen', program: 'gen' };
const header = (nmaps: number): string =>
  Array.from({ length: nmaps }, (_, k) => `.map m${k} type=hash key=4 value=8 entries=16`).join('\n');

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

test('generated programs are valid for the decoder', (t) => {
  fc.assert(
    fc.property(programArb, ({ insns }) => {
      const r = decodeProgram(encodeProgram(insns), where);
      if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
    }),
    { numRuns: 500 },
  );
  t.pass();
});

for (const variant of [
  { index: true, opcode: true },
  { index: false, opcode: true },
  { index: true, opcode: false },
  { index: false, opcode: false },
]) {
  test(`assemble(disassemble(p)) == p byte-for-byte (asm style, index ${variant.index}, opcode ${variant.opcode})`, (t) => {
    fc.assert(
      fc.property(programArb, ({ insns, nmaps }) => {
        const bytes = encodeProgram(insns);
        const p = decodeProgram(bytes, where);
        if (E.isLeft(p)) throw new Error('generator produced an invalid program');
        const text = `${header(nmaps)}\n${disasmProgram(p.right, { style: 'asm', ...variant }).join('\n')}\n`;
        const back = assemble('gen.s', text);
        if (E.isLeft(back)) throw new Error(`${text}\n${JSON.stringify(back.left)}`);
        if (hex(back.right.bytes) !== hex(bytes)) throw new Error(`mismatch for\n${text}`);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 400) },
    );
    t.pass();
  });
}

/** True for instructions whose kernel text is lossless (no pseudo ld_imm64, no kfunc offset). */
const kernelLossless = (i: RawInsn): boolean =>
  !(i.code === op.OPC_LD_IMM64 && i.src !== 0) && !(i.code === op.OPC_CALL && i.src === op.PSEUDO_KFUNC_CALL && i.off !== 0);

test('the kernel-style listing round-trips too when it is lossless', (t) => {
  fc.assert(
    fc.property(programArb, ({ insns }) => {
      fc.pre(insns.every(kernelLossless));
      const bytes = encodeProgram(insns);
      const p = decodeProgram(bytes, where);
      if (E.isLeft(p)) throw new Error('invalid');
      const text = disasmProgram(p.right).join('\n');
      const back = assemble('gen.s', text);
      if (E.isLeft(back)) throw new Error(`${text}\n${JSON.stringify(back.left)}`);
      if (hex(back.right.bytes) !== hex(bytes)) throw new Error(`mismatch for\n${text}`);
    }),
    { numRuns: Number(process.env.FC_RUNS ?? 300) },
  );
  t.pass();
});

test('every program the decoder accepts round-trips (bit-flipped valid programs), and decoding never throws', (t) => {
  let accepted = 0;
  fc.assert(
    fc.property(programArb, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 4 }), ({ insns, nmaps }, flips) => {
      const bytes = encodeProgram(insns);
      for (const [at, bit] of flips) bytes[at % bytes.length]! ^= 1 << bit;
      const p = decodeProgram(bytes, where);
      if (E.isLeft(p)) return;
      accepted++;
      // map loads may now name another map index: declare enough maps (a negative index
      // names no map at all, and the assembler refuses it)
      const mapIdx = p.right.insns.toArray().flatMap((i) => (i && i.wide && (i.src === 1 || i.src === 2) ? [i.imm] : []));
      if (mapIdx.some((m) => m < 0 || m >= 64)) return;
      const maxMap = Math.max(nmaps, ...mapIdx.map((m) => m + 1));
      const text = `${header(maxMap)}\n${disasmProgram(p.right, { style: 'asm' }).join('\n')}\n`;
      const back = assemble('gen.s', text);
      if (E.isLeft(back)) throw new Error(`${text}\n${JSON.stringify(back.left)}`);
      if (hex(back.right.bytes) !== hex(bytes)) throw new Error(`mismatch for\n${text}`);
    }),
    { numRuns: Number(process.env.FC_RUNS ?? 2000) },
  );
  t.log(`${accepted} mutated programs accepted by the decoder`);
  t.true(accepted > 50);
});
