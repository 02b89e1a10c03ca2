/** The `@example`s of the BPF decoder, disassembler, encoder and assembler, run. */
import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { assembleObject, isAssemblySource } from '../../src/bpf/asm/as-object.js';
import { assemble } from '../../src/bpf/asm/assemble.js';
import { parseDirective } from '../../src/bpf/asm/directives.js';
import { splitLine, tokenize, type Tok } from '../../src/bpf/asm/lexer.js';
import { assembleLine } from '../../src/bpf/asm/line.js';
import { parseInsn } from '../../src/bpf/asm/parse-insn.js';
import { toAssembly } from '../../src/bpf/asm/to-asm.js';
import { decodeProgram, decodeRaw, decodeSlot, insnError, jumpTarget } from '../../src/bpf/decode.js';
import { disasmBody, disasmInsn, disasmProgram } from '../../src/bpf/disasm.js';
import { encodeProgram } from '../../src/bpf/encode.js';
import { helperId, helperName } from '../../src/bpf/helper-names.js';
import { BPF_ALU64, BPF_DW, BPF_H, opClass, sizeBytes, sizeField } from '../../src/bpf/opcode.js';

test('opcode examples', (t) => {
  t.is(opClass(0xbf), BPF_ALU64);
  t.is(sizeBytes(BPF_DW), 8);
  t.is(sizeField(2), BPF_H);
});

test('decode examples', (t) => {
  t.is(decodeSlot(new Uint8Array([0xb7, 0, 0, 0, 1, 0, 0, 0]), 0).imm, 1);
  t.is(insnError(decodeSlot(new Uint8Array([0xff, 0, 0, 0, 0, 0, 0, 0]), 0)), 'unknown opcode 0xff');
  t.is(jumpTarget(decodeSlot(new Uint8Array([0x05, 0, 2, 0, 0, 0, 0, 0]), 0)), 3);
  t.is(decodeRaw(new Uint8Array([0x95, 0, 0, 0, 0, 0, 0, 0])).length, 1);
  const bytes = encodeProgram([{ code: 0xb7, dst: 0, src: 0, off: 0, imm: 0 }, { code: 0x95, dst: 0, src: 0, off: 0, imm: 0 }]);
  t.deepEqual(Array.from(bytes), [0xb7, 0, 0, 0, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0]);
  const p = decodeProgram(bytes, { object: 'a.o', section: 'xdp', program: 'f' });
  if (E.isLeft(p)) return t.fail();
  t.is(p.right.length, 2);
  t.deepEqual(disasmProgram(p.right), ['0: (b7) r0 = 0', '1: (95) exit']);
});

test('disasm and helper-name examples', (t) => {
  t.is(disasmInsn(decodeSlot(new Uint8Array([0xbf, 0x16, 0, 0, 0, 0, 0, 0]), 0)), '(bf) r6 = r1');
  t.is(disasmBody(decodeSlot(new Uint8Array([0x95, 0, 0, 0, 0, 0, 0, 0]), 0)), 'exit');
  t.is(helperName(1), 'bpf_map_lookup_elem');
  t.is(helperId('bpf_map_lookup_elem'), 1);
});

test('assembler examples', (t) => {
  const toks = tokenize('r1 += 2', 0, 7);
  t.deepEqual(Array.isArray(toks) ? toks.map((x) => x.v) : toks, ['r1', '+=', '2']);
  const parts = splitLine('3: (b7) r0 = 0 ; zero', 1, 0);
  t.is('toks' in parts ? parts.prefix?.code : undefined, 0xb7);
  const d = parseDirective([
    { v: '.map', start: 0, end: 4 }, { v: 'm', start: 5, end: 6 }, { v: 'type=hash', start: 7, end: 16 },
    { v: 'key=4', start: 17, end: 22 }, { v: 'value=8', start: 23, end: 30 }, { v: 'entries=16', start: 31, end: 41 },
  ]);
  t.like(d, { kind: 'map', map: { name: 'm', type: 1, keySize: 4, valueSize: 8, maxEntries: 16 } });
  t.like(parseInsn(tokenize('r0 = 0', 0, 6) as Tok[], 0, 6, undefined), { code: 0xb7, dst: 0 });
  const a = assemble('t.s', '.type xdp\n r0 = 2\n exit\n');
  if (E.isLeft(a)) return t.fail();
  t.like(a.right, { object: 't.s', section: 'xdp', name: 't', type: 'xdp' });
  t.is(a.right.bytes.length, 16);
  t.deepEqual(assembleLine('(bf) r6 = r1'), E.right({ code: 0xbf, dst: 6, src: 1, off: 0, imm: 0, wide: false, hi: 0 }));
  t.true(isAssemblySource('prog.s', new Uint8Array()));
  const o = assembleObject('t.s', '.type xdp\nr0 = 2\nexit\n');
  t.true(E.isRight(o) && o.right.path === 't.s' && o.right.programs[0]!.name === 't');
  t.true(toAssembly(a.right).startsWith('.section xdp\n.type xdp\n.name t\n'));
});
