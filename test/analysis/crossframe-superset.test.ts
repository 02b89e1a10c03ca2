/**
 * The bpfdl analyses (rules/) against the kernel on the cross-frame fixtures: every slot the
 * 6.18 kernel reported live in some call chain (frames 0..4 deep, callbacks, global
 * subprograms) is live in the static result of the matching (callsite, depth) instance
 * (the superset rule of ../shared/oracle/README.md), and the register-liveness table is
 * identical.
 */
import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { inspectFile } from '../../src/bpf/inspect.js';
import { analyze } from '../../src/analysis/analyze.js';
import { supersetMisses, type OracleStackEntry } from '../../src/analysis/oracle-compare.js';
import { Mask } from '../../src/eval/lattices/mask-value.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/crossframe');
const programs = fs.readFileSync(path.join(dir, 'oracle/programs.jsonl'), 'utf8').trim().split('\n')
  .map((l) => JSON.parse(l) as { object: string; program: string; fixture: string });

for (const p of programs) {
  test(`cross-frame ${p.program}: static liveness covers the kernel's, live regs identical`, (t) => {
    const fx = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(dir, 'oracle', p.fixture))).toString()) as
      { stack: OracleStackEntry[]; live_regs: (number | null)[] };
    const ins = inspectFile(path.join(dir, p.object), p.program);
    if (E.isLeft(ins)) return t.fail(ins.left.map((d) => d.message).join('; '));
    const a = analyze(ins.right);
    if (E.isLeft(a)) return t.fail(a.left.map((d) => d.message).join('; '));
    const an = a.right;
    const misses = supersetMisses(fx.stack, (callsite, depth, frame, insn) => {
      const inst = an.instance({ callsite, depth });
      // a frame never recorded, or an insn without an entry, is empty (spec §4)
      return inst === undefined ? undefined : (inst.frames[frame]?.get(insn)?.liveBefore ?? Mask.EMPTY);
    });
    t.true(fx.stack.some((e) => (e.live?.length ?? 0) > 0));
    t.deepEqual(misses, []);
    t.deepEqual([...an.results.regs.liveRegs], fx.live_regs);
  });
}
