/**
 * Differential test against the kernel: the "Live regs before insn" table computed from our
 * facts (succ, postorder, reg_use, reg_def — which include the helper prototypes and the CFG)
 * must equal the kernel's table exactly, for every verified program of the shared corpus and
 * of the cross-frame fixtures; the loop ids (scc facts) and subprogram starts must match too.
 */
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { programFacts } from '../../src/bpf/facts.js';
import { liveFromFacts, loadProgramCfg } from './facts-util.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Row { object: string; section: string; program: string; fixture: string | null }
interface Fixture { live_regs: (number | null)[] | null; scc: (number | null)[] | null; subprog_starts: number[] }

function check(t: import('ava').ExecutionContext, oracleDir: string, corpusDir: string) {
  const rows = fs.readFileSync(path.join(oracleDir, 'programs.jsonl'), 'utf8').trim().split('\n').map(l => JSON.parse(l) as Row);
  let programs = 0, insns = 0;
  const problems: string[] = [];
  for (const r of rows) {
    if (!r.fixture) continue;
    const f = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(oracleDir, r.fixture))).toString()) as Fixture;
    if (!f.live_regs) continue;
    const l = loadProgramCfg(path.join(corpusDir, r.object), r.object, r.program, r.section);
    if (typeof l === 'string') { problems.push(`${r.object} ${r.program}: ${l}`); continue; }
    programs++;
    const facts = programFacts(l.prog, l.decoded, l.cfg);
    const live = liveFromFacts(l.decoded.length, facts);
    const scc = new Map(facts.get('scc')!.map(([i, id]) => [i!, id!] as const));
    let bad = 0;
    for (let i = 0; i < l.decoded.length; i++) {
      if (!l.decoded.insns.has(i)) continue;
      insns++;
      if ((f.live_regs[i] ?? 0) !== live[i] || (f.scc?.[i] ?? 0) !== (scc.get(i) ?? 0)) bad++;
    }
    if (bad) problems.push(`${r.object} ${r.program}: ${bad} insns differ`);
    const starts = facts.get('subprog')!.map(s => s[1]);
    if (JSON.stringify(starts) !== JSON.stringify(f.subprog_starts)) problems.push(`${r.object} ${r.program}: subprogs ${starts} vs ${f.subprog_starts}`);
  }
  t.log(`${programs} programs, ${insns} instructions, ${problems.length} problems`);
  return { programs, problems };
}

const shared = path.resolve(repoRoot, '../shared');
(fs.existsSync(path.join(shared, 'oracle/programs.jsonl')) ? test : test.skip)('live regs from facts = kernel table (shared corpus)', t => {
  const { programs, problems } = check(t, path.join(shared, 'oracle'), path.join(shared, 'corpus'));
  t.true(programs >= 330);
  t.deepEqual(problems, []);
});

test('live regs from facts = kernel table (cross-frame fixtures)', t => {
  const dir = path.join(repoRoot, 'test/fixtures/crossframe');
  const { programs, problems } = check(t, path.join(dir, 'oracle'), dir);
  t.true(programs >= 7);
  t.deepEqual(problems, []);
});
