import test from 'ava';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { assemble } from '../../src/bpf/asm/assemble.js';
import { toAssembly } from '../../src/bpf/asm/to-asm.js';
import { parseBtf } from '../../src/bpf/btf.js';
import { buildCfg } from '../../src/bpf/cfg.js';
import { programFacts } from '../../src/bpf/facts.js';
import { ByteWindow, ElfCode } from '../../src/bpf/elf-bytes.js';
import { factsOfFile } from '../../src/bpf/inspect.js';
import { UNKNOWN_BYTES } from '../../src/bpf/helpers-access.js';
import { KFUNC_ROWS } from '../../src/bpf/kfuncs-data.js';
import { kfuncArgBytes, KFUNC_VAR_SIZE_BYTES } from '../../src/bpf/kfuncs-access.js';
import { type KfuncMeta, type KfuncRow, kfuncMetaFromBtf, kfuncRow, parseKfuncRow } from '../../src/bpf/kfuncs.js';
import { kfuncMeta } from '../../src/bpf/kfuncs-table.js';
import { I, input, prog } from './cfg-build.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const meta = (row: KfuncRow): KfuncMeta => {
  const m = parseKfuncRow(row);
  if (m === undefined) throw new Error(`bad row ${JSON.stringify(row)}`);
  return m;
};
const noConst = (): number | undefined => undefined;
const consts = (m: Record<number, number>) => (r: number): number | undefined => m[r];

test('§4.2: no metadata -> UNKNOWN; beyond the parameters or not a pointer -> 0', (t) => {
  t.is(kfuncArgBytes(undefined, 0, noConst), UNKNOWN_BYTES);
  const m = meta(['k', '_ *8', '']);
  t.is(kfuncArgBytes(m, 0, noConst), 0, 'scalar parameter');
  t.is(kfuncArgBytes(m, 1, noConst), 8, 'pointee size');
  t.is(kfuncArgBytes(m, 2, noConst), 0, 'no such parameter');
  t.is(kfuncArgBytes(meta(['v', '*?', '']), 0, noConst), UNKNOWN_BYTES, 'void * pointee');
});

test('§4.2: dynptr is 16 bytes, written when __uninit', (t) => {
  const m = meta(['bpf_dynptr_from_xdp', '*24 _ dynptr.uninit', '']);
  t.is(kfuncArgBytes(m, 0, noConst), 24);
  t.is(kfuncArgBytes(m, 2, noConst), -16);
  t.is(kfuncArgBytes(meta(['bpf_dynptr_size', 'dynptr', '']), 0, noConst), 16);
});

test('§4.2: a __sz / __szk next parameter gives the size: constant value, else a 512-byte read', (t) => {
  const m = meta(['bpf_dynptr_slice', 'dynptr _ *? _.szk', '']);
  t.is(kfuncArgBytes(m, 2, consts({ 4: 40 })), 40, 'size in r4 = 40');
  t.is(kfuncArgBytes(m, 2, consts({ 3: 40 })), KFUNC_VAR_SIZE_BYTES, 'only r4 counts');
  t.is(kfuncArgBytes(m, 2, noConst), 512);
  t.is(kfuncArgBytes(m, 3, consts({ 4: 40 })), 0, 'the size itself is a scalar');
  const u = meta(['w', '*4.uninit _.sz', '']);
  t.is(kfuncArgBytes(u, 0, consts({ 2: 12 })), -12, 'known size of an __uninit buffer: a write');
  t.is(kfuncArgBytes(u, 0, noConst), 512, 'unknown size: a read, not flipped');
  t.is(kfuncArgBytes(u, 0, consts({ 2: 0 })), 0, 'constant 0: nothing');
  t.is(kfuncArgBytes(meta(['s', '*16 _.sz', '']), 0, consts({ 2: 3 })), 3, 'the size register wins over the pointee size');
});

test('§4.2: arg 0 of a KF_ITER_NEW kfunc is written; its other args and next/destroy read', (t) => {
  const m = kfuncMeta('bpf_iter_num_new');
  t.truthy(m);
  t.true(m!.iterNew);
  t.is(kfuncArgBytes(m, 0, noConst), -8);
  t.is(kfuncArgBytes(m, 1, noConst), 0);
  t.is(kfuncArgBytes(meta(['bpf_iter_x_new', '*24 *208 _', 'iter_new']), 1, noConst), 208, 'only arg 0 flips');
  t.is(kfuncArgBytes(kfuncMeta('bpf_iter_num_next'), 0, noConst), 8);
  t.is(kfuncArgBytes(kfuncMeta('bpf_iter_num_destroy'), 0, noConst), 8);
  t.false(kfuncMeta('bpf_iter_num_next')!.iterNew);
  t.is(kfuncMeta('no_such_kfunc'), undefined);
});

test('the generated table: every row parses, round-trips its notation, sorted and unique', (t) => {
  t.true(KFUNC_ROWS.length > 100);
  for (const row of KFUNC_ROWS) t.deepEqual(kfuncRow(meta(row)), row);
  const names = KFUNC_ROWS.map((r) => r[0]);
  t.deepEqual([...names].sort(), names);
  t.is(new Set(names).size, names.length);
  t.true(KFUNC_ROWS.filter((r) => r[2] === 'iter_new').every((r) => /^bpf_iter_.+_new$/.test(r[0])));
  t.is(parseKfuncRow(['x', '*8.bogus', '']), undefined);
  t.is(parseKfuncRow(['x', 'ptr', '']), undefined);
});

/** A tiny BTF blob from [kind, name, sizeOrType, vlen, tail]; string tail words are interned names. */
type TypeSpec = [number, string, number, number, (number | string)[]];
function btfBlob(types: readonly TypeSpec[]): Uint8Array {
  const offs = new Map<string, number>([['', 0]]);
  let strs = '\0';
  const str = (x: string): number => {
    let o = offs.get(x);
    if (o === undefined) {
      o = Buffer.byteLength(strs);
      offs.set(x, o);
      strs += `${x}\0`;
    }
    return o;
  };
  const words: number[] = [];
  for (const [kind, name, st, vlen, tail] of types) {
    words.push(str(name), (kind << 24) | vlen, st, ...tail.map((w) => (typeof w === 'string' ? str(w) : w)));
  }
  const typeLen = words.length * 4;
  const strBytes = Buffer.from(strs, 'latin1');
  const buf = Buffer.alloc(24 + typeLen + strBytes.length);
  buf.writeUInt16LE(0xeb9f, 0);
  buf[2] = 1;
  buf.writeUInt32LE(24, 4);
  buf.writeUInt32LE(0, 8);
  buf.writeUInt32LE(typeLen, 12);
  buf.writeUInt32LE(typeLen, 16);
  buf.writeUInt32LE(strBytes.length, 20);
  words.forEach((w, k) => buf.writeUInt32LE(w >>> 0, 24 + 4 * k));
  strBytes.copy(buf, 24 + typeLen);
  return new Uint8Array(buf);
}

test('kfuncMetaFromBtf: FUNCs tagged bpf_kfunc, pointee sizes through modifiers, suffix marks', (t) => {
  const INT = 1, PTR = 2, STRUCT = 4, CONST = 10, FUNC = 12, PROTO = 13, TAG = 17;
  const blob = btfBlob([
    [INT, 'u32', 4, 0, [32]], // 1
    [STRUCT, 'bpf_iter_num', 8, 0, []], // 2
    [PTR, '', 2, 0, []], // 3
    [STRUCT, 'bpf_dynptr', 16, 0, []], // 4
    [PTR, '', 4, 0, []], // 5
    [CONST, '', 2, 0, []], // 6
    [PTR, '', 6, 0, []], // 7: const struct bpf_iter_num *
    [PTR, '', 0, 0, []], // 8: void *
    [PROTO, '', 1, 3, ['it', 3, 'start', 1, 'end', 1]], // 9
    [FUNC, 'bpf_iter_num_new', 9, 1, []], // 10
    [TAG, 'bpf_kfunc', 10, 0, [-1]], // 11
    [PROTO, '', 1, 4, ['p', 5, 'buf', 8, 'buf__szk', 1, 'out__uninit', 7]], // 12
    [FUNC, 'bpf_x', 12, 1, []], // 13
    [TAG, 'bpf_kfunc', 13, 0, [-1]], // 14
    [FUNC, 'not_a_kfunc', 9, 1, []], // 15
    [TAG, 'bpf_kfunc', 15, 0, [0]], // 16: tags a parameter, not the function
    [TAG, 'other_tag', 13, 0, [-1]], // 17
  ]);
  const btf = parseBtf(new ByteWindow(blob, 0, blob.length, { object: 'synthetic' }, ElfCode.btf));
  t.deepEqual(btf.types[9]?.params, [{ name: 'it', type: 3 }, { name: 'start', type: 1 }, { name: 'end', type: 1 }]);
  t.is(btf.types[11]?.componentIdx, -1);
  t.is(btf.types[16]?.componentIdx, 0);
  t.deepEqual(kfuncMetaFromBtf(btf).map(kfuncRow), [
    ['bpf_iter_num_new', '*8 _ _', 'iter_new'],
    ['bpf_x', 'dynptr *? _.szk *8.uninit', ''],
  ]);
});

test('assembler: call NAME#ID of a kfunc records a kfunc relocation; toAssembly keeps the name', (t) => {
  const r = assemble('k.s', 'r1 = r10\nr1 += -8\ncall bpf_iter_num_new#1000\ncall kfunc#7\ncall kernel-function#8\ncall bpf_ktime_get_ns#5\nr0 = 0\nexit\n');
  if (E.isLeft(r)) return t.fail(JSON.stringify(r.left));
  t.deepEqual(r.right.relocs, [{ insn: 2, kind: 'kfunc', symbol: 'bpf_iter_num_new' }]);
  const text = toAssembly(r.right);
  t.regex(text, /call bpf_iter_num_new#1000\n/);
  t.regex(text, /call kfunc#7\n/);
  const again = assemble('k.s', text);
  if (E.isLeft(again)) return t.fail(JSON.stringify(again.left));
  t.deepEqual(again.right.bytes, r.right.bytes);
  t.deepEqual(again.right.relocs, r.right.relocs);
});

test('facts of the catalogue case kfunc_iter_stack_liveness: sizes and parameter counts by name', (t) => {
  const f = factsOfFile(path.join(repoRoot, 'test/fixtures/catalogue/kfunc_iter_stack_liveness.s'));
  if (E.isLeft(f)) return t.fail(JSON.stringify(f.left));
  t.deepEqual(f.right.get('num_params'), [[4, 3], [7, 1], [12, 1]]);
  t.deepEqual(f.right.get('kfunc_arg_bytes'), [
    [4, 0, -8], [4, 1, 0], [4, 2, 0], [4, 3, 0], [4, 4, 0],
    [7, 0, 8], [7, 1, 0], [7, 2, 0], [7, 3, 0], [7, 4, 0],
    [12, 0, 8], [12, 1, 0], [12, 2, 0], [12, 3, 0], [12, 4, 0],
  ]);
  t.deepEqual(f.right.get('reg_use')!.filter(([i]) => i === 4), [[4, 1], [4, 2], [4, 3]]);
});

test('num_params: the object\'s own BTF first, then the table; no metadata -> 5 and UNKNOWN sizes', (t) => {
  const p = prog(I.movReg(1, 10), I.addImm(1, -16), I.movImm(2, 4), I.kfunc(100), I.exit());
  const cfg = buildCfg(input(), p);
  if (E.isLeft(cfg)) return t.fail();
  const relocs = [{ insn: 3, kind: 'kfunc' as const, symbol: 'w' }];
  const table = (n: string): KfuncMeta | undefined => (n === 'w' ? meta(['w', '*4.uninit _.sz', '']) : undefined);
  const own = programFacts({ type: 'tc', maps: [], relocs }, p, cfg.right, { kfuncs: table, kfuncParams: new Map([['w', 4]]) });
  t.deepEqual(own.get('num_params'), [[3, 4]]);
  t.deepEqual(own.get('kfunc_arg_bytes')!.slice(0, 2), [[3, 0, -4], [3, 1, 0]], 'r2 = 4 is the __sz constant');
  const tab = programFacts({ type: 'tc', maps: [], relocs }, p, cfg.right, { kfuncs: table });
  t.deepEqual(tab.get('num_params'), [[3, 2]]);
  const none = programFacts({ type: 'tc', maps: [], relocs }, p, cfg.right, { kfuncs: () => undefined });
  t.deepEqual(none.get('num_params'), [[3, 5]]);
  t.deepEqual(none.get('kfunc_arg_bytes'), [0, 1, 2, 3, 4].map((a) => [3, a, UNKNOWN_BYTES]));
});
