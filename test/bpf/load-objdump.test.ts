import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { objdumpFile, objdumpRecord, type ObjdumpRecord } from '../../src/bpf/print-object.js';
import { loadObject } from '../../src/bpf/load.js';
import { corpusDir, haveShared, oracleFixture, oraclePrograms, repoRoot } from './load-oracle.js';

const calls = path.join(repoRoot, 'test/fixtures/elf/calls.o');

test('objdump --json: one record per program with disassembly and subprograms', (t) => {
  const r = objdumpFile(calls, undefined, true);
  if (E.isLeft(r)) return t.fail(JSON.stringify(r.left));
  const recs = r.right.trimEnd().split('\n').map((l) => JSON.parse(l) as ObjdumpRecord);
  t.deepEqual(recs.map((x) => [x.section, x.program, x.type, x.insns.length]), [['xdp', 'xdp_main', 'xdp', 29], ['tc', 'tc_first', 'sched_cls', 8], ['tc', 'tc_second', 'sched_cls', 11]]);
  t.deepEqual(recs[0]!.insns[0], { idx: 0, text: '(b7) r1 = 0' });
  t.deepEqual(recs[2]!.subprogs, [{ start: 0, name: 'tc_second', global: true }, { start: 4, name: 'add_global', global: true }, { start: 8, name: 'add_static', global: false }]);
});

test('objdump text golden (calls.o, --prog tc/tc_second)', (t) => {
  const r = objdumpFile('test/fixtures/elf/calls.o', 'tc/tc_second', false);
  if (E.isLeft(r)) return t.fail(JSON.stringify(r.left));
  const file = path.join(repoRoot, 'test/golden/bpf-object/calls.objdump.txt');
  if (process.env['UPDATE_GOLDEN'] === '1') fs.writeFileSync(file, r.right);
  t.is(r.right, fs.readFileSync(file, 'utf8'));
});

test('objdump text golden (data.o: map loads by name)', (t) => {
  const r = objdumpFile('test/fixtures/elf/data.o', undefined, false);
  if (E.isLeft(r)) return t.fail(JSON.stringify(r.left));
  const file = path.join(repoRoot, 'test/golden/bpf-object/data.objdump.txt');
  if (process.env['UPDATE_GOLDEN'] === '1') fs.writeFileSync(file, r.right);
  t.is(r.right, fs.readFileSync(file, 'utf8'));
  t.regex(r.right, /\(18\) r1 = map\[#0 counts\]/);
});

test('objdump: unknown program and unreadable file are diagnostics', (t) => {
  const a = objdumpFile(calls, 'nope', false);
  t.true(E.isLeft(a) && a.left[0]!.message.includes("no program 'nope'"));
  const b = objdumpFile(path.join(repoRoot, 'no/such/file.o'), undefined, false);
  t.true(E.isLeft(b) && b.left[0]!.code === 'E910');
});

(haveShared ? test : test.skip)('objdump --json text equals the kernel log text for build/bpf2bpf.o', (t) => {
  const r = oraclePrograms().find((x) => x.object === 'build/bpf2bpf.o')!;
  const o = loadObject(r.object, new Uint8Array(fs.readFileSync(path.join(corpusDir, r.object))));
  if (E.isLeft(o)) return t.fail();
  const rec = objdumpRecord(o.right.programs.find((p) => p.name === r.program)!);
  const fx = oracleFixture(r.fixture!);
  const expected = (fx.insn_text ?? []).flatMap((text, idx) => (text === null ? [] : [{ idx, text }]));
  t.deepEqual(rec.insns, expected);
});
