import * as E from 'fp-ts/lib/Either.js';
import { analyze } from './dist/src/analysis/analyze.js';
import { inspectFile } from './dist/src/bpf/inspect.js';
import { analysisRules } from './dist/src/analysis/rules.js';
const [file, prog, nStr] = process.argv.slice(2);
analysisRules();
const ins = inspectFile(file, prog);
if (E.isLeft(ins)) throw new Error('inspect');
const n = Number(nStr ?? 30);
const ts = [];
for (let i = 0; i < n; i++) { const s = performance.now(); const a = analyze(ins.right, { stats: process.env.STATS === '1' }); ts.push(performance.now() - s); if (i === n - 1 && process.env.STATS === '1') { const { printStats } = await import('./dist/src/eval/stats.js'); console.log(printStats(a.right.db.stats())); } }
ts.sort((a, b) => a - b);
console.log(`median ${ts[n >> 1].toFixed(1)} ms, min ${ts[0].toFixed(1)} ms`);
