/**
 * Front-end benchmark (a script, not a test): for every object of ../shared/corpus, load it
 * (ELF, BTF, maps, layout, relocations), then decode, build the CFG and compute the base facts
 * of every program. Prints the time per stage, the total and the slowest objects.
 * Target: whole corpus in <= 3 s.
 *
 *     npm run bench:frontend
 *     npm run bench:frontend -- --repeat=5     best of 5 runs per object
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { loadObject } from '../src/bpf/load.js';
import { decodeProgram } from '../src/bpf/decode.js';
import { buildCfg } from '../src/bpf/cfg.js';
import { programFacts } from '../src/bpf/facts.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(repo, '../shared/corpus');
const repeat = Number(process.argv.find((a) => a.startsWith('--repeat='))?.split('=')[1] ?? 1);

function objects(dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? objects(dir, r) : e.name.endsWith('.o') ? [r] : [];
  });
}

interface Row { obj: string; programs: number; insns: number; load: number; decode: number; cfg: number; facts: number }

function once(obj: string, bytes: Uint8Array): Row {
  const row: Row = { obj, programs: 0, insns: 0, load: 0, decode: 0, cfg: 0, facts: 0 };
  let t = performance.now();
  const o = loadObject(obj, bytes);
  row.load = performance.now() - t;
  if (E.isLeft(o)) return row;
  for (const p of o.right.programs) {
    row.programs++;
    row.insns += p.bytes.length / 8;
    t = performance.now();
    const d = decodeProgram(p.bytes, { object: p.object, section: p.section, program: p.name });
    row.decode += performance.now() - t;
    if (E.isLeft(d)) continue;
    t = performance.now();
    const c = buildCfg(p, d.right);
    row.cfg += performance.now() - t;
    if (E.isLeft(c)) continue;
    t = performance.now();
    programFacts(p, d.right, c.right);
    row.facts += performance.now() - t;
  }
  return row;
}

const total = (r: Row): number => r.load + r.decode + r.cfg + r.facts;
const rows = objects(corpus).sort().map((obj) => {
  const bytes = new Uint8Array(fs.readFileSync(path.join(corpus, obj)));
  let best: Row | undefined;
  for (let i = 0; i < repeat; i++) {
    const r = once(obj, bytes);
    if (best === undefined || total(r) < total(best)) best = r;
  }
  return best!;
});
const sum = (k: keyof Omit<Row, 'obj'>): number => rows.reduce((a, r) => a + r[k], 0);
const ms = (x: number): string => `${x.toFixed(0)} ms`;
console.log(`corpus: ${rows.length} objects, ${sum('programs')} programs, ${sum('insns')} instructions`);
console.log(`load ${ms(sum('load'))}, decode ${ms(sum('decode'))}, cfg ${ms(sum('cfg'))}, facts ${ms(sum('facts'))}`);
const all = rows.reduce((a, r) => a + total(r), 0);
console.log(`total ${ms(all)} (target <= 3000 ms)${all <= 3000 ? '' : '  ABOVE TARGET'}`);
console.log('slowest objects:');
for (const r of [...rows].sort((a, b) => total(b) - total(a)).slice(0, 5)) {
  console.log(`  ${r.obj}: ${ms(total(r))} (load ${ms(r.load)}, ${r.programs} programs, ${r.insns} insns)`);
}
