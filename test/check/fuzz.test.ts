/**
 * Robustness of the checker: random small programs with random mistakes are parsed, and every
 * parsed one is checked. `check` must never throw; when it accepts a program, the strata must
 * partition the declared relations in dependency order and every clause variable must be typed.
 */
import test from 'ava';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { check } from '../../src/check/check.js';
import { clauseEdges } from '../../src/check/stratify.js';
import { parseSource } from '../../src/lang/parse.js';
import { arbSource } from '../lang/arbitrary.js';
import { testRegistry } from './registry.js';

const rels = ['a', 'b', 'c', 'live', 'nosuch'];
const vars = ['X', 'Y', 'Z', 'M', '_'];
const types = ['number', 'symbol', 'unsigned', 'Node', 'P', 'Missing'];

const term: fc.Memo<string> = fc.memo((d) =>
  d <= 1
    ? fc.oneof(fc.constantFrom(...vars), fc.constantFrom('1', '2u', '"s"', 'nil', '0x10'))
    : fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...vars) },
        fc.tuple(term(d - 1), fc.constantFrom('+', '*', 'band', '-'), term(d - 1)).map(([l, o, r]) => `(${l} ${o} ${r})`),
        fc.tuple(term(d - 1), term(d - 1)).map(([l, r]) => `[${l}, ${r}]`),
        fc
          .tuple(fc.constantFrom('@mask_union', '@mask_single', '@succ', '@nope', 'strlen', 'cat', 'max', '@mask_members'), fc.array(term(d - 1), { maxLength: 3 }))
          .map(([f, as]) => `${f}(${as.join(', ')})`),
        fc
          .tuple(fc.constantFrom('count', 'sum X', 'min Y', 'join M', 'mean X'), fc.constantFrom(...rels), fc.array(term(d - 1), { maxLength: 3 }))
          .map(([f, r, as]) => `${f} : { ${r}(${as.join(', ')}) }`),
      ),
);

const atom = fc.tuple(fc.constantFrom(...rels), fc.array(term(2), { maxLength: 3 })).map(([r, as]) => `${r}(${as.join(', ')})`);
const literal: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: atom },
  atom.map((a) => `!${a}`),
  fc.tuple(term(2), fc.constantFrom('=', '!=', '<', '>='), term(2)).map(([l, o, r]) => `${l} ${o} ${r}`),
  fc.tuple(fc.constantFrom('X', 'Y', 'K'), fc.constantFrom('@mask_members(M)', '@upto(X)', '@succ(1)')).map(([v, g]) => `${v} in ${g}`),
  fc.tuple(atom, atom).map(([l, r]) => `(${l} ; ${r})`),
  fc.constantFrom('true', 'false'),
);
const decl = fc
  .tuple(fc.constantFrom(...rels), fc.array(fc.constantFrom(...types), { maxLength: 3 }), fc.constantFrom('', 'mask', 'max', 'nosuch'))
  .map(([r, ts, lat]) => `.decl ${r}(${[...ts.map((t, i) => `c${i}: ${t}`), ...(lat ? [`l: <${lat}>`] : [])].join(', ')})`);
const item = fc.oneof(
  decl,
  fc.tuple(fc.array(atom, { minLength: 1, maxLength: 2 }), fc.array(literal, { minLength: 1, maxLength: 4 })).map(([hs, b]) => `${hs.join(', ')} :- ${b.join(', ')}.`),
  atom.map((a) => `${a}.`),
  fc.array(literal, { minLength: 1, maxLength: 3 }).map((b) => `?- ${b.join(', ')}.`),
  fc.constantFrom('.input a', '.output b', '.printsize zz', '.type Node <: number', '.type P = [x: number, y: P]', '.type Loop = Loop', '.functor succ(x: number): number', '.functor gone(x: symbol): number'),
);
const program = fc.array(item, { minLength: 1, maxLength: 10 }).map((is) => is.join('\n') + '\n');

test('check never throws on parsed random programs; accepted programs are well stratified', (t) => {
  let parsed = 0;
  let accepted = 0;
  fc.assert(
    fc.property(program, (text) => {
      const src = parseSource('f.dl', text);
      if (E.isLeft(src)) return true;
      parsed++;
      const r = check({ sources: new Map([['f.dl', text]]), items: src.right.items }, testRegistry);
      if (E.isLeft(r)) return r.left.length > 0 && r.left.some((d) => d.severity === 'error');
      accepted++;
      const p = r.right;
      const stratumOf = new Map<string, number>();
      for (const s of p.strata) for (const rel of s.relations) {
        if (stratumOf.has(rel)) return false;
        stratumOf.set(rel, s.index);
      }
      if (stratumOf.size !== p.relations.size) return false;
      for (const s of p.strata)
        for (const c of s.clauses) {
          if (stratumOf.get(c.head.rel) !== s.index) return false;
          for (const e of clauseEdges(c)) {
            const from = stratumOf.get(e.from)!;
            if (from > s.index || (e.kind !== 'pos' && from === s.index)) return false;
          }
        }
      return true;
    }),
    { numRuns: 1500 },
  );
  t.true(parsed > 200, `only ${parsed} random programs parsed`);
  t.log(`parsed ${parsed}, accepted ${accepted}`);
});

/** Random well-typed, safe programs over p0..p4 (all binary): only stratification can fail. */
const relIdx = fc.integer({ min: 0, max: 4 });
const safeRule = fc
  .tuple(relIdx, relIdx, fc.option(relIdx, { nil: undefined }), fc.option(relIdx, { nil: undefined }))
  .map(([h, b1, b2, n]) => ({ h, pos: b2 === undefined ? [b1] : [b1, b2], neg: n }));

test('stratification: rejected exactly when a negation lies on a cycle (brute force)', (t) => {
  let rejected = 0;
  fc.assert(
    fc.property(fc.array(safeRule, { minLength: 1, maxLength: 8 }), (rules) => {
      const lines = [0, 1, 2, 3, 4].map((i) => `.decl p${i}(x: number, y: number)`);
      for (const r of rules) {
        const body = [`p${r.pos[0]}(X, Y)`];
        if (r.pos[1] !== undefined) body.push(`p${r.pos[1]}(Y, Z)`);
        if (r.neg !== undefined) body.push(`!p${r.neg}(X, Y)`);
        lines.push(`p${r.h}(X, Y) :- ${body.join(', ')}${r.pos[1] !== undefined ? ', Z = Z' : ''}.`);
      }
      const text = lines.join('\n');
      const src = parseSource('g.dl', text);
      if (E.isLeft(src)) return false;
      const res = check({ sources: new Map([['g.dl', text]]), items: src.right.items }, testRegistry);
      // Brute force: edge body -> head; bad iff some negative edge n -> h with h reaching n.
      const reach = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => i === j));
      for (const r of rules) for (const b of [...r.pos, ...(r.neg !== undefined ? [r.neg] : [])]) reach[b]![r.h] = true;
      for (let k = 0; k < 5; k++) for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) if (reach[i]![k] && reach[k]![j]) reach[i]![j] = true;
      const bad = rules.some((r) => r.neg !== undefined && reach[r.h]![r.neg]);
      if (E.isLeft(res)) {
        rejected++;
        return bad && res.left.filter((d) => d.severity === 'error').every((d) => d.code === 'E501');
      }
      return !bad;
    }),
    { numRuns: 500 },
  );
  t.true(rejected > 10);
});

test('check never throws on arbitrary ASTs (lang arbitrary, any shape the AST allows)', (t) => {
  fc.assert(
    fc.property(arbSource, (src) => {
      const r = check({ sources: new Map(), items: src.items }, testRegistry);
      return E.isLeft(r) ? r.left.length > 0 : r.right.strata.flatMap((s) => s.relations).length === r.right.relations.size;
    }),
    { numRuns: 2000 },
  );
  t.pass();
});

test('the diagnostics (codes) do not depend on the order of items', (t) => {
  fc.assert(
    fc.property(program, fc.integer(), (text, seed) => {
      const src = parseSource('f.dl', text);
      if (E.isLeft(src)) return true;
      const items = [...src.right.items];
      // Deterministic shuffle from the seed.
      let s = seed >>> 0;
      for (let i = items.length - 1; i > 0; i--) {
        s = (s * 1103515245 + 12345) >>> 0;
        const j = s % (i + 1);
        [items[i], items[j]] = [items[j]!, items[i]!];
      }
      const codes = (its: typeof items): string[] => {
        const r = check({ sources: new Map(), items: its }, testRegistry);
        return (E.isLeft(r) ? r.left : (r.right.warnings ?? [])).map((d) => d.code).sort();
      };
      const a = codes(src.right.items as typeof items);
      // With duplicate declarations the first one wins: that is order-dependent by design.
      if (a.some((c) => c === 'E101' || c === 'E103' || c === 'E112')) return true;
      const b = codes(items);
      if (a.join() !== b.join()) t.log(text, a, b);
      return a.join() === b.join();
    }),
    { numRuns: 600 },
  );
  t.pass();
});
