/** The `@example`s of the ELF front end (elf, btf, maps, reloc, layout, progtype, load, printer), run. */
import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { ByteWindow, latin1 } from '../../src/bpf/elf-bytes.js';
import { STT_FUNC, parseElf, sectionBytes, sectionWindow } from '../../src/bpf/elf.js';
import { BTF_FUNC_GLOBAL, BtfKind, findDatasec, funcLinkage, parseBtf, skipModifiers, typeSize } from '../../src/bpf/btf.js';
import { parseBtfExt } from '../../src/bpf/btf-ext.js';
import { uapiBtf } from '../../src/bpf/btf-core.js';
import { collectMaps, isDataSection, isLegacyMapSection, mapKey } from '../../src/bpf/maps.js';
import { BPF_PSEUDO_MAP_FD, classifyRelocs, immAt, isPseudoCall, isPseudoFunc, opcodeAt, patchData, setFieldOffset, srcAt } from '../../src/bpf/reloc.js';
import { globalizeSymbols, layoutLegacy, layoutLibbpf, legacyPrograms, libbpfPieces } from '../../src/bpf/layout.js';
import { libbpfProgramType, programTypeFor } from '../../src/bpf/progtype.js';
import { loadObject, loadObjectFile } from '../../src/bpf/load.js';
import { mapTypeName, objdumpFile, objdumpRecord, objdumpText, printMap, printObject, printProgram, selectPrograms } from '../../src/bpf/print-object.js';
import { repoRoot } from './load-oracle.js';

const fx = (n: string) => path.join(repoRoot, 'test/fixtures/elf', `${n}.o`);
const bytesOf = (n: string) => new Uint8Array(fs.readFileSync(fx(n)));
const obj = (n: string) => {
  const r = loadObject(`${n}.o`, bytesOf(n));
  if (E.isLeft(r)) throw new Error('fixture does not load');
  return r.right;
};

test('elf-bytes and elf examples', (t) => {
  t.is(latin1(new Uint8Array([0x78, 0x64, 0x70])), 'xdp');
  const b = bytesOf('calls');
  const elf = parseElf('calls.o', b);
  t.true(elf.sections.map((s) => s.name).includes('xdp'));
  const xdp = elf.sections.find((s) => s.name === 'xdp')!;
  t.is(sectionBytes(elf, xdp).length, xdp.size);
  t.is(sectionWindow(elf, xdp).u8(0), 0xb7);
  const shoff = Number(new DataView(b.buffer, b.byteOffset).getBigUint64(40, true));
  t.is(new ByteWindow(b, shoff + 64, 64, { object: 'calls.o', section: '#1' }).u32(4), elf.sections[1]!.type);
  const code = sectionBytes(elf, xdp);
  t.is(opcodeAt(code, 0), 0xb7);
  t.is(srcAt(code, 5), 0); // as compiled; loading makes it BPF_PSEUDO_FUNC
  const loaded = obj('calls').programs[0]!.bytes;
  t.is(srcAt(loaded, 5), 4);
  t.true(isPseudoFunc(loaded, 5));
  t.is(immAt(code, 10), -1);
  t.true(isPseudoCall(code, 10));
});

test('btf examples', (t) => {
  const elf = parseElf('calls.o', bytesOf('calls'));
  const btf = parseBtf(sectionWindow(elf, elf.sections.find((s) => s.name === '.BTF')!));
  const ext = parseBtfExt(sectionWindow(elf, elf.sections.find((s) => s.name === '.BTF.ext')!), btf);
  t.is(ext.funcs.get('xdp')?.length, 1);
  const fi = ext.funcs.get('.text')!.find((f) => funcLinkage(btf, f.typeId)?.name === 'add_global')!;
  t.deepEqual(funcLinkage(btf, fi.typeId), { name: 'add_global', linkage: BTF_FUNC_GLOBAL });
  const intId = btf.types.find((x) => x?.kind === BtfKind.int && x.name === 'int')!.id;
  t.is(typeSize(btf, intId), 4);
  t.is(skipModifiers(btf, intId)?.kind, BtfKind.int);
  t.true(uapiBtf().types.some((x) => x?.name === '__sk_buff'));
  const delf = parseElf('data.o', bytesOf('data'));
  const dbtf = parseBtf(sectionWindow(delf, delf.sections.find((s) => s.name === '.BTF')!));
  t.is(findDatasec(dbtf, '.maps')?.members.length, 2);
});

test('maps and reloc examples', (t) => {
  t.is(mapKey(5, 20), '5:20');
  t.true(isLegacyMapSection('maps/array'));
  t.true(isDataSection('.rodata.str1.1'));
  const elf = parseElf('data.o', bytesOf('data'));
  const btf = parseBtf(sectionWindow(elf, elf.sections.find((s) => s.name === '.BTF')!));
  const maps = collectMaps(elf, btf);
  t.deepEqual(maps.maps.map((m) => m.name), ['counts', 'outer', '.data', '.rodata', '.bss']);
  const sec = elf.sections.find((s) => s.name === 'kprobe/do_sys_open')!;
  const code = sectionBytes(elf, sec);
  t.is(classifyRelocs(elf, sec.index, code, maps).get(4)?.kind, 'map');
  patchData(code, 4, { kind: 'map', insn: 4, symbol: 'counts', map: 0 });
  t.deepEqual([srcAt(code, 4), immAt(code, 4)], [BPF_PSEUDO_MAP_FD, 0]);
  const ld = new Uint8Array([0x61, 0x12, 36, 0, 0, 0, 0, 0]);
  t.true(setFieldOffset(ld, 0, 68));
  t.is(ld[2], 68);
});

test('layout and progtype examples', (t) => {
  const elf = parseElf('calls.o', bytesOf('calls'));
  const pieces = libbpfPieces(elf, globalizeSymbols(elf));
  if (typeof pieces === 'string') return t.fail(pieces);
  t.deepEqual(pieces.map((p) => p.name), ['add_global', 'add_static', 'loop_cb', 'xdp_main', 'tc_first', 'tc_second']);
  t.true(globalizeSymbols(elf).filter((s) => s.type === STT_FUNC).length >= 6);
  const btf = parseBtf(sectionWindow(elf, elf.sections.find((s) => s.name === '.BTF')!));
  const maps = collectMaps(elf, btf);
  const relocsOf = (i: number) => classifyRelocs(elf, i, sectionBytes(elf, elf.sections[i]!), maps);
  const text = elf.sections.find((s) => s.name === '.text')!.index;
  const lay = layoutLibbpf(elf, pieces[4]!, pieces, text, relocsOf);
  if (typeof lay === 'string') return t.fail(lay);
  t.deepEqual(lay.placed.map((p) => p.piece.name), ['tc_first', 'add_static']);
  const lelf = parseElf('legacy.o', bytesOf('legacy'));
  t.deepEqual(legacyPrograms(lelf), [{ shndx: 3, name: 'count_packets' }]);
  const lmaps = collectMaps(lelf, undefined);
  const lrel = (i: number) => classifyRelocs(lelf, i, sectionBytes(lelf, lelf.sections[i]!), lmaps);
  t.is(layoutLegacy(lelf, 3, 'count_packets', 2, lrel).bytes.length / 8, 25);
  t.is(libbpfProgramType('kprobe/sys_write'), 'kprobe');
  t.deepEqual(programTypeFor('cilium/bpf_lxc.o', '2/16'), { type: 'sched_cls', source: 'rule *cilium*:*' });
});

test('load and printer examples', (t) => {
  const calls = obj('calls');
  t.deepEqual(calls.programs.map((p) => `${p.section}/${p.name}`), ['xdp/xdp_main', 'tc/tc_first', 'tc/tc_second']);
  t.true(E.isRight(loadObjectFile(fx('calls'))));
  t.is(printObject(calls).split('\n')[0], 'object calls.o: backend libbpf, license GPL');
  t.is(printProgram(calls.programs[0]!)[0], 'program xdp/xdp_main: type xdp (libbpf), 30 insns, 13 line records');
  t.is(selectPrograms(calls, 'tc/tc_first').length, 1);
  t.deepEqual(objdumpRecord(calls.programs[0]!).insns[0], { idx: 0, text: '(b7) r1 = 0' });
  t.true(objdumpText(calls, 'xdp_main').includes('disassembly of xdp/xdp_main:'));
  const j = objdumpFile(fx('calls'), undefined, true);
  t.true(E.isRight(j) && j.right.startsWith('{"object":'));
  const data = obj('data');
  t.is(mapTypeName(2), 'array');
  t.is(printMap(data.maps[0]!), 'counts: hash key 4 value 8 max 128 flags 0x1 btf .maps');
});
