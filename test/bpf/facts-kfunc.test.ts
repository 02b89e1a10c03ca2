import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { buildCfg } from '../../src/bpf/cfg.js';
import { programFacts } from '../../src/bpf/facts.js';
import { kfuncParamCounts } from '../../src/bpf/facts-kfunc.js';
import { I, input, prog } from './cfg-build.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('BTF FUNC parameter counts of an object', t => {
  const counts = kfuncParamCounts('xf_callback.o', fs.readFileSync(path.join(repoRoot, 'test/fixtures/crossframe/xf_callback.o')));
  t.is(counts.get('xf_loop'), 1);
  t.is(counts.get('loop_cb'), 2);
  t.is(kfuncParamCounts('junk.o', new Uint8Array([1, 2, 3])).size, 0, 'not an ELF: no summaries, no throw');
});

test('a kfunc call with a known prototype reads r1..rK; unknown kfuncs r1..r5', t => {
  const p = prog(I.kfunc(100), I.kfunc(101), I.exit());
  const cfg = buildCfg(input(), p);
  if (E.isLeft(cfg)) return t.fail();
  const relocs = [{ insn: 0, kind: 'kfunc' as const, symbol: 'bpf_obj_drop_impl' }, { insn: 1, kind: 'kfunc' as const, symbol: 'mystery' }];
  const facts = programFacts({ type: 'tc', maps: [], relocs }, p, cfg.right, { kfuncParams: new Map([['bpf_obj_drop_impl', 2]]) });
  t.deepEqual(facts.get('num_params'), [[0, 2], [1, 5]]);
  t.deepEqual(facts.get('reg_use')!.filter(([i]) => i === 0), [[0, 1], [0, 2]]);
});
