/**
 * Sanity of the committed cross-frame oracle fixtures (test/fixtures/crossframe): every
 * program was accepted, and the kernel recorded liveness in callee chains, including frames
 * above 0 and a depth-4 chain.
 */
import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/crossframe');

interface StackEntry { callchain: number[]; frame: number; insn: number; live?: number[]; written?: number[] }
interface Fixture { program: string; verdict: string; subprog_starts: number[]; stack: StackEntry[] }

const programs = fs.readFileSync(path.join(dir, 'oracle/programs.jsonl'), 'utf8').trim().split('\n')
  .map((l) => JSON.parse(l) as { program: string; verdict: string; fixture: string });
const load = (p: string): Fixture => JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(dir, 'oracle', p))).toString()) as Fixture;

test('all cross-frame programs are accepted and have fixtures and logs', (t) => {
  t.deepEqual(programs.map((p) => p.program).sort(),
    ['xf_deep', 'xf_each', 'xf_global', 'xf_loop', 'xf_mixed', 'xf_read_write', 'xf_spill']);
  for (const p of programs) {
    t.is(p.verdict, 'accepted', p.program);
    t.true(fs.existsSync(path.join(dir, 'oracle', p.fixture)), p.fixture);
    const obj = path.basename(path.dirname(p.fixture));
    t.true(fs.existsSync(path.join(dir, 'oracle/logs', obj, `${p.program}.log.gz`)), p.program);
  }
});

test('callee chains touch caller frames (frame 0 in chains of length > 1, frames > 0, depth 4)', (t) => {
  const all = programs.flatMap((p) => load(p.fixture).stack.map((e) => ({ ...e, program: p.program })));
  t.true(all.some((e) => e.callchain.length > 1 && e.frame === 0 && (e.live?.length ?? 0) > 0));
  t.true(all.some((e) => e.frame > 0));
  t.true(all.some((e) => e.program === 'xf_deep' && e.callchain.length === 5 && e.frame === 0));
  t.true(all.some((e) => e.program === 'xf_loop' && e.callchain.length === 3 && e.frame === 0));
});
