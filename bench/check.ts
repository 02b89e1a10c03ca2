/**
 * Checker benchmark (a script, not a test): time of `check` (Ast → CheckedProgram, parsing
 * excluded) on generated programs of growing size, and on the analysis rules when present.
 *
 *     npx tsx bench/check.ts            sizes 100, 1000, 5000 rules
 *
 * Generated program with n rules: n/10 chains of ten relations p_i_j(x, y), each rule
 * `p_i_j(x, z) :- p_i_{j-1}(x, y), p_i_j(y, z), y < z ; ...` (recursive, with a disjunction),
 * plus a negation of the previous chain, so every pass (types, safety, DNF, SCCs) has work.
 */
import * as E from 'fp-ts/lib/Either.js';
import { check } from '../src/check/check.js';
import { builtinFunctors } from '../src/eval/functors.js';
import { builtinLattices } from '../src/eval/lattices/index.js';
import { parseSource } from '../src/lang/parse.js';

const registry = { lattices: builtinLattices, functors: builtinFunctors };

function program(n: number): string {
  const lines: string[] = ['.decl base(x: number, y: number)', '.input base'];
  const chains = Math.max(1, Math.floor(n / 10));
  for (let i = 0; i < chains; i++)
    for (let j = 0; j < 10; j++) {
      const name = `p_${i}_${j}`;
      const prev = j === 0 ? 'base' : `p_${i}_${j - 1}`;
      const neg = i > 0 ? `, !p_${i - 1}_${j}(x, z)` : '';
      lines.push(`.decl ${name}(x: number, y: number)`);
      lines.push(`${name}(x, z) :- ${prev}(x, y), ${name}(y, z), y < z ; ${prev}(x, z), x != z${neg}.`);
    }
  return lines.join('\n') + '\n';
}

for (const n of [100, 1000, 5000]) {
  const text = program(n);
  const src = parseSource('gen.dl', text);
  if (E.isLeft(src)) throw new Error('generated program does not parse');
  const input = { sources: new Map([['gen.dl', text]]), items: src.right.items };
  check(input, registry); // warm-up
  const runs = 5;
  const t0 = performance.now();
  let strata = 0;
  for (let k = 0; k < runs; k++) {
    const r = check(input, registry);
    if (E.isLeft(r)) throw new Error(r.left[0]!.message);
    strata = r.right.strata.length;
  }
  const ms = (performance.now() - t0) / runs;
  console.log(`check: ${n} rules (${text.length} chars, ${strata} strata): ${ms.toFixed(1)} ms`);
}
