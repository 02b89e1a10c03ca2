/**
 * End to end through the rule engine: rules that `.include "prelude.dl"` read the facts (as
 * JS rows and as TSV files written by writeFactsTsv) and compute the kernel's register
 * liveness table, which must equal the oracle's for the cross-frame fixture programs.
 */
import test from 'ava';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { compile, factDir } from '../../src/pipeline.js';
import { programFacts, writeFactsTsv } from '../../src/bpf/facts.js';
import { loadProgramCfg } from './facts-util.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = path.join(repoRoot, 'test/fixtures/crossframe');

const RULES = `.include "prelude.dl"
.decl live(I: number, R: number)
live(I, R) :- reg_use(I, R).
live(I, R) :- succ(I, J, _), live(J, R), !reg_def(I, R), insn_subprog(I, _).
.output live
`;

function kernelTable(program: string, object: string): (number | null)[] {
  const file = path.join(dir, 'oracle/liveness', object.replace(/\.o$/, ''), `${program}.json.gz`);
  return (JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString()) as { live_regs: (number | null)[] }).live_regs;
}

test('prelude.dl compiles, and Datalog register liveness over the facts equals the kernel table', t => {
  const prog = compile(RULES, { file: path.join(repoRoot, 'rules/reg_live_test.dl') });
  if (E.isLeft(prog)) return t.fail(JSON.stringify(prog.left.map(d => d.message)));
  for (const [object, program] of [['xf_callback.o', 'xf_loop'], ['xf_static.o', 'xf_deep'], ['xf_global.o', 'xf_global']] as const) {
    const l = loadProgramCfg(path.join(dir, object), object, program);
    if (typeof l === 'string') return t.fail(l);
    const facts = programFacts(l.prog, l.decoded, l.cfg);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bpfdl-dl-'));
    writeFactsTsv(facts, tmp);
    for (const input of [Object.fromEntries(facts), factDir(tmp)]) {
      const db = prog.right.run(input);
      if (E.isLeft(db)) return t.fail(JSON.stringify(db.left.map(d => d.message)));
      const mask = new Array<number>(l.decoded.length).fill(0);
      for (const [i, r] of db.right.relation<[number, number]>('live').rows()) mask[i] |= 1 << r;
      const kernel = kernelTable(program, object);
      const ours = mask.map((m, i) => (l.decoded.insns.has(i) ? m : null));
      t.deepEqual(ours, kernel, `${object} ${program}`);
    }
    fs.rmSync(tmp, { recursive: true });
  }
});
