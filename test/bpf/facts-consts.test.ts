/**
 * The constant pass runs only on the subprograms that contain a helper or kfunc call when no
 * `const_*` relation is asked for (facts.ts). Every other relation must come out exactly as
 * when the pass covers every subprogram.
 */
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCfg } from '../../src/bpf/cfg.js';
import { constFold, constScalar } from '../../src/bpf/constfold.js';
import { programFacts, programFactTables } from '../../src/bpf/facts.js';
import { FACT_RELATIONS } from '../../src/bpf/facts-schema.js';
import { I, input, prog } from './cfg-build.js';
import { loadProgramCfg, type Loaded } from './facts-util.js';
import * as E from 'fp-ts/lib/Either.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const noConsts = new Set(FACT_RELATIONS.filter((r) => !r.startsWith('const_')));

/** Relations (other than const_*) that differ between the full pass and the skipping one. */
function differences(l: Loaded): string[] {
  const all = programFacts(l.prog, l.decoded, l.cfg);
  const some = programFactTables(l.prog, l.decoded, l.cfg, { only: noConsts });
  return [...noConsts].filter((rel) => JSON.stringify(some.get(rel)!.rows()) !== JSON.stringify(all.get(rel)));
}

function programsOf(oracleDir: string, corpusDir: string): Loaded[] {
  const rows = fs.readFileSync(path.join(oracleDir, 'programs.jsonl'), 'utf8').trim().split('\n')
    .map((l) => JSON.parse(l) as { object: string; section: string; program: string; fixture: string | null });
  const out: Loaded[] = [];
  for (const r of rows) {
    if (!r.fixture) continue;
    const l = loadProgramCfg(path.join(corpusDir, r.object), r.object, r.program, r.section);
    if (typeof l !== 'string') out.push(l);
  }
  return out;
}

test('a subprogram without helper or kfunc calls gets no constants; the call-site facts are unchanged', (t) => {
  // subprog 0 (insns 0..4) calls helper 1 with r2 = 8 and the static subprog at 5;
  // subprog 1 (insns 5..7) only computes
  const p = prog(I.movImm(2, 8), I.call(1), I.callPseudo(2), I.movImm(0, 0), I.exit(), I.movImm(3, 7), I.movImm(0, 1), I.exit());
  const cfg = buildCfg(input([0, 5]), p);
  if (E.isLeft(cfg)) return t.fail(cfg.left[0]!.message);
  const full = constFold(cfg.right, []);
  const some = constFold(cfg.right, [], { subprogs: new Set([0]) });
  t.is(constScalar(full, 1, 2), 8);
  t.is(constScalar(some, 1, 2), 8);
  t.is(constScalar(full, 6, 3), 7);
  t.is(constScalar(some, 6, 3), undefined, 'subprog 1 was skipped');
  t.is(some.before[5], undefined);
});

const shared = path.resolve(repoRoot, '../shared');
(fs.existsSync(path.join(shared, 'oracle/programs.jsonl')) ? test : test.skip)('every non-const relation is unchanged by the skipping (shared corpus)', (t) => {
  const progs = programsOf(path.join(shared, 'oracle'), path.join(shared, 'corpus'));
  t.true(progs.length >= 330);
  t.deepEqual(progs.flatMap((l) => differences(l).map((rel) => `${l.prog.object} ${l.prog.name}: ${rel}`)), []);
});

test('every non-const relation is unchanged by the skipping (cross-frame fixtures)', (t) => {
  const dir = path.join(repoRoot, 'test/fixtures/crossframe');
  const progs = programsOf(path.join(dir, 'oracle'), dir);
  t.true(progs.length >= 7);
  // the fixtures have static subprograms without helper calls: the skipping is exercised
  t.true(progs.some((l) => l.cfg.subprogs.length > 1));
  t.deepEqual(progs.flatMap((l) => differences(l).map((rel) => `${l.prog.object} ${l.prog.name}: ${rel}`)), []);
});
