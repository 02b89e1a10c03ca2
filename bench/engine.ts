/**
 * Engine benchmarks (a script, not a test): each workload runs through bpfdl and through the
 * hand-written baseline of ../shared/bench in the same run, printing both times, the ratio,
 * the output tuple count (checked equal) and bpfdl's peak RSS.
 *
 *     npm run bench:engine              all workloads (TC G(5000,0.001) needs ~1.5 GB and ~1 min)
 *     npm run bench:engine -- --quick   skip the 24.7 M-tuple transitive closure
 *     npm run bench:engine -- --only=sg run the workloads whose name contains "sg"
 *
 * Each bpfdl measurement runs in a fresh child process (`--child`) so that the peak RSS is the
 * workload's own. Time = inserting the facts (`insertColumns` from int32 columns) +
 * evaluating to the fixpoint, and separately the evaluation alone ("run only"); fact file
 * parsing is excluded, as in the baselines, whose timers also start after loading (the
 * liveness baselines' "solve" also excludes building their arrays and predecessor lists).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { parseSource } from '../src/lang/parse.js';
import { check } from '../src/check/check.js';
import { plan } from '../src/plan/planner.js';
import { Database } from '../src/eval/database.js';
import { builtinLattices, Mask } from '../src/eval/lattices/index.js';
import { builtinFunctors } from '../src/eval/functors.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const shared = path.resolve(repo, '../shared/bench');
const registry = { lattices: builtinLattices, functors: builtinFunctors };

const TC = `.decl e(x:number, y:number)
.decl tc(x:number, y:number)
tc(x, y) :- e(x, y).
tc(x, z) :- e(x, y), tc(y, z).`;
const TC_REV = `.decl e(x:number, y:number)
.decl tc(x:number, y:number)
tc(x, y) :- e(x, y).
tc(x, z) :- tc(y, z), e(x, y).`;
const SG = `.decl e(x:number, y:number)
.decl sg(x:number, y:number)
sg(x, y) :- e(p, x), e(p, y), x != y.
sg(x, y) :- e(a, x), sg(a, b), e(b, y).`;
/**
 * Register / stack liveness with a mask per instruction. The per-instruction use/def masks
 * are input facts built while loading (as the hand-written baselines build theirs before
 * their "solve" timer starts); LIVE_FROM_TUPLES folds the use/def tuples with rules instead.
 */
const LIVE = `.decl succ(p:number, q:number)
.decl usem(p:number, m:<mask>)
.decl defm(p:number, m:<mask>)
.decl live(p:number, m:<mask>)
live(p, m) :- usem(p, m).
live(p, m) :- succ(p, q), live(q, l), defm(p, d), m = @mask_diff(l, d).`;
const LIVE_FROM_TUPLES = `.decl succ(p:number, q:number)
.decl def(p:number, r:number)
.decl use(p:number, r:number)
.decl usem(p:number, m:<mask>)
.decl defm(p:number, m:<mask>)
.decl live(p:number, m:<mask>)
usem(p, m) :- use(p, r), m = @mask_single(r).
defm(p, m) :- def(p, r), m = @mask_single(r).
defm(p, m) :- succ(p, _), m = @mask_empty().
live(p, m) :- usem(p, m).
live(p, m) :- succ(p, q), live(q, l), defm(p, d), m = @mask_diff(l, d).`;

interface Workload {
  readonly name: string;
  readonly gen: readonly string[];
  readonly dataDir: string;
  readonly rules: string;
  readonly out: string;
  readonly baseline: (dir: string) => readonly string[];
  /** Extracts baseline ms and tuple count from its output. */
  readonly parse: (out: string) => { ms: number; tuples: number };
  readonly target: string;
  readonly big?: boolean;
}

const grab = (re: RegExp, o: string): number => Number(re.exec(o)?.[1] ?? NaN);
const tcParse = (o: string): { ms: number; tuples: number } => ({ ms: grab(/time=([\d.]+)/, o), tuples: grab(/tc=(\d+)/, o) });
const liveParse = (o: string): { ms: number; tuples: number } => ({ ms: grab(/solve=([\d.]+)/, o), tuples: grab(/live_tuples=(\d+)/, o) });

const workloads: Workload[] = [
  { name: 'tc-gnp-2000', gen: ['gen.js', 'gnp', '2000', '0.001'], dataDir: 'gnp-2000-0.001', rules: TC, out: 'tc', baseline: () => ['tc_js.js', 'gnp', '2000', '0.001'], parse: tcParse, target: '—' },
  { name: 'tc-gnp-2000-reversed', gen: ['gen.js', 'gnp', '2000', '0.001'], dataDir: 'gnp-2000-0.001', rules: TC_REV, out: 'tc', baseline: () => ['tc_js.js', 'gnp', '2000', '0.001'], parse: tcParse, target: '≤ 2x written order' },
  { name: 'sg-gnp-2000', gen: ['gen.js', 'gnp', '2000', '0.001'], dataDir: 'gnp-2000-0.001', rules: SG, out: 'sg', baseline: () => [], parse: () => ({ ms: NaN, tuples: 2674764 }), target: '≤ 2.1 s' },
  { name: 'live-cfg-1M', gen: ['gen.js', 'cfg', '1000000'], dataDir: 'cfg-1000000', rules: LIVE, out: 'live', baseline: (d) => ['live_js.js', d], parse: liveParse, target: '≤ 1.5x hand JS solve' },
  { name: 'live-cfg-1M-from-tuples', gen: ['gen.js', 'cfg', '1000000'], dataDir: 'cfg-1000000', rules: LIVE_FROM_TUPLES, out: 'live', baseline: (d) => ['live_js.js', d], parse: liveParse, target: '(masks built by rules; baseline = solve only)' },
  { name: 'stack-live-100K', gen: ['gen128.js', '100000'], dataDir: 'stack-100000', rules: LIVE, out: 'live', baseline: (d) => ['live128_js.js', d], parse: liveParse, target: '≤ 1.5x hand JS solve' },
  { name: 'tc-gnp-5000', gen: ['gen.js', 'gnp', '5000', '0.001'], dataDir: 'gnp-5000-0.001', rules: TC, out: 'tc', baseline: () => ['tc_js.js', 'gnp', '5000', '0.001'], parse: tcParse, target: '≤ 11 s, ≤ 1.5 GB', big: true },
  { name: 'tc-gnp-5000-reversed', gen: ['gen.js', 'gnp', '5000', '0.001'], dataDir: 'gnp-5000-0.001', rules: TC_REV, out: 'tc', baseline: () => ['tc_js.js', 'gnp', '5000', '0.001'], parse: tcParse, target: '≤ 2x written order', big: true },
];

function readFacts(file: string): number[][] {
  const text = readFileSync(file, 'utf8');
  const rows: number[][] = [];
  for (const line of text.split('\n')) if (line) rows.push(line.split('\t').map(Number));
  return rows;
}

/** Child mode: evaluate one workload, print JSON {ms, tuples, rssMB, stats}. */
function child(name: string, dir: string): void {
  const w = workloads.find((x) => x.name === name)!;
  const src = parseSource('bench.dl', w.rules);
  if (E.isLeft(src)) throw new Error(JSON.stringify(src.left));
  const c = check({ sources: new Map([['bench.dl', w.rules]]), items: src.right.items }, registry);
  if (E.isLeft(c)) throw new Error(JSON.stringify(c.left.map((d) => d.message)));
  const p = plan(c.right, registry);
  // facts are parsed into int32 columns (untimed, as the baselines' loading is) and handed
  // over with `insertColumns`, so no row arrays exist while the timer runs
  const inputs = new Map<string, { cols: Int32Array[]; values?: unknown[] }>();
  const colsOf = (rows: number[][], arity: number): Int32Array[] =>
    Array.from({ length: arity }, (_, c) => Int32Array.from(rows, (r) => r[c]!));
  for (const rel of ['e', 'succ', 'def', 'use']) {
    const f = path.join(dir, `${rel}.facts`);
    if (existsSync(f) && p.relations.has(rel)) inputs.set(rel, { cols: colsOf(readFacts(f), 2) });
  }
  if (p.relations.has('usem') && !p.relations.has('use')) {
    // load phase: fold use/def tuples into one mask per instruction (untimed, as in the baselines)
    const fold = (rows: number[][], withSucc: boolean): { cols: Int32Array[]; values: unknown[] } => {
      const words = new Map<number, number[]>();
      for (const [i, k] of rows) { let w = words.get(i!); if (!w) words.set(i!, (w = [0, 0, 0, 0])); w[k! >> 5]! |= 1 << (k! & 31); }
      if (withSucc) for (const [i] of readFacts(path.join(dir, 'succ.facts'))) if (!words.has(i!)) words.set(i!, [0, 0, 0, 0]);
      const keys = [...words.keys()];
      return { cols: [Int32Array.from(keys)], values: keys.map((i) => { const w = words.get(i)!; return Mask.make(w[0]!, w[1]!, w[2]!, w[3]!); }) };
    };
    inputs.set('usem', fold(readFacts(path.join(dir, 'use.facts')), false));
    inputs.set('defm', fold(readFacts(path.join(dir, 'def.facts')), true));
  }
  (globalThis as { gc?: () => void }).gc?.();
  const stats = process.argv.includes('--stats');
  const db = new Database(p, stats);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const [rel, x] of inputs) db.insertColumns(rel, x.cols, x.values);
  inputs.clear();
  const tRun = performance.now();
  db.run();
  const ms = performance.now() - t0;
  const runMs = performance.now() - tRun;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const out = db.relation(w.out)!;
  let tuples = out.size;
  if (w.out === 'live') { tuples = 0; for (const r of out.rows()) tuples += (r[1] as { count(): number }).count(); }
  const rssMB = process.resourceUsage().maxRSS / 1024;
  const st = stats ? db.stats() : undefined;
  process.stdout.write(JSON.stringify({ ms, runMs, cpuMs, tuples, rssMB, iterations: st?.iterations, versions: st ? [...st.versions.values()] : undefined }) + '\n');
}

function main(): void {
  const quick = process.argv.includes('--quick');
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  const data = process.env.BENCH_DATA ?? mkdtempSync(path.join(tmpdir(), 'bpfdl-bench-'));
  const rows: string[] = [];
  console.log(`data: ${data}`);
  console.log('| workload | bpfdl insert+run wall (cpu) | bpfdl run only | baseline | ratio (insert+run) | ratio (run only) | tuples (bpfdl / baseline) | peak RSS | target |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  const written = new Map<string, number>();
  for (const w of workloads) {
    if (quick && w.big) continue;
    if (only && !w.name.includes(only)) continue;
    const dir = path.join(data, w.dataDir);
    if (!existsSync(dir)) execFileSync('node', [path.join(shared, w.gen[0]!), ...w.gen.slice(1)], { env: { ...process.env, BENCH_DATA: data }, stdio: 'ignore' });
    const self = fileURLToPath(import.meta.url);
    const res = spawnSync(process.execPath, ['--max-old-space-size=4096', '--expose-gc', '--import=tsx', self, '--child', w.name, dir, ...(process.argv.includes('--stats') ? ['--stats'] : [])], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (res.status !== 0) { console.log(`| ${w.name} | failed: ${res.stderr.slice(0, 300)} |`); continue; }
    const r = JSON.parse(res.stdout.trim().split('\n').pop()!) as { ms: number; runMs: number; cpuMs: number; tuples: number; rssMB: number; iterations?: number[]; versions?: unknown[] };
    const bargs = w.baseline(dir);
    let b: { ms: number; tuples: number };
    if (bargs.length > 0) {
      const bo = spawnSync(process.execPath, ['--max-old-space-size=8192', path.join(shared, bargs[0]!), ...bargs.slice(1)], { encoding: 'utf8' });
      b = w.parse(bo.stdout);
    } else {
      b = w.parse('');
    }
    let ratio = Number.isFinite(b.ms) ? `${(r.ms / b.ms).toFixed(2)}x` : '—';
    const runRatio = Number.isFinite(b.ms) ? `${(r.runMs / b.ms).toFixed(2)}x` : '—';
    if (w.name.endsWith('-reversed')) {
      const base = written.get(w.name.replace('-reversed', ''));
      if (base !== undefined) ratio += ` (${(r.cpuMs / base).toFixed(2)}x written order, CPU)`;
    } else {
      written.set(w.name, r.cpuMs);
    }
    const line = `| ${w.name} | ${(r.ms / 1000).toFixed(2)} s (cpu ${(r.cpuMs / 1000).toFixed(2)} s) | ${(r.runMs / 1000).toFixed(2)} s | ${Number.isFinite(b.ms) ? (b.ms / 1000).toFixed(2) + ' s' : '—'} | ${ratio} | ${runRatio} | ${r.tuples} / ${b.tuples}${r.tuples === b.tuples ? '' : ' MISMATCH'} | ${r.rssMB.toFixed(0)} MB | ${w.target} |`;
    rows.push(line);
    console.log(line);
    if (r.iterations) console.log(JSON.stringify({ iterations: r.iterations, versions: r.versions }));
  }
  if (!process.env.BENCH_DATA) rmSync(data, { recursive: true, force: true });
}

if (process.argv[2] === '--child') child(process.argv[3]!, process.argv[4]!);
else main();
