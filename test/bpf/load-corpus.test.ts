import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { loadObject } from '../../src/bpf/load.js';
import type { ObjectFile } from '../../src/bpf/object.js';
import { compareWithOracle, corpusDir, corpusObjects, haveShared, oracleFixture, oraclePrograms } from './load-oracle.js';

const t0 = haveShared ? test : test.skip;

const loaded = new Map<string, ReturnType<typeof loadObject>>();
function load(rel: string): ReturnType<typeof loadObject> {
  let r = loaded.get(rel);
  if (r === undefined) loaded.set(rel, (r = loadObject(rel, new Uint8Array(fs.readFileSync(path.join(corpusDir, rel))))));
  return r;
}

t0('every corpus object loads; invalid/ objects give diagnostics or warnings, never exceptions', (t) => {
  const objs = corpusObjects();
  t.true(objs.length >= 147);
  const lefts: string[] = [];
  for (const rel of objs) {
    const r = load(rel);
    if (E.isLeft(r)) lefts.push(rel);
  }
  t.log(`${objs.length} objects, ${objs.length - lefts.length} loaded, not loaded: ${lefts.join(', ')}`);
  // The only object the oracle could not even list is invalid/badsymsize.o.
  t.deepEqual(lefts, ['invalid/badsymsize.o']);
  const bad = load('invalid/badsymsize.o');
  t.true(E.isLeft(bad) && bad.left[0]!.message.includes('malformed symbol table') && bad.left[0]!.where?.section === '.symtab');
  const lddw = load('invalid/invalid-lddw.o');
  t.true(E.isRight(lddw) && (lddw.right.warnings ?? []).some((w) => w.message.includes('truncated')));
});

t0('programs, instruction counts, subprogram starts, opcodes, call targets and memory offsets match the kernel oracle for every program', (t) => {
  const rows = oraclePrograms();
  let match = 0;
  const problems: string[] = [];
  const listed = new Map<string, string[]>();
  for (const r of rows) {
    if (r.section === null) continue;
    const res = load(r.object);
    if (E.isLeft(res)) {
      problems.push(`${r.object}: ${res.left.map((d) => d.message).join('; ')}`);
      continue;
    }
    const obj: ObjectFile = res.right;
    listed.set(r.object, [...(listed.get(r.object) ?? []), `${r.section}/${r.program}`]);
    const p = obj.programs.find((q) => q.section === r.section && q.name === r.program);
    if (p === undefined) {
      problems.push(`${r.object} ${r.section}/${r.program}: not found (have ${obj.programs.map((q) => `${q.section}/${q.name}`).join(', ')})`);
      continue;
    }
    const probs = compareWithOracle(p, r, r.fixture ? oracleFixture(r.fixture) : undefined);
    if (probs.length === 0) match++;
    else problems.push(`${r.object} ${r.section}/${r.program}: ${probs.slice(0, 3).join('; ')}`);
  }
  for (const [obj, progs] of listed) {
    const res = load(obj);
    const mine = E.isRight(res) ? res.right.programs.map((p) => `${p.section}/${p.name}`) : [];
    if (JSON.stringify(mine) !== JSON.stringify(progs)) problems.push(`${obj}: programs [${mine.join(', ')}], oracle [${progs.join(', ')}]`);
  }
  const total = rows.filter((r) => r.section !== null).length;
  t.log(`oracle match: ${match}/${total} programs (${((100 * match) / total).toFixed(1)}%)`);
  for (const p of problems.slice(0, 20)) t.log(p);
  t.is(match, total);
  t.deepEqual(problems, []);
});
