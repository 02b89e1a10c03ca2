/**
 * The README's `npm run example`: `bpfdl live examples/bpf/callee_reads_caller.s` prints the
 * kernel-format liveness logs stored in examples/bpf/expected.txt (golden; UPDATE_GOLDEN=1
 * rewrites it), and the JSON form lists the callee instance with its use of the caller's slot.
 */
import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { analyzeFile, liveOfFile } from '../../src/analysis/live-file.js';
import type { LiveRecord } from '../../src/analysis/report.js';
import { repoRoot } from '../support/oracle.js';

const example = path.join(repoRoot, 'examples/bpf/callee_reads_caller.s');
const expected = path.join(repoRoot, 'examples/bpf/expected.txt');

test('bpfdl live on the bundled example prints the expected kernel-format logs', (t) => {
  const r = liveOfFile(example);
  if (E.isLeft(r)) return t.fail(r.left.map((d) => d.message).join('; '));
  if (process.env.UPDATE_GOLDEN) fs.writeFileSync(expected, r.right);
  t.is(r.right, fs.readFileSync(expected, 'utf8'));
});

test('the JSON record has the callee instance reading fp-16 of main (half-slots 2 and 3)', (t) => {
  const r = liveOfFile(example, { json: true });
  if (E.isLeft(r)) return t.fail(r.left.map((d) => d.message).join('; '));
  const rec = JSON.parse(r.right.trim()) as LiveRecord;
  t.is(rec.insnCount, 15);
  const callee = rec.instances.find((i) => i.callsite === 6);
  t.truthy(callee);
  t.is(callee!.depth, 1);
  t.deepEqual(callee!.use.find((u) => u.insn === 10), { insn: 10, frame: 0, halfSlots: [2, 3] });
  const main = rec.instances.find((i) => i.callsite === null)!;
  t.deepEqual(main.use.find((u) => u.insn === 6), { insn: 6, frame: 0, halfSlots: [2, 3] });
  // fp-24 (half-slots 4, 5) is written at 3 and never read: dead right after the store
  t.false(main.live.some((l) => l.insn === 4 && l.halfSlots.includes(4)));
  t.true(main.live.some((l) => l.insn === 4 && l.halfSlots.includes(0)));
});

test('the library API of the issue on the example: liveRegs, use, def, liveBefore per (instance, frame, insn), stackSlotAlive', (t) => {
  const a = analyzeFile(example);
  if (E.isLeft(a)) return t.fail(a.left.map((d) => d.message).join('; '));
  const main = { callsite: 0, depth: 0 }, callee = { callsite: 6, depth: 1 };
  t.deepEqual(a.right.use(callee, 0, 10).members(), [2, 3]);                   // the callee reads fp-16 of main
  t.deepEqual(a.right.def(main, 0, 3).members(), [4, 5]);                       // main writes fp-24 at 3
  t.deepEqual(a.right.liveBefore(main, 0, 4).members(), a.right.liveBeforeMask(main, 0, 4).members());
  t.true(a.right.liveBefore(main, 0, 4).has(0));                                // fp-8: read after the call
  t.false(a.right.liveBefore(main, 0, 4).has(4));                               // fp-24: never read
  t.true(a.right.liveBefore(callee, 0, 10).has(2));
  t.true(a.right.liveBefore({ callsite: 99, depth: 1 }, 0, 10).isEmpty());      // no such instance
  t.is(a.right.stackSlotAlive([], 4, 0, 0), a.right.liveBefore(main, 0, 4).has(0));
  t.is(a.right.liveRegs(10), 0b10);                                             // r1 before the callee's load
});
