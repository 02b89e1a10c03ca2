import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { Mask } from '../../src/eval/lattices/mask-value.js';
import { chainKey, halfSlotsOf, supersetMisses, type OracleStackEntry } from '../../src/analysis/oracle-compare.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/crossframe/oracle');

test('chain keys and half slots', (t) => {
  t.deepEqual(chainKey([0]), { callsite: 0, depth: 0 });
  t.deepEqual(chainKey([37]), { callsite: 37, depth: 0 });
  t.deepEqual(chainKey([9, 15]), { callsite: 9, depth: 1 });
  t.deepEqual(chainKey([11, 19, 24, 29, 34]), { callsite: 29, depth: 4 });
  t.throws(() => chainKey([]));
  t.deepEqual(halfSlotsOf(-8), [0, 1]);
  t.deepEqual(halfSlotsOf(-512), [126, 127]);
  t.throws(() => halfSlotsOf(-12));
});

test('superset misses: dead, finer 4-byte kills and missing instances', (t) => {
  const entries: OracleStackEntry[] = [
    { callchain: [0], frame: 0, insn: 3, live: [-8, -16] },
    { callchain: [2, 7], frame: 0, insn: 8, live: [-8] },
    { callchain: [0], frame: 0, insn: 4, written: [-8] },
  ];
  const live = (cs: number, d: number, _f: number, i: number): Mask | undefined =>
    cs === 0 && d === 0 ? (i === 3 ? Mask.of(1) : Mask.EMPTY) : undefined;
  t.deepEqual(supersetMisses(entries, live).map((m) => `${m.insn}:${m.slot}:${m.reason}`), ['3:-16:dead', '8:-8:no-instance']);
});

test('every call chain of the recorded cross-frame fixtures ends at a call insn and a subprog start', (t) => {
  for (const line of fs.readFileSync(path.join(dir, 'programs.jsonl'), 'utf8').trim().split('\n')) {
    const p = JSON.parse(line) as { fixture: string };
    const fx = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(dir, p.fixture))).toString()) as
      { stack: OracleStackEntry[]; insn_text: (string | null)[]; subprog_starts: number[] };
    for (const e of fx.stack) {
      const { callsite, depth } = chainKey(e.callchain);
      t.true(e.frame <= depth);
      t.true(fx.subprog_starts.includes(e.callchain[e.callchain.length - 1]!));
      if (depth > 0) t.regex(fx.insn_text[callsite] ?? '', /^\(85\) call /);
    }
  }
});
