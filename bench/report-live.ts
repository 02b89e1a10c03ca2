/**
 * `npm run report:live`: bpfdl's liveness against the kernel oracle, as a table per folder.
 *
 *   regs exact   programs whose `liveRegs` equal the kernel's `Live regs before insn` table
 *   6.18 misses  kernel-live 8-byte slots that bpfdl (granularity 8) does not keep (target 0)
 *   explained    such slots explained by writes 6.18 never recorded (oracle README, case 2)
 *   4B dead      kernel-live slots bpfdl's default 4-byte analysis proves dead (finer kills)
 *   ratio        bpfdl live slots / kernel live slots at the kernel's keys (4-byte mode; goal ≤ 1.10)
 *
 * Sources: ../shared/corpus with ../shared/oracle, and test/fixtures/crossframe (own programs
 * with bpf-to-bpf stack pointers, recorded with the same tool). `--verbose` lists misses.
 */
import * as path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { analyze } from '../src/analysis/analyze.js';
import { inspectFile } from '../src/bpf/inspect.js';
import { compareStack, liveRegsMismatches, oraclePrograms, readFixture, repoRoot, sharedDir } from '../test/support/oracle.js';

interface Row { programs: number; regsExact: number; miss8: number; expl8: number; dead4: number; ours4: number; kernel: number; failed: number }

const verbose = process.argv.includes('--verbose');
const sources = [
  { oracle: path.join(sharedDir, 'oracle'), objects: path.join(sharedDir, 'corpus') },
  { oracle: path.join(repoRoot, 'test/fixtures/crossframe/oracle'), objects: path.join(repoRoot, 'test/fixtures/crossframe') },
];
const table = new Map<string, Row>();
for (const src of sources) {
  for (const p of oraclePrograms(src.oracle)) {
    if (!p.fixture || p.program === null) continue;
    const folder = src.objects.includes('crossframe') ? 'crossframe (own)' : p.object.split('/')[0]!;
    const row = table.get(folder) ?? { programs: 0, regsExact: 0, miss8: 0, expl8: 0, dead4: 0, ours4: 0, kernel: 0, failed: 0 };
    table.set(folder, row);
    row.programs++;
    const fx = readFixture(src.oracle, p.fixture);
    const ins = inspectFile(path.join(src.objects, p.object), p.program);
    const a8 = E.isRight(ins) ? analyze(ins.right, { granularity: 8 }) : ins;
    const a4 = E.isRight(ins) ? analyze(ins.right, { granularity: 4 }) : ins;
    if (E.isLeft(a8) || E.isLeft(a4)) {
      row.failed++;
      if (verbose) console.log(`FAILED ${p.object} ${p.program}: ${(E.isLeft(a8) ? a8.left : E.isLeft(a4) ? a4.left : [])[0]?.message}`);
      continue;
    }
    if (liveRegsMismatches(a4.right, fx).length === 0) row.regsExact++;
    else if (verbose) console.log(`regs differ: ${p.object} ${p.program} at ${liveRegsMismatches(a4.right, fx).slice(0, 10).join(',')}`);
    const c8 = compareStack(a8.right, fx);
    const c4 = compareStack(a4.right, fx);
    row.miss8 += c8.misses.length;
    row.expl8 += c8.explained.length;
    row.dead4 += c4.misses.length;
    row.ours4 += c4.ourSlots;
    row.kernel += c4.kernelSlots;
    if (verbose) for (const m of c8.misses.slice(0, 20)) console.log(`6.18 miss: ${p.object} ${p.program} chain ${m.callchain} frame ${m.frame} insn ${m.insn} slot ${m.slot}`);
  }
}
const pad = (s: string | number, n: number): string => String(s).padStart(n);
console.log(`${'folder'.padEnd(18)} ${pad('progs', 6)} ${pad('regs exact', 11)} ${pad('6.18 misses', 12)} ${pad('explained', 10)} ${pad('4B dead', 8)} ${pad('kernel slots', 13)} ${pad('bpfdl slots', 12)} ${pad('ratio', 6)} ${pad('failed', 7)}`);
const total: Row = { programs: 0, regsExact: 0, miss8: 0, expl8: 0, dead4: 0, ours4: 0, kernel: 0, failed: 0 };
for (const [folder, r] of [...table].sort()) {
  for (const k of Object.keys(total) as (keyof Row)[]) total[k] += r[k];
  console.log(`${folder.padEnd(18)} ${pad(r.programs, 6)} ${pad(r.regsExact, 11)} ${pad(r.miss8, 12)} ${pad(r.expl8, 10)} ${pad(r.dead4, 8)} ${pad(r.kernel, 13)} ${pad(r.ours4, 12)} ${pad(r.kernel ? (r.ours4 / r.kernel).toFixed(3) : '-', 6)} ${pad(r.failed, 7)}`);
}
const t = total;
console.log(`${'total'.padEnd(18)} ${pad(t.programs, 6)} ${pad(t.regsExact, 11)} ${pad(t.miss8, 12)} ${pad(t.expl8, 10)} ${pad(t.dead4, 8)} ${pad(t.kernel, 13)} ${pad(t.ours4, 12)} ${pad(t.kernel ? (t.ours4 / t.kernel).toFixed(3) : '-', 6)} ${pad(t.failed, 7)}`);
