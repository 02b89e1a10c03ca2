/**
 * Parser benchmark (a script, not a test): time of `parseSource` (text → AST, Ohm match plus
 * semantic actions) on real rule files and on a generated file of a few hundred lines.
 *
 *     npx tsx bench/parse.ts
 *
 * Prints, per input: lines, characters, best-of-10 wall time and process CPU time in ms, and
 * throughput. The first parse of a process also compiles the grammar (printed separately).
 */
import * as E from 'fp-ts/lib/Either.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSource } from '../src/lang/parse.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function generated(lines: number): string {
  const out = ['// generated: declarations, facts, rules with arithmetic, negation, aggregates'];
  for (let i = 0; out.length < lines; i++) {
    out.push(`.decl r${i}(x: number, y: number, m: <mask>)`);
    out.push(`r${i}(x, y + 1, @mask_union(m, @mask_single(y))) :- r${i}(x, y, m), e(y, z), !d${i}(z), y < 128 * z - 1.`);
    out.push(`c${i}(n) :- n = count : { r${i}(_, _, _) }. // a comment`);
    out.push(`r${i}(0, 0, @mask_empty()).`);
  }
  return out.join('\n') + '\n';
}

const inputs: [string, string][] = [];
const rulesDir = join(root, 'rules');
if (existsSync(rulesDir))
  for (const f of readdirSync(rulesDir).filter((f) => f.endsWith('.dl')).sort()) inputs.push([`rules/${f}`, readFileSync(join(rulesDir, f), 'utf8')]);
inputs.push(['generated 300 lines', generated(300)]);

const t0 = performance.now();
parseSource('warmup.dl', 'a(1).');
console.log(`grammar compile + first parse: ${(performance.now() - t0).toFixed(1)} ms`);

for (const [name, text] of inputs) {
  if (E.isLeft(parseSource(name, text))) console.log(`${name}: does not parse (timing the error path)`);
  let wall = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < 10; i++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    parseSource(name, text);
    wall = Math.min(wall, performance.now() - w0);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1000);
  }
  const lines = text.split('\n').length;
  console.log(`${name.padEnd(28)} ${String(lines).padStart(5)} lines ${String(text.length).padStart(7)} chars  wall ${wall.toFixed(1).padStart(6)} ms  cpu ${cpu.toFixed(1).padStart(6)} ms  ${(text.length / wall).toFixed(0)} chars/ms`);
}
