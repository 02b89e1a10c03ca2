import test from 'ava';
import fc from 'fast-check';
import { immAt, setImm, setSrc, srcAt } from '../../src/bpf/reloc.js';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { loadObject } from '../../src/bpf/load.js';
import { parseElf, SHDR_SIZE, SHT_REL, SYM_SIZE, REL_SIZE } from '../../src/bpf/elf.js';
import { formatDiagnostic, type Diagnostic } from '../../src/base/diagnostic.js';
import { repoRoot } from './load-oracle.js';

const fixture = (n: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(repoRoot, 'test/fixtures/elf', `${n}.o`)));
const E_SHOFF = 40;

function diag(bytes: Uint8Array, name = 'x.o'): Diagnostic {
  const r = loadObject(name, bytes);
  if (E.isRight(r)) throw new Error('expected a diagnostic');
  return r.left[0]!;
}

function edit(n: string, f: (dv: DataView, b: Uint8Array) => void): Uint8Array {
  const b = fixture(n);
  f(new DataView(b.buffer), b);
  return b;
}

const shoff = (dv: DataView): number => Number(dv.getBigUint64(E_SHOFF, true));

function sectionHeaderOf(n: string, name: string): number {
  const b = fixture(n);
  const elf = parseElf(n, b);
  const s = elf.sections.find((x) => x.name === name)!;
  return shoff(new DataView(b.buffer)) + s.index * SHDR_SIZE;
}

test('short file and bad magic', (t) => {
  t.regex(diag(new Uint8Array(10)).message, /shorter than an ELF64 header/);
  t.regex(diag(edit('calls', (_dv, b) => { b[0] = 0; })).message, /bad magic/);
});

test('big-endian objects are refused with the byte offset of EI_DATA', (t) => {
  const d = diag(edit('calls', (_dv, b) => { b[5] = 2; }));
  t.regex(d.message, /big-endian/);
  t.is(d.where?.byteOffset, 5);
  t.is(formatDiagnostic(d), 'x.o: byte offset 0x5: error E801: big-endian object (only little-endian BPF is supported)');
});

test('section header table beyond the file', (t) => {
  const d = diag(edit('calls', (dv) => dv.setBigUint64(E_SHOFF, 0xfffffn, true)));
  t.is(d.code, 'E802');
  t.is(d.where?.object, 'x.o');
});

test('section contents out of range name the section', (t) => {
  const h = sectionHeaderOf('calls', 'xdp');
  const d = diag(edit('calls', (dv) => dv.setBigUint64(h + 32, 0x100000n, true)));
  t.is(d.where?.section, 'xdp');
  t.regex(d.message, /outside the file/);
});

test('symbol table with a bad entry size, and symbols naming a missing section', (t) => {
  const h = sectionHeaderOf('calls', '.symtab');
  t.regex(diag(edit('calls', (dv) => dv.setBigUint64(h + 56, 8n, true))).message, /sh_entsize 8/);
  const elf = parseElf('calls', fixture('calls'));
  const symtab = elf.sections.find((s) => s.name === '.symtab')!;
  const d = diag(edit('calls', (dv) => dv.setUint16(symtab.offset + 2 * SYM_SIZE + 6, 999, true)));
  t.is(d.code, 'E803');
  t.is(d.where?.section, '.symtab');
});

test('relocation offset outside the code section, and on a non-ld_imm64/call instruction', (t) => {
  const elf = parseElf('data', fixture('data'));
  const rel = elf.sections.find((s) => s.type === SHT_REL && s.name === '.relkprobe/do_sys_open')!;
  const d = diag(edit('data', (dv) => dv.setBigUint64(rel.offset, 0x10000n, true)));
  t.is(d.code, 'E804');
  t.is(d.where?.section, '.relkprobe/do_sys_open');
  t.is(d.where?.byteOffset, rel.offset);
  const d2 = diag(edit('data', (dv) => dv.setBigUint64(rel.offset, 0n, true)));
  t.regex(d2.message, /expected ld_imm64 or call/);
  t.is(d2.where?.insn, 0);
});

test('relocation on a truncated ld_imm64 at the end of a section', (t) => {
  const elf = parseElf('data', fixture('data'));
  const rel = elf.sections.find((s) => s.name === '.relkprobe/do_sys_open')!;
  const code = elf.sections.find((s) => s.name === 'kprobe/do_sys_open')!;
  const last = code.size - 8;
  const d = diag(edit('data', (dv, b) => {
    dv.setBigUint64(rel.offset, BigInt(last), true);
    b[code.offset + last] = 0x18;
  }));
  t.regex(d.message, /truncated ld_imm64/);
  t.is(d.where?.section, 'kprobe/do_sys_open');
});

test('relocation to a symbol index beyond the symbol table', (t) => {
  const elf = parseElf('data', fixture('data'));
  const rel = elf.sections.find((s) => s.name === '.relkprobe/do_sys_open')!;
  const d = diag(edit('data', (dv) => dv.setUint32(rel.offset + REL_SIZE + 12, 10_000, true)));
  t.regex(d.message, /symbol #10000/);
});

test('damaged .BTF is a warning and the object still loads (libbpf ignores bad BTF)', (t) => {
  const elf = parseElf('calls', fixture('calls'));
  const btf = elf.sections.find((s) => s.name === '.BTF')!;
  const r = loadObject('x.o', edit('calls', (_dv, b) => { b[btf.offset] = 0; }));
  t.true(E.isRight(r));
  if (E.isRight(r)) {
    t.true(r.right.warnings!.some((w) => w.severity === 'warning' && /BTF ignored/.test(w.message)));
    // Without BTF, linkage comes from the ELF symbol binding: same answer here.
    t.deepEqual(r.right.programs[0]!.subprogs.map((s) => s.global), [true, false, true, false]);
    t.is(r.right.programs[0]!.lines.length, 0);
  }
});

test('imm and src_reg patches round-trip and leave the other fields alone (property)', (t) => {
  fc.assert(fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: -0x80000000, max: 0x7fffffff }), fc.integer({ min: 0, max: 15 }), (raw, imm, src) => {
    const b = raw.slice();
    setImm(b, 1, imm);
    setSrc(b, 1, src);
    return immAt(b, 1) === imm && srcAt(b, 1) === src && (b[9]! & 0x0f) === (raw[9]! & 0x0f) && b[8] === raw[8] && b.subarray(0, 8).every((x, i) => x === raw[i]);
  }));
  t.pass();
});

test('a legacy map definition shorter than 16 bytes is reported where a relocation uses it', (t) => {
  const elf = parseElf('legacy', fixture('legacy'));
  const symtab = elf.sections.find((s) => s.name === '.symtab')!;
  const sym = elf.symbols.find((s) => s.name === 'packets')!;
  const d = diag(edit('legacy', (dv) => dv.setBigUint64(symtab.offset + sym.index * SYM_SIZE + 16, 8n, true)));
  t.is(d.code, 'E804');
  t.regex(d.message, /bad legacy map definition 'packets' \(size 8/);
  t.is(d.where?.program, 'count_packets');
});
