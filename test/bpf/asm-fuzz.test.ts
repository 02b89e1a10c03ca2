/**
 * Fuzz: mutated `.s` texts (from the fixtures and generated listings) give either a program
 * that decodes, or diagnostics with spans inside the text; the assembler never throws.
 */
import test from 'ava';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { assemble } from '../../src/bpf/asm/assemble.js';
import { assembleLine } from '../../src/bpf/asm/line.js';
import { decodeProgram } from '../../src/bpf/decode.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = path.join(repoRoot, 'test/fixtures/asm');
const seeds = fs.readdirSync(dir).filter((f) => f.endsWith('.s')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));

const pieces = [
  ' ', '\n', ':', ';', '#', '//', '(', ')', '[', ']', '*', '+', '-', '=', '0x', '9', '4294967296',
  '99999999999999999999', 'r11', 'w10', 'r10', 'goto', 'pc', 'call', 'map', 'map_value', 'func', 'exit',
  '.map', '.subprog', '.type', '.section', '.name', 'type=', 'key=', 'lock', 'atomic64_xchg', 'skb',
  '(u64 *)', '(s8)', 'll', 'if', 's>=', '<<=', 'bswap', 'le', '#-1', ':-3', 'global', '(18)', '(b7)', '7:',
];

type Mut = { kind: number; at: number; len: number; piece: number };
const mutArb: fc.Arbitrary<Mut> = fc.record({
  kind: fc.integer({ min: 0, max: 4 }),
  at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  len: fc.integer({ min: 0, max: 12 }),
  piece: fc.integer({ min: 0, max: pieces.length - 1 }),
});

function mutate(text: string, muts: readonly Mut[]): string {
  let s = text;
  for (const m of muts) {
    const i = Math.floor(m.at * (s.length + 1));
    const p = pieces[m.piece]!;
    switch (m.kind) {
      case 0: // delete
        s = s.slice(0, i) + s.slice(i + m.len);
        break;
      case 1: // insert a piece
        s = s.slice(0, i) + p + s.slice(i);
        break;
      case 2: // replace a run by a piece
        s = s.slice(0, i) + p + s.slice(i + m.len);
        break;
      case 3: {
        // duplicate a line
        const lines = s.split('\n');
        const k = Math.floor(m.at * lines.length);
        lines.splice(k, 0, lines[k] ?? '');
        s = lines.join('\n');
        break;
      }
      default: // random byte
        s = s.slice(0, i) + String.fromCharCode(m.len * 11 + m.piece) + s.slice(i + 1);
    }
  }
  return s;
}

test('10,000 mutated .s texts: a decodable program or located diagnostics, never a throw', (t) => {
  let accepted = 0;
  let rejected = 0;
  fc.assert(
    fc.property(fc.integer({ min: 0, max: seeds.length - 1 }), fc.array(mutArb, { minLength: 1, maxLength: 6 }), (k, muts) => {
      const text = mutate(seeds[k]!, muts);
      const r = assemble('fuzz.s', text);
      if (E.isRight(r)) {
        accepted++;
        const p = r.right;
        if (E.isLeft(decodeProgram(p.bytes, { object: 'fuzz.s', section: p.section, program: p.name }))) throw new Error('accepted but does not decode');
        if (p.subprogs[0]?.start !== 0) throw new Error('no main subprogram');
      } else {
        rejected++;
        if (r.left.length === 0) throw new Error('Left without diagnostics');
        for (const d of r.left) {
          if (!d.span || d.span.file !== 'fuzz.s' || d.span.line < 1 || d.span.col < 1 || d.span.start > text.length + 1) {
            throw new Error(`badly located diagnostic ${JSON.stringify(d)}`);
          }
          if (!/^E\d{3}$/.test(d.code)) throw new Error(`bad code ${d.code}`);
        }
      }
    }),
    { numRuns: 10_000, seed: 20261122 },
  );
  t.log(`${accepted} accepted, ${rejected} rejected`);
  t.true(accepted > 100 && rejected > 100);
});

test('assembleLine never throws on arbitrary strings', (t) => {
  fc.assert(
    fc.property(fc.string({ maxLength: 60 }), fc.array(fc.constantFrom(...pieces), { maxLength: 8 }), (s, ps) => {
      assembleLine(s);
      assembleLine(ps.join(' '));
      assembleLine(ps.join(''));
    }),
    { numRuns: 3000 },
  );
  t.pass();
});
