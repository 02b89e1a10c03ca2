import test from 'ava';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { programFacts, programFactTables, printFacts, writeFactsTsv, factsTsv } from '../../src/bpf/facts.js';
import { FACT_SCHEMA } from '../../src/bpf/facts-schema.js';
import { UNKNOWN_BYTES } from '../../src/bpf/helpers-access.js';
import { loadProgramCfg } from './facts-util.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const fixture = path.join(repoRoot, 'test/fixtures/crossframe/xf_callback.o');

function load(program: string) {
  const l = loadProgramCfg(fixture, 'xf_callback.o', program);
  if (typeof l === 'string') throw new Error(l);
  return l;
}

test('golden facts of xf_callback.o xf_loop (bpf_loop callback resolved)', t => {
  const l = load('xf_loop');
  const facts = programFacts(l.prog, l.decoded, l.cfg);
  const text = printFacts(facts);
  const golden = path.join(repoRoot, 'test/golden/bpf/facts/xf_loop.facts.txt');
  if (process.env.UPDATE_GOLDEN || !fs.existsSync(golden)) { fs.mkdirSync(path.dirname(golden), { recursive: true }); fs.writeFileSync(golden, text); }
  t.is(text, fs.readFileSync(golden, 'utf8'));
  // the oracle README: bpf_loop at 12 calls the callback at 19
  t.deepEqual(facts.get('callback_of'), [[12, 19, 3, 2]]);
  t.deepEqual(facts.get('calls_callback'), [[12]]);
  t.true(facts.get('helper_arg_bytes')!.some(([i, a, n]) => i === 12 && a === 2 && n === 0), 'callback ctx: 0 bytes');
});

test('programFactTables({ only }): the relations asked for have every row, the others none', t => {
  const l = load('xf_loop');
  const all = programFacts(l.prog, l.decoded, l.cfg);
  const only = new Set(['insn', 'succ', 'reg_def', 'calls_callback']);
  const some = programFactTables(l.prog, l.decoded, l.cfg, { only });
  for (const [rel, rows] of all) {
    if (only.has(rel)) t.deepEqual(some.get(rel)!.rows(), rows, rel);
    else t.is(some.get(rel)!.length, 0, rel);
  }
  t.true(all.get('const_scalar')!.length > 0 && all.get('postorder')!.length > 0, 'the fixture has rows that were left out');
});

test('every row has the schema arity; TSV writer writes one file per relation', t => {
  const l = load('xf_each');
  const facts = programFacts(l.prog, l.decoded, l.cfg);
  for (const [rel, cols] of Object.entries(FACT_SCHEMA)) for (const row of facts.get(rel)!) t.is(row.length, cols.length, rel);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpfdl-facts-'));
  writeFactsTsv(facts, dir);
  t.deepEqual(fs.readdirSync(dir).sort(), Object.keys(FACT_SCHEMA).map(r => `${r}.facts`).sort());
  t.is(fs.readFileSync(path.join(dir, 'succ.facts'), 'utf8'), factsTsv(facts.get('succ')!));
  t.regex(factsTsv([[1, -2147483648]]), /^1\t-2147483648\n$/);
  t.is(UNKNOWN_BYTES, -2147483648);
  fs.rmSync(dir, { recursive: true });
});

test('reg_use_mask / reg_def_mask pack the reg_use / reg_def rows: one bitmask per instruction with a nonempty set', t => {
  for (const prog of ['xf_loop', 'xf_each']) {
    const l = load(prog);
    const facts = programFacts(l.prog, l.decoded, l.cfg);
    for (const [rows, masks] of [['reg_use', 'reg_use_mask'], ['reg_def', 'reg_def_mask']] as const) {
      const packed = new Map<number, number>();
      for (const [i, r] of facts.get(rows)!) packed.set(i!, (packed.get(i!) ?? 0) | (1 << r!));
      t.deepEqual(facts.get(masks)!, [...packed].sort((a, b) => a[0] - b[0]), `${prog} ${masks}`);
      t.true(packed.size > 0, `${prog} ${masks}: the fixture has rows`);
    }
  }
});

test('rules/prelude.dl declares exactly the schema, each as .input', t => {
  const text = fs.readFileSync(path.join(repoRoot, 'rules/prelude.dl'), 'utf8');
  const decls = new Map<string, string[]>();
  for (const m of text.matchAll(/^\.decl\s+(\w+)\(([^)]*)\)/gm)) decls.set(m[1]!, m[2]!.split(',').map(c => c.split(':')[0]!.trim()));
  const inputs = new Set([...text.matchAll(/^\.input\s+(\w+)/gm)].map(m => m[1]!));
  t.deepEqual([...decls.keys()].sort(), Object.keys(FACT_SCHEMA).sort());
  for (const [rel, cols] of Object.entries(FACT_SCHEMA)) {
    t.deepEqual(decls.get(rel), [...cols], rel);
    t.true(inputs.has(rel), rel);
  }
});
