import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { Mask } from '../../src/eval/lattices/mask-value.js';
import { NONE, UNVISITED, imp, ptr } from '../../src/analysis/argtrack-value.js';
import { type ArgVal } from '../../src/analysis/argtrack-value.js';
import type { ArgTrackResult, InsnMasks, InstanceResult } from '../../src/analysis/results.js';
import { subprogLabel } from '../../src/analysis/results.js';
import { recordOff } from '../../src/analysis/argtrack-record.js';
import {
  alignment, analyzingLine, annotate, dumpSuffix, fmtSlotMask, formatArgTrackDump, formatLiveRegs, formatStackUseDef,
  insnLine, joinLine, liveRegsRow, opcodeOf, transferLine, useDefLine,
} from '../../src/analysis/log/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const E = Mask.EMPTY;
const masks = (use: Mask, def: Mask = E): InsnMasks => ({ use, def, liveBefore: E });
const inst = (callsite: number, depth: number, subprog: number, start: number, end: number,
  frames: (Map<number, InsnMasks> | undefined)[], name?: string): InstanceResult =>
  name === undefined ? { callsite, depth, subprog, start, end, frames } : { callsite, depth, subprog, start, end, frames, name };

test('insnLine and the alignment rule of §7', (t) => {
  t.is(insnLine(0, '(79) r1 = *(u64 *)(r10 -8)'), '  0: (79) r1 = *(u64 *)(r10 -8)');
  t.is(insnLine(1234, '(95) exit'), '1234: (95) exit');
  t.is(alignment(31), 8);
  for (let L = 0; L < 100; L++) {
    const col = L + alignment(L);
    t.is(col, Math.ceil(Math.max(L + 4, 40) / 8) * 8 - 1);
    t.true(alignment(L) >= 3);
  }
  t.is(alignment(36), 3); // L = 36 -> column 39
  t.is(alignment(37), 10); // L = 37 -> column 47
  t.is(annotate('  0: (79) r1 = *(u64 *)(r10 -8)', ' use: fp0-8'), '  0: (79) r1 = *(u64 *)(r10 -8)        ; use: fp0-8');
  t.is(annotate('  5: (85) call bpf_map_lookup_elem#1', ' use: fp0-8h'), '  5: (85) call bpf_map_lookup_elem#1   ; use: fp0-8h');
  t.is(opcodeOf('(85) call pc+2'), 0x85);
  t.is(opcodeOf('call'), undefined);
});

test('the alignment rule (lead 1) reproduces every annotated verifier-state line of the recorded 6.18 logs', (t) => {
  const dir = path.resolve(here, '../fixtures/crossframe/oracle/logs');
  let n = 0;
  for (const obj of fs.readdirSync(dir)) for (const f of fs.readdirSync(path.join(dir, obj))) {
    const log = zlib.gunzipSync(fs.readFileSync(path.join(dir, obj, f))).toString();
    for (const line of log.split('\n')) {
      const m = /^(\d+: \(.*?\) .*?) +;(.*)$/.exec(line);
      if (!m) continue;
      t.is(annotate(m[1]!, m[2]!, 1), line);
      n++;
    }
  }
  t.true(n > 100, `only ${n} lines checked`);
});

test('fmtSlotMask (§7.1)', (t) => {
  t.is(fmtSlotMask(0, recordOff(-8, 8).mayRead), 'fp0-8');
  t.is(fmtSlotMask(0, recordOff(-8, 4).mayRead), 'fp0-8h');
  t.is(fmtSlotMask(0, recordOff(-4, 4).mayRead), 'fp0-4h');
  t.is(fmtSlotMask(0, recordOff(-264, 8).mayRead), 'fp0-264');
  t.is(fmtSlotMask(1, Mask.ALL), 'fp1-8..-512');
  t.is(fmtSlotMask(0, Mask.range(0, 3)), 'fp0-8 fp0-16'); // two full spis: no run
  t.is(fmtSlotMask(0, Mask.range(0, 5)), 'fp0-8..-24');
  t.is(fmtSlotMask(0, Mask.range(1, 6)), 'fp0-8h fp0-16..-24 fp0-28h'.replace('fp0-16..-24', 'fp0-16 fp0-24'));
  t.is(fmtSlotMask(0, Mask.of(4, 5, 6, 7)), 'fp0-24 fp0-32');
  t.is(fmtSlotMask(0, Mask.range(122, 127)), 'fp0-496..-512');
  t.is(fmtSlotMask(2, Mask.of(0), false), ' fp2-4h');
  t.is(fmtSlotMask(0, E), '');
  // alternating half slots: 64 items, cut at 319 characters like the kernel's buffer
  const alt = Mask.of(...Array.from({ length: 64 }, (_, s) => 2 * s + 1));
  const txt = fmtSlotMask(0, alt);
  t.is(txt.length, 319);
  t.true(txt.startsWith('fp0-8h fp0-16h fp0-24h'));
});

test('stack use/def lines (§7.2, §8 examples)', (t) => {
  const i0 = inst(0, 0, 0, 0, 3, [new Map([[0, masks(recordOff(-8, 8).mayRead)], [1, masks(E, recordOff(-8, -8).mustWrite)]])]);
  t.is(useDefLine(i0, 0, '(79) r1 = *(u64 *)(r10 -8)'), '  0: (79) r1 = *(u64 *)(r10 -8)        ; use: fp0-8');
  t.is(useDefLine(i0, 1, '(7b) *(u64 *)(r10 -8) = r1'), '  1: (7b) *(u64 *)(r10 -8) = r1        ; def: fp0-8');
  t.is(useDefLine(i0, 2, '(85) call pc+1'), '  2: (85) call pc+1');
  // subprog_precise_stack_access: call line use fp0-24 fp0-32
  const i1 = inst(0, 0, 0, 0, 1, [new Map([[0, masks(Mask.range(4, 7))]])]);
  t.is(useDefLine(i1, 0, '(85) call pc+3'), '  0: (85) call pc+3                    ; use: fp0-24 fp0-32');
  // frames printed depth..0, use and def together
  const i2 = inst(7, 1, 1, 7, 9, [new Map([[8, masks(recordOff(-8, 8).mayRead)]]), new Map([[8, masks(Mask.ALL, recordOff(-16, -8).mustWrite)]])]);
  t.is(useDefLine(i2, 8, '(85) call bpf_snprintf#165'), '  8: (85) call bpf_snprintf#165        ; use: fp1-8..-512 fp0-8 def: fp1-16');
  t.is(useDefLine(i2, 7, '(95) exit'), '  7: (95) exit');
});

test('stack use/def dump: instance order, headers, ld_imm64 second halves', (t) => {
  const text = ['(18) r1 = 0x0', undefined, '(85) call pc+1', '(95) exit', '(79) r0 = *(u64 *)(r1 +0)', '(95) exit'];
  const a = inst(3, 1, 1, 4, 6, [new Map([[4, masks(recordOff(-16, 8).mayRead)]]), undefined], 'foo');
  const b = inst(0, 0, 0, 0, 4, [new Map([[2, masks(recordOff(-16, 8).mayRead)]])]);
  const c = inst(3, 2, 1, 4, 6, [new Map([[4, masks(recordOff(-8, 8).mayRead)]]), undefined, undefined], 'foo');
  t.deepEqual(formatStackUseDef([c, a, b], text), [
    'stack use/def subprog#0 (d0,cs0):',
    '  0: (18) r1 = 0x0',
    '  2: (85) call pc+1                    ; use: fp0-16',
    '  3: (95) exit',
    'stack use/def subprog#1 foo (d1,cs3):',
    '  4: (79) r0 = *(u64 *)(r1 +0)         ; use: fp0-16',
    '  5: (95) exit',
    'stack use/def subprog#1 foo (d2,cs3):',
    '  4: (79) r0 = *(u64 *)(r1 +0)         ; use: fp0-8',
    '  5: (95) exit',
  ]);
  t.is(subprogLabel(2), 'subprog#2');
});

const regs = (vals: Record<number, ArgVal>, base: ArgVal = NONE): ArgVal[] => Array.from({ length: 11 }, (_, r) => vals[r] ?? base);
const slots = (vals: Record<number, ArgVal>, base: ArgVal = NONE): ArgVal[] => Array.from({ length: 64 }, (_, t) => vals[t] ?? base);

test('arg-tracking lines (§7.3, §8 examples)', (t) => {
  t.is(analyzingLine(1, 1), 'subprog#1: analyzing (depth 1)...');
  // st_imm_join_with_single_off
  t.is(transferLine(5, '(7a) *(u64 *)(r1 +0) = 0', regs({}), regs({}), slots({ 0: ptr(0, [-16]) }), slots({ 0: NONE })),
    '  5: (7a) *(u64 *)(r1 +0) = 0\tfp-8: fp0-16 -> _');
  // st_imm_join_with_multi_off
  t.is(transferLine(15, '(7a) *(u64 *)(r1 +0) = 0', regs({}), regs({}),
    slots({ 0: ptr(0, [-24]), 1: ptr(0, [-32]) }), slots({ 0: ptr(0, [-24], true), 1: ptr(0, [-32], true) })),
  ' 15: (7a) *(u64 *)(r1 +0) = 0\tfp-8: fp0-24 -> fp0-24|fp0+0\tfp-16: fp0-32 -> fp0-32|fp0+0');
  t.is(transferLine(1, '(bf) r1 = r10', regs({ 1: NONE }), regs({ 1: ptr(0, [0]) }), slots({}), slots({})),
    '  1: (bf) r1 = r10\tr1: _ -> fp0+0');
  t.is(transferLine(1, '(05) goto pc+1', regs({}), regs({}), slots({}), slots({})), undefined);
  t.is(joinLine(3, 5, 0, ptr(0, [-8]), NONE, ptr(0, [-8], true)), 'arg JOIN insn 3 -> 5 r0: fp0-8 + _ => fp0-8|fp0+0');
  t.is(joinLine(3, 5, -2, ptr(0, [-8]), ptr(1, [-8]), imp(3)), 'arg JOIN insn 3 -> 5 fp-16: fp0-8 + fp1-8 => IMP3');
  // two_fp_clear_stack_threshold
  t.is(dumpSuffix(regs({ 6: ptr(0, [-8]), 7: ptr(1, [-16]), 10: ptr(1, [0]) }), slots({ 0: ptr(1, [-16]), 1: ptr(0, [-8]) })),
    ' // r6=fp0-8 r7=fp1-16 fp-8=fp1-16 fp-16=fp0-8');
  // imprecise_dst_spill_join
  t.is(dumpSuffix(regs({ 1: imp(3), 6: ptr(0, [-24]), 7: ptr(1, [-16]) }), slots({ 0: ptr(1, [-16], true) })),
    ' // r1=IMP3 r6=fp0-24 r7=fp1-16 fp-8=fp1-16|fp1+0');
  // registers shown only when r0 is visited; slots always
  t.is(dumpSuffix(regs({ 1: ptr(0, [-8]) }, UNVISITED), slots({ 2: ptr(0, [-8]) })), ' // fp-24=fp0-8');
  t.is(dumpSuffix(regs({}), slots({})), '');
});

test('arg-tracking post-convergence dump', (t) => {
  const text = ['(bf) r1 = r10', '(07) r1 += -16', '(7b) *(u64 *)(r10 -8) = r1', '(7a) *(u64 *)(r1 +0) = 0', '(79) r0 = *(u64 *)(r10 -8)', '(85) call pc+1', '(95) exit'];
  const fp16 = ptr(0, [-16]);
  const states = new Map([
    [0, { regs: regs({ 10: ptr(0, [0]) }), stack: slots({}) }],
    [1, { regs: regs({ 1: ptr(0, [0]), 10: ptr(0, [0]) }), stack: slots({}) }],
    [2, { regs: regs({ 1: fp16, 10: ptr(0, [0]) }), stack: slots({}) }],
    [3, { regs: regs({ 1: fp16, 10: ptr(0, [0]) }), stack: slots({ 0: fp16 }) }],
    [4, { regs: regs({ 1: fp16, 10: ptr(0, [0]) }), stack: slots({ 0: fp16 }) }],
    [5, { regs: regs({ 0: fp16, 1: fp16, 10: ptr(0, [0]) }), stack: slots({ 0: fp16 }) }],
  ]);
  const r: ArgTrackResult = { subprog: 0, depth: 0, callsite: 0, start: 0, end: 6, inStates: states };
  t.deepEqual(formatArgTrackDump(r, text), [
    'subprog#0:',
    '  0: (bf) r1 = r10',
    '  1: (07) r1 += -16',
    '  2: (7b) *(u64 *)(r10 -8) = r1 // r1=fp0-16',
    '  3: (7a) *(u64 *)(r1 +0) = 0', // ST is not annotated
    '  4: (79) r0 = *(u64 *)(r10 -8) // r1=fp0-16 fp-8=fp0-16',
    '  5: (85) call pc+1 // r0=fp0-16 r1=fp0-16 fp-8=fp0-16',
  ]);
});

test('live regs table (§7.4)', (t) => {
  t.is(liveRegsRow(2, 0b111110, 0, '(85) call pc+2'), '      2: .12345.... (85) call pc+2');
  t.is(liveRegsRow(12, 0b1, 3, '(05) goto pc-3'), '  3  12: 0......... (05) goto pc-3');
  t.deepEqual(formatLiveRegs({ liveRegs: [0b10, null, 0b1], scc: null }, ['(18) r1 = 0x0', undefined, '(95) exit']), [
    'Live regs before insn:', '      0: .1........ (18) r1 = 0x0', '      2: 0......... (95) exit',
  ]);
});

test('live regs table reproduces the recorded 6.18 logs', (t) => {
  const dir = path.resolve(here, '../fixtures/crossframe/oracle');
  const programs = fs.readFileSync(path.join(dir, 'programs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { program: string; fixture: string });
  for (const p of programs) {
    const fx = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(dir, p.fixture))).toString()) as
      { live_regs: (number | null)[]; insn_text: (string | null)[]; scc: number[] | null };
    const obj = path.basename(path.dirname(p.fixture));
    const log = zlib.gunzipSync(fs.readFileSync(path.join(dir, 'logs', obj, `${p.program}.log.gz`))).toString().split('\n');
    const at = log.indexOf('Live regs before insn:');
    const text = fx.insn_text.map((x) => x ?? undefined);
    const ours = formatLiveRegs({ liveRegs: fx.live_regs, scc: fx.scc }, text);
    t.deepEqual(log.slice(at, at + ours.length), ours, p.program);
  }
});
