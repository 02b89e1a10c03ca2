/**
 * Golden tests of the loader on our own fixtures (test/fixtures/elf/*.o, rebuilt by build.sh):
 * the printed object (sections, maps, programs, subprograms, relocations, source lines) must
 * equal test/golden/bpf-object/<name>.txt. `UPDATE_GOLDEN=1 npx ava test/bpf/load-fixtures.test.ts`
 * rewrites the golden files.
 */
import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { loadObject } from '../../src/bpf/load.js';
import { printObject } from '../../src/bpf/print-object.js';
import type { ObjectFile } from '../../src/bpf/object.js';
import { repoRoot } from './load-oracle.js';

const fixtures = path.join(repoRoot, 'test/fixtures/elf');
const golden = path.join(repoRoot, 'test/golden/bpf-object');

function load(name: string): ObjectFile {
  const rel = `test/fixtures/elf/${name}.o`;
  const r = loadObject(rel, new Uint8Array(fs.readFileSync(path.join(repoRoot, rel))));
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
}

for (const name of fs.readdirSync(fixtures).filter((f) => f.endsWith('.o')).map((f) => f.slice(0, -2)).sort()) {
  test(`golden: ${name}.o`, (t) => {
    const text = printObject(load(name), { lines: true });
    const file = path.join(golden, `${name}.txt`);
    if (process.env['UPDATE_GOLDEN'] === '1') fs.writeFileSync(file, text);
    t.is(text, fs.readFileSync(file, 'utf8'));
  });
}

const imm = (b: Uint8Array, i: number): number => new DataView(b.buffer, b.byteOffset + i * 8 + 4, 4).getInt32(0, true);
const src = (b: Uint8Array, i: number): number => b[i * 8 + 1]! >> 4;

test('calls.o: subprograms appended depth-first in call order, call imms patched to final offsets', (t) => {
  const o = load('calls');
  t.deepEqual(o.programs.map((p) => p.name), ['xdp_main', 'tc_first', 'tc_second']);
  const xdp = o.programs[0]!;
  t.deepEqual(xdp.subprogs.map((s) => [s.start, s.name, s.global]), [[0, 'xdp_main', true], [18, 'loop_cb', false], [23, 'add_global', true], [27, 'add_static', false]]);
  // ld_imm64 of the bpf_loop callback: src_reg BPF_PSEUDO_FUNC, imm relative to the next slot.
  t.is(src(xdp.bytes, 5), 4);
  t.is(5 + imm(xdp.bytes, 5) + 1, 18);
  t.is(10 + imm(xdp.bytes, 10) + 1, 23);
  t.is(24 + imm(xdp.bytes, 24) + 1, 27);
  // The same .text function lands at different indices in different programs.
  t.deepEqual(o.programs[2]!.subprogs.map((s) => s.start), [0, 4, 8]);
});

test('data.o: map and global-data relocations set src_reg and imm (and the value offset)', (t) => {
  const o = load('data');
  const p = o.programs[0]!;
  const byName = (n: string) => o.maps.findIndex((m) => m.name === n);
  for (const r of p.relocs) {
    if (r.kind === 'map') t.deepEqual([src(p.bytes, r.insn), imm(p.bytes, r.insn)], [1, byName(r.symbol)]);
    if (r.kind === 'map_value') t.is(src(p.bytes, r.insn), 2);
  }
  t.is(o.maps[byName('.rodata')]!.readonly, true);
  t.deepEqual([...o.maps[byName('.data')]!.initial!], [7, 0, 0, 0]);
  t.deepEqual([...o.maps[byName('.bss')]!.initial!], new Array(8).fill(0));
  t.is(o.maps[byName('outer')]!.inner?.valueSize, 8);
});

test('legacy_text.o: a .text-only legacy object, calls resolved inside its own section', (t) => {
  const o = load('legacy_text');
  t.is(o.backend, 'legacy');
  const p = o.programs[0]!;
  t.deepEqual([p.section, p.name, p.bytes.length / 8], ['.text', 'entry', 18]);
  t.deepEqual(p.subprogs.map((s) => [s.start, s.name]), [[0, 'entry'], [4, 'bump']]);
  const call = p.relocs.find((r) => r.kind === 'call')!;
  t.is(call.insn + imm(p.bytes, call.insn) + 1, 4);
});

test('user override of the program type', (t) => {
  const r = loadObject('calls.o', new Uint8Array(fs.readFileSync(path.join(fixtures, 'calls.o'))), { programType: 'sched_cls' });
  t.true(E.isRight(r) && r.right.programs.every((p) => p.type === 'sched_cls' && p.typeSource === 'override'));
});

/** One line of test/fixtures/elf/libbpf-layout.jsonl (written by build.sh with the real libbpf). */
interface LibbpfLayout { object: string; section: string; program: string; insns: string[] }

const BPF_PSEUDO_MAP_IDX = 5;
const BPF_PSEUDO_MAP_IDX_VALUE = 6;

test('layouts equal the real libbpf 1.1 (recorded by build.sh) byte for byte, map indices included', (t) => {
  const lines = fs.readFileSync(path.join(fixtures, 'libbpf-layout.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LibbpfLayout);
  t.true(lines.length >= 4);
  for (const rec of lines) {
    const p = load(rec.object.replace(/\.o$/, '')).programs.find((q) => q.section === rec.section && q.name === rec.program);
    if (p === undefined) return t.fail(`${rec.object} ${rec.program} missing`);
    const mine = Array.from({ length: p.bytes.length / 8 }, (_, i) => Buffer.from(p.bytes.subarray(i * 8, i * 8 + 8)).toString('hex'));
    // libbpf's gen_loader encodes map loads as src_reg 5/6 with the map index; a real load has
    // 1/2 (MAP_FD/MAP_VALUE) with an fd where we put the same index.
    const theirs = rec.insns.map((h) => {
      const src = parseInt(h[2]!, 16);
      return h.startsWith('18') && (src === BPF_PSEUDO_MAP_IDX || src === BPF_PSEUDO_MAP_IDX_VALUE) ? `${h.slice(0, 2)}${src - 4}${h.slice(3)}` : h;
    });
    t.deepEqual(mine, theirs, `${rec.object} ${rec.section}/${rec.program}`);
  }
});
