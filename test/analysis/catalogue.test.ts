/**
 * The selftest catalogue (test/fixtures/catalogue, spec liveness.md §8) is well-formed:
 * every program assembles, every expectation names real instructions, the stored exact lines
 * are the ones catalogue-fill.ts derives, direct r10 accesses agree with recordOff, and every
 * §8 entry of the spec has a program.
 */
import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeRaw } from '../../src/bpf/decode.js';
import { assemble } from '../../src/bpf/asm/assemble.js';
import * as E from 'fp-ts/lib/Either.js';
import { recordOff } from '../../src/analysis/argtrack-record.js';
import { fmtSlotMask } from '../../src/analysis/log/slot-mask.js';
import { type CatalogueExpect, catalogueDir, listing } from './catalogue-util.js';
import { catalogueNames, fillExpect } from './catalogue-fill.js';

const names = catalogueNames();
const read = (n: string): CatalogueExpect =>
  JSON.parse(fs.readFileSync(path.join(catalogueDir, `${n}.expect.json`), 'utf8')) as CatalogueExpect;

test('the catalogue has 60 programs, each with an expectation', (t) => {
  t.is(names.length, 60);
  for (const n of names) t.true(fs.existsSync(path.join(catalogueDir, `${n}.expect.json`)), n);
});

test('every program assembles and its stored lines are the derived ones', (t) => {
  for (const n of names) {
    const e = read(n);
    t.is(e.name, n);
    t.deepEqual(JSON.parse(JSON.stringify(fillExpect(n, e as unknown as Record<string, unknown>))), e, n);
    const l = listing(`${n}.s`);
    for (const inst of e.instances ?? []) {
      t.true(inst.subprog < l.subprogs.length, `${n}: subprog ${inst.subprog}`);
      const start = l.subprogs[inst.subprog]!.start;
      const end = l.subprogs[inst.subprog + 1]?.start ?? l.text.length;
      if (inst.depth === 0) t.is(inst.callsite, start, `${n}: depth-0 callsite is the subprog start`);
      else t.true(/\(85\) call /.test(l.text[inst.callsite] ?? ''), `${n}: callsite ${inst.callsite} is a call`);
      for (const line of inst.lines) t.true(line.insn >= start && line.insn < end, `${n}: insn ${line.insn} in subprog ${inst.subprog}`);
    }
  }
});

test('direct r10 loads and stores agree with recordOff (frame = depth)', (t) => {
  let checked = 0;
  for (const n of names) {
    const e = read(n);
    const r = assemble(`${n}.s`, fs.readFileSync(path.join(catalogueDir, `${n}.s`), 'utf8'));
    if (E.isLeft(r)) { t.fail(n); continue; }
    const insns = decodeRaw(r.right.bytes).insns;
    for (const inst of e.instances ?? []) for (const line of inst.lines) {
      const i = insns.at(line.insn)!;
      const mode = i.code & 0xe0;
      let use = '', def = '';
      if (i.cls === 'ldx' && i.src === 10 && mode === 0x60) use = fmtSlotMask(inst.depth, recordOff(i.off, i.size).mayRead);
      else if ((i.cls === 'stx' || i.cls === 'st') && i.dst === 10 && mode === 0x60) def = fmtSlotMask(inst.depth, recordOff(i.off, -i.size).mustWrite);
      else continue;
      t.is(line.use ?? '', use, `${n} insn ${line.insn}`);
      t.is(line.def ?? '', def, `${n} insn ${line.insn}`);
      checked++;
    }
  }
  t.true(checked > 60, `only ${checked}`);
});

test('every §8 entry of the spec has a catalogue program (and the README lists it)', (t) => {
  const readme = fs.readFileSync(path.join(catalogueDir, 'README.md'), 'utf8');
  for (const n of names) t.true(readme.includes(`[\`${n}\`](${n}.s)`), `README lists ${n}`);
  const spec = path.resolve(catalogueDir, '../../../../shared/spec/liveness.md');
  if (!fs.existsSync(spec)) return;
  const text = fs.readFileSync(spec, 'utf8');
  const sec = text.slice(text.indexOf('## 8. Selftest catalogue'), text.indexOf('## 9.'));
  const listed = new Set<string>();
  for (const m of sec.matchAll(/^\* `([a-z0-9_]+)`(?: \/ `([a-z0-9_]+)`)?/gm)) {
    listed.add(m[1]!);
    if (m[2]) listed.add(m[2]);
  }
  t.true(listed.size >= 55);
  for (const n of listed) t.true(names.includes(n), `catalogue has ${n}`);
});
