/**
 * Golden tests of the printers over our own `.s` fixtures (test/fixtures/asm/, one per
 * instruction family): assemble, then print the program's metadata, its kernel-style
 * listing, its asm-style listing and its `toAssembly` text; compare with
 * test/golden/asm/<name>.txt.
 * Regenerate with `UPDATE_GOLDEN=1 npx ava test/bpf/asm-fixtures.test.ts`.
 */
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { formatDiagnostic } from '../../src/base/diagnostic.js';
import { assemble } from '../../src/bpf/asm/assemble.js';
import { toAssembly } from '../../src/bpf/asm/to-asm.js';
import { decodeProgram } from '../../src/bpf/decode.js';
import { disasmProgram } from '../../src/bpf/disasm.js';
import type { LoadedProgram } from '../../src/bpf/object.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(repoRoot, 'test/fixtures/asm');
const golden = path.join(repoRoot, 'test/golden/asm');

function mapDecl(p: LoadedProgram): string[] {
  return p.maps.map((m) => `.map ${m.name} type=${m.type} key=${m.keySize} value=${m.valueSize} entries=${m.maxEntries} flags=${m.flags}${m.readonly ? ' readonly' : ''}`);
}

/** The printed form of an assembled program. */
export function printProgram(p: LoadedProgram): string {
  const d = decodeProgram(p.bytes, { object: p.object, section: p.section, program: p.name });
  if (E.isLeft(d)) throw new Error('assembled program does not decode');
  const out = [
    `program ${p.name}  section ${p.section}  type ${p.type}  slots ${p.bytes.length / 8}`,
    ...p.subprogs.map((s) => `subprog ${s.start} ${s.name}${s.global ? ' global' : ''}`),
    ...mapDecl(p),
    ...p.relocs.map((r) => `reloc insn ${r.insn} ${r.kind} ${r.symbol}${r.target !== undefined ? ` -> ${r.target}` : ''}`),
    '-- kernel',
    ...disasmProgram(d.right),
    '-- asm',
    ...disasmProgram(d.right, { style: 'asm', index: false, opcode: false }),
    '-- toAssembly',
    toAssembly(p).trimEnd(),
  ];
  return `${out.join('\n')}\n`;
}

const files = fs.readdirSync(fixtures).filter((f) => f.endsWith('.s')).sort();

test('there is a fixture per instruction family', (t) => {
  t.true(files.length >= 6);
});

for (const f of files) {
  test(`golden: ${f}`, (t) => {
    const text = fs.readFileSync(path.join(fixtures, f), 'utf8');
    const r = assemble(`test/fixtures/asm/${f}`, text);
    if (E.isLeft(r)) return t.fail(r.left.map((d) => formatDiagnostic(d, new Map([[`test/fixtures/asm/${f}`, text]]))).join('\n'));
    const printed = printProgram(r.right);
    const g = path.join(golden, f.replace(/\.s$/, '.txt'));
    if (process.env.UPDATE_GOLDEN) {
      fs.mkdirSync(golden, { recursive: true });
      fs.writeFileSync(g, printed);
    }
    t.is(printed, fs.readFileSync(g, 'utf8'));
    // the asm-style listing (with the map declarations) assembles to the same bytes
    const d = decodeProgram(r.right.bytes, { object: f, section: 's', program: 'p' });
    if (E.isLeft(d)) return t.fail();
    const again = assemble('again.s', [...mapDecl(r.right), ...disasmProgram(d.right, { style: 'asm' })].join('\n'));
    if (E.isLeft(again)) return t.fail(JSON.stringify(again.left));
    t.deepEqual(Buffer.from(again.right.bytes).toString('hex'), Buffer.from(r.right.bytes).toString('hex'));
  });
}
