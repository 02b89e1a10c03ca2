import test from 'ava';
import fc from 'fast-check';
import { decodeSlot, InsnList } from '../../src/bpf/insn.js';

// Slots biased towards ld_imm64 (0x18) so that two-slot instructions, runs of them and a
// truncated last one all occur.
const slotArb = fc.tuple(fc.oneof(fc.constant(0x18), fc.integer({ min: 0, max: 255 })), fc.uint8Array({ minLength: 7, maxLength: 7 }))
  .map(([code, rest]) => [code, ...rest]);
const bytesArb = fc.tuple(fc.array(slotArb, { maxLength: 40 }), fc.uint8Array({ maxLength: 7 }))
  .map(([slots, tail]) => new Uint8Array([...slots.flat(), ...tail]));

/** Reference: which slots start an instruction, by walking the slots one instruction at a time. */
function referenceStarts(bytes: Uint8Array): boolean[] {
  const n = Math.floor(bytes.length / 8);
  const starts: boolean[] = new Array(n).fill(false);
  for (let i = 0; i < n; i++) {
    starts[i] = true;
    if (bytes[i * 8] === 0x18) i++;
  }
  return starts;
}

test('fromBytes: starts, at and every field reader agree with decoding each slot', (t) => {
  fc.assert(
    fc.property(bytesArb, (bytes) => {
      const list = InsnList.fromBytes(bytes);
      const starts = referenceStarts(bytes);
      t.is(list.length, starts.length);
      t.is(list.count(), starts.filter(Boolean).length);
      t.false(list.has(-1));
      t.false(list.has(list.length));
      t.is(list.at(list.length), undefined);
      const all = list.toArray();
      t.deepEqual([...list], all);
      for (let i = 0; i < list.length; i++) {
        t.is(list.has(i), starts[i]);
        const want = starts[i] ? decodeSlot(bytes, i) : undefined;
        t.deepEqual(list.at(i), want);
        t.deepEqual(all[i], want);
        const raw = decodeSlot(bytes, i);
        t.deepEqual(
          [list.code(i), list.dst(i), list.src(i), list.off(i), list.imm(i), list.size(i)],
          [raw.code, raw.dst, raw.src, raw.off, raw.imm, raw.size],
        );
      }
    }),
  );
});

test('patched: replaces one-slot instructions in a copy and leaves the original alone', (t) => {
  const bytes = new Uint8Array([
    0xb7, 0x01, 0, 0, 5, 0, 0, 0,           // 0: r1 = 5
    0x18, 0x02, 0, 0, 1, 0, 0, 0,           // 1: r2 = ld_imm64 ...
    0, 0, 0, 0, 2, 0, 0, 0,                 // 2: (its high half)
    0x15, 0x01, 1, 0, 7, 0, 0, 0,           // 3: if r1 == 7 goto +1
    0x95, 0, 0, 0, 0, 0, 0, 0,              // 4: exit
  ]);
  const list = InsnList.fromBytes(bytes);
  const p = list.patched([[3, { code: 0x05, dst: 0, src: 0, off: -3, imm: 0 }], [0, { code: 0xb7, dst: 9, src: 0, off: 0, imm: -1 }]]);
  t.like(p.at(3), { code: 0x05, off: -3, dst: 0, imm: 0, cls: 'jmp' });
  t.like(p.at(0), { dst: 9, imm: -1 });
  t.like(list.at(3), { code: 0x15, off: 1, dst: 1, imm: 7 });
  t.deepEqual(p.at(1), list.at(1));
  t.false(p.has(2));
  t.is(bytes[24], 0x15);
  t.throws(() => list.patched([[1, { code: 0x05, dst: 0, src: 0, off: 0, imm: 0 }]]), { instanceOf: RangeError });
  t.throws(() => list.patched([[2, { code: 0x05, dst: 0, src: 0, off: 0, imm: 0 }]]), { instanceOf: RangeError });
});
