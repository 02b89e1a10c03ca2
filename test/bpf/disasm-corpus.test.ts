/**
 * Differential test of the disassembler against the kernel: for every instruction of every
 * verified corpus program, our text must equal the `insn_text` the Linux 6.18 verifier logged
 * (../shared/oracle/liveness/**.json.gz), modulo the immediates of map ld_imm64 loads (kernel
 * addresses). Prints the match rate and lists mismatches. Where the texts differ because the
 * kernel was handed different bytes (the kernel's line, read back by the assembler, encodes
 * other fields: e.g. CO-RE relocated offsets), the difference is listed apart and is not a
 * printer failure.
 */
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { assemble } from '../../src/bpf/asm/assemble.js';
import { assembleLine } from '../../src/bpf/asm/line.js';
import { toAssembly } from '../../src/bpf/asm/to-asm.js';
import { decodeProgram } from '../../src/bpf/decode.js';
import { disasmInsn, disasmProgram } from '../../src/bpf/disasm.js';
import { loadObject } from '../../src/bpf/load.js';
import type { ObjectFile } from '../../src/bpf/object.js';
import * as op from '../../src/bpf/opcode.js';
import { corpusObjects } from './load-oracle.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = path.resolve(repoRoot, '../shared');
const haveShared = fs.existsSync(path.join(shared, 'oracle/programs.jsonl'));

interface Row {
  object: string;
  section: string | null;
  program: string | null;
  fixture: string | null;
}

(haveShared ? test : test.skip)('disassembly equals the kernel verifier log for every corpus instruction', (t) => {
  const rows = fs.readFileSync(path.join(shared, 'oracle/programs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row);
  const objects = new Map<string, ObjectFile | undefined>();
  let total = 0;
  let equal = 0;
  let programs = 0;
  const mismatches: string[] = [];
  const inputDiffers: string[] = [];
  const unreadable: string[] = [];
  let readBack = 0;
  for (const r of rows) {
    if (r.fixture === null) continue;
    const fx = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(shared, 'oracle', r.fixture))).toString()) as { insn_text: (string | null)[] | null };
    if (fx.insn_text === null) continue;
    if (!objects.has(r.object)) {
      const file = path.join(shared, 'corpus', r.object);
      const o = loadObject(r.object, new Uint8Array(fs.readFileSync(file)));
      objects.set(r.object, E.isRight(o) ? o.right : undefined);
    }
    const obj = objects.get(r.object);
    const prog = obj?.programs.find((p) => p.section === r.section && p.name === r.program);
    if (prog === undefined) {
      mismatches.push(`${r.object} ${r.section}/${r.program}: not loaded`);
      continue;
    }
    const d = decodeProgram(prog.bytes, { object: r.object, section: prog.section, program: prog.name });
    if (E.isLeft(d)) {
      mismatches.push(`${r.object} ${r.program}: decode failed: ${d.left.map((x) => x.message).join('; ')}`);
      continue;
    }
    programs++;
    fx.insn_text.forEach((expected, i) => {
      if (expected === null) return;
      total++;
      const insn = d.right.insns.at(i);
      let got = insn ? disasmInsn(insn) : '<none>';
      let exp = expected;
      if (insn && insn.code === op.OPC_LD_IMM64 && (insn.src === op.PSEUDO_MAP_FD || insn.src === op.PSEUDO_MAP_VALUE)) {
        got = got.replace(/0x[0-9a-f]+$/, '<map>');
        exp = exp.replace(/0x[0-9a-f]+$/, '<map>');
      }
      if (got === exp) {
        equal++;
        // and the assembler reads the kernel's line back into the same instruction
        const back = assembleLine(expected);
        const isMap = insn!.code === op.OPC_LD_IMM64 && insn!.src !== 0;
        const ok = E.isRight(back) && back.right.code === insn!.code && back.right.dst === insn!.dst &&
          (isMap || (back.right.src === insn!.src && back.right.off === insn!.off && back.right.imm === insn!.imm));
        if (ok) readBack++;
        else unreadable.push(`${r.object} ${r.program} insn ${i}: '${expected}'`);
        return;
      }
      // Not equal: is it our text, or did the kernel get other bytes (e.g. CO-RE field offsets
      // the loader does not relocate)? Read the kernel's line back into fields to tell.
      const k = assembleLine(expected);
      const same = insn !== undefined && E.isRight(k) && k.right.code === insn.code && k.right.dst === insn.dst &&
        k.right.src === insn.src && k.right.off === insn.off && k.right.imm === insn.imm;
      const what = `${r.object} ${r.program} insn ${i}: ours '${got}' kernel '${expected}'`;
      if (same || E.isLeft(k)) mismatches.push(what);
      else inputDiffers.push(what);
    });
  }
  const rate = total ? ((100 * equal) / total).toFixed(3) : '0';
  t.log(`${programs} programs, ${equal}/${total} instructions equal (${rate}%)`);
  if (mismatches.length) t.log(mismatches.slice(0, 50).join('\n'));
  t.log(`${inputDiffers.length} instructions where the kernel was given other bytes (not a printer issue):`);
  if (inputDiffers.length) t.log(inputDiffers.slice(0, 20).join('\n'));
  t.log(`${readBack} kernel lines assembled back to the same instruction`);
  if (unreadable.length) t.log(unreadable.slice(0, 20).join('\n'));
  t.true(programs >= 330, `only ${programs} programs compared`);
  t.deepEqual(unreadable, []);
  t.deepEqual(mismatches, []);
});

(haveShared ? test : test.skip)('every corpus program round-trips through the asm-style listing and the assembler', (t) => {
  const corpus = path.join(shared, 'corpus');
  let programs = 0;
  let slots = 0;
  const failures: string[] = [];
  for (const obj of corpusObjects()) {
    const o = loadObject(obj, new Uint8Array(fs.readFileSync(path.join(corpus, obj))));
    if (E.isLeft(o)) continue;
    for (const p of o.right.programs) {
      const d = decodeProgram(p.bytes, { object: obj, section: p.section, program: p.name });
      if (E.isLeft(d)) continue;
      const maps = p.maps.map((m, k) => `.map m${k} type=${m.type} key=${m.keySize} value=${m.valueSize} entries=${m.maxEntries}`);
      const text = [...maps, ...disasmProgram(d.right, { style: 'asm' })].join('\n');
      const back = assemble(`${obj}.s`, text);
      programs++;
      slots += p.bytes.length / 8;
      if (E.isLeft(back)) failures.push(`${obj} ${p.name}: ${back.left[0]!.message}`);
      else if (Buffer.compare(Buffer.from(back.right.bytes), Buffer.from(p.bytes)) !== 0) failures.push(`${obj} ${p.name}: other bytes`);
    }
  }
  t.log(`${programs} programs, ${slots} slots re-assembled`);
  t.true(programs > 330);
  t.deepEqual(failures, []);
});

(haveShared ? test : test.skip)('toAssembly: every corpus program as labelled .s text assembles to the same bytes', (t) => {
  const corpus = path.join(shared, 'corpus');
  let programs = 0;
  const failures: string[] = [];
  for (const obj of corpusObjects()) {
    const o = loadObject(obj, new Uint8Array(fs.readFileSync(path.join(corpus, obj))));
    if (E.isLeft(o)) continue;
    for (const p of o.right.programs) {
      if (E.isLeft(decodeProgram(p.bytes, { object: obj, section: p.section, program: p.name }))) continue;
      programs++;
      const text = toAssembly(p);
      const back = assemble(`${obj}.s`, text);
      if (E.isLeft(back)) {
        failures.push(`${obj} ${p.name}: ${back.left[0]!.message} (line ${back.left[0]!.span?.line})`);
        continue;
      }
      const r = back.right;
      if (Buffer.compare(Buffer.from(r.bytes), Buffer.from(p.bytes)) !== 0) failures.push(`${obj} ${p.name}: other bytes`);
      else if (r.section !== p.section || r.type !== p.type || r.name !== p.name) failures.push(`${obj} ${p.name}: other metadata ${r.section} ${r.type} ${r.name}`);
      else if (JSON.stringify(r.subprogs.map((s) => [s.start, s.global])) !== JSON.stringify(p.subprogs.map((s) => [s.start, s.global]))) {
        failures.push(`${obj} ${p.name}: other subprograms`);
      }
    }
  }
  t.log(`${programs} programs`);
  t.true(programs > 330);
  t.deepEqual(failures.slice(0, 20), []);
});
