/**
 * Validates helper argument counts against the kernel oracle: at a helper call, the kernel's
 * "live regs before insn" row contains exactly r1..rN among r1..r5 (the call defines r0..r5, so
 * nothing else of r1..r5 can be live before it), where N = the prototype's argument count for
 * the program type, or 5 when the kernel refused the helper.
 */
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { helperNameOf, helperNumParams } from '../../src/bpf/helpers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const oracle = path.resolve(repoRoot, '../shared/oracle');
const has = fs.existsSync(path.join(oracle, 'programs.jsonl'));

interface Fixture { prog_type: string; live_regs: (number | null)[] | null; insn_text: (string | null)[] }

(has ? test : test.skip)('helper argument counts match the oracle live_regs at every helper call', t => {
  const rows = fs.readFileSync(path.join(oracle, 'programs.jsonl'), 'utf8').trim().split('\n').map(l => JSON.parse(l) as { fixture: string | null });
  let calls = 0;
  const mismatches: string[] = [];
  const helpers = new Set<number>();
  for (const r of rows) {
    if (!r.fixture) continue;
    const f = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(oracle, r.fixture))).toString()) as Fixture;
    if (!f.live_regs) continue;
    f.insn_text.forEach((text, i) => {
      const m = text && /\(85\) call ([A-Za-z0-9_]+)#(\d+)/.exec(text);
      if (!m) return;
      const id = Number(m[2]);
      if (helperNameOf(id) !== m[1]) mismatches.push(`${r.fixture} insn ${i}: kernel name ${m[1]}#${id}, ours ${helperNameOf(id)}`);
      const mask = f.live_regs![i] ?? 0;
      let expected = 0;
      for (let k = 1; k <= 5; k++) if (mask & (1 << k)) expected = k;
      calls++;
      helpers.add(id);
      const got = helperNumParams(id, f.prog_type);
      if (got !== expected) mismatches.push(`${r.fixture} insn ${i} ${text} (${f.prog_type}): kernel ${expected}, ours ${got}`);
    });
  }
  t.log(`${calls} helper calls, ${helpers.size} distinct helpers, ${mismatches.length} mismatches`);
  t.true(calls > 1000);
  t.deepEqual(mismatches, []);
});
