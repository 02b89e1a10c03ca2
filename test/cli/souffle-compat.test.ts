/**
 * Soufflé programs run unchanged: the benchmark programs of ../shared/bench (tc.dl, sg.dl,
 * live.dl, written for Soufflé) over facts from its generator, through `bpfdl run`, compared
 * with a direct JS computation of the same relations (`.printsize` lines). Skipped when
 * ../shared is absent.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/cli.js';
import { memIo } from './io.js';

const bench = path.resolve('../shared/bench');
const have = fs.existsSync(path.join(bench, 'gen.js'));
const maybe = have ? test : test.skip;

function gen(...args: string[]): string {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'bpfdl-souffle-'));
  execFileSync('node', [path.join(bench, 'gen.js'), ...args], { env: { ...process.env, BENCH_DATA: data }, stdio: 'ignore' });
  return path.join(data, fs.readdirSync(data)[0]!);
}

function readPairs(file: string): [number, number][] {
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t').map(Number) as [number, number]);
}

async function printsize(dl: string, dir: string): Promise<string> {
  const io = memIo();
  const code = await runCli(['run', path.join(bench, dl), '-F', dir, '-D', '-'], io);
  if (code !== 0) throw new Error(io.errText());
  return io.outText();
}

function closure(e: readonly [number, number][]): number {
  const succ = new Map<number, number[]>();
  for (const [x, y] of e) succ.set(x, [...(succ.get(x) ?? []), y]);
  let n = 0;
  for (const x of new Set(e.map((p) => p[0]))) {
    const seen = new Set<number>();
    const stack = [...(succ.get(x) ?? [])];
    while (stack.length) {
      const y = stack.pop()!;
      if (seen.has(y)) continue;
      seen.add(y);
      stack.push(...(succ.get(y) ?? []));
    }
    n += seen.size;
  }
  return n;
}

maybe('tc.dl on a chain and on G(n, p)', async (t) => {
  t.is(await printsize('tc.dl', gen('chain', '40')), `tc\t${(40 * 39) / 2}\n`);
  const g = gen('gnp', '100', '0.015');
  t.is(await printsize('tc.dl', g), `tc\t${closure(readPairs(path.join(g, 'e.facts')))}\n`);
});

maybe('sg.dl on G(n, p)', async (t) => {
  const g = gen('gnp', '80', '0.03');
  const e = readPairs(path.join(g, 'e.facts'));
  const sg = new Set<string>();
  for (const [p, x] of e) for (const [q, y] of e) if (p === q && x !== y) sg.add(`${x},${y}`);
  const out = new Map<number, number[]>();
  for (const [p, x] of e) out.set(p, [...(out.get(p) ?? []), x]);
  const work = [...sg];
  while (work.length) {
    const [a, b] = work.pop()!.split(',').map(Number) as [number, number];
    for (const x of out.get(a) ?? [])
      for (const y of out.get(b) ?? []) {
        const k = `${x},${y}`;
        if (!sg.has(k)) (sg.add(k), work.push(k));
      }
  }
  t.is(await printsize('sg.dl', g), `sg\t${sg.size}\n`);
});

maybe('live.dl (relational register liveness) on a generated CFG', async (t) => {
  const g = gen('cfg', '400');
  const succ = readPairs(path.join(g, 'succ.facts'));
  const def = new Set(readPairs(path.join(g, 'def.facts')).map(([p, r]) => `${p},${r}`));
  const live = new Set(readPairs(path.join(g, 'use.facts')).map(([p, r]) => `${p},${r}`));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [p, q] of succ)
      for (let r = 0; r < 11; r++)
        if (live.has(`${q},${r}`) && !def.has(`${p},${r}`) && !live.has(`${p},${r}`)) (live.add(`${p},${r}`), (changed = true));
  }
  t.is(await printsize('live.dl', g), `live\t${live.size}\n`);
});
