import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseElf, sectionWindow } from '../../src/bpf/elf.js';
import { BtfKind, BTF_FUNC_GLOBAL, BTF_FUNC_STATIC, parseBtf, typeSize, findDatasec } from '../../src/bpf/btf.js';
import { parseBtfExt } from '../../src/bpf/btf-ext.js';
import { coreFieldOffset, uapiBtf } from '../../src/bpf/btf-core.js';
import { libbpfProgramType, programTypeFor } from '../../src/bpf/progtype.js';
import * as E from 'fp-ts/lib/Either.js';
import { loadObject } from '../../src/bpf/load.js';
import { corpusDir, haveShared, repoRoot } from './load-oracle.js';

function btfOf(n: string) {
  const elf = parseElf(n, new Uint8Array(fs.readFileSync(path.join(repoRoot, 'test/fixtures/elf', `${n}.o`))));
  const btf = parseBtf(sectionWindow(elf, elf.sections.find((s) => s.name === '.BTF')!));
  const ext = parseBtfExt(sectionWindow(elf, elf.sections.find((s) => s.name === '.BTF.ext')!), btf);
  return { btf, ext };
}

test('BTF FUNC linkage: global and static functions', (t) => {
  const { btf } = btfOf('calls');
  const funcs = new Map(btf.types.filter((x) => x?.kind === BtfKind.func).map((x) => [x!.name, x!.vlen]));
  t.is(funcs.get('add_global'), BTF_FUNC_GLOBAL);
  t.is(funcs.get('add_static'), BTF_FUNC_STATIC);
  t.is(funcs.get('loop_cb'), BTF_FUNC_STATIC);
});

test('BTF DATASEC .maps lists the map variables; sizes resolve through typedefs', (t) => {
  const { btf } = btfOf('data');
  const ds = findDatasec(btf, '.maps')!;
  t.deepEqual(ds.members.map((m) => btf.types[m.type]!.name), ['counts', 'outer']);
  const u64 = btf.types.find((x) => x?.name === '__u64')!;
  t.is(typeSize(btf, u64.id), 8);
});

test('BTF.ext func_info and line_info are grouped by section, in instructions', (t) => {
  const { ext } = btfOf('calls');
  t.deepEqual(ext.funcs.get('tc')!.map((f) => f.insn), [0, 5]);
  const first = ext.lines.get('xdp')![0]!;
  t.deepEqual([first.insn, first.file, first.line], [0, './calls.c', 24]);
});

test('program types: libbpf SEC_DEF rules, oracle fallback rules, default', (t) => {
  t.is(libbpfProgramType('kprobe/sys_write'), 'kprobe');
  t.is(libbpfProgramType('kprobe'), 'kprobe');
  t.is(libbpfProgramType('kprobex'), undefined);
  t.is(libbpfProgramType('tc'), 'sched_cls');
  t.is(libbpfProgramType('tc/ingress'), undefined);
  t.is(libbpfProgramType('cgroup_skb/egress'), 'cgroup_skb');
  t.is(libbpfProgramType('xdp'), 'xdp');
  t.deepEqual(programTypeFor('cilium/bpf_xdp.o', 'from-netdev'), { type: 'xdp', source: 'rule *cilium*xdp*:*' });
  t.deepEqual(programTypeFor('cilium/bpf_lxc.o', '2/16'), { type: 'sched_cls', source: 'rule *cilium*:*' });
  t.deepEqual(programTypeFor('build/x.o', 'test'), { type: 'socket_filter', source: 'default' });
  t.deepEqual(programTypeFor('build/x.o', 'xdp', 'sched_cls'), { type: 'sched_cls', source: 'override' });
});

(haveShared ? test : test.skip)('CO-RE relocations are listed at final instruction indices (not applied)', (t) => {
  const rel = 'cilium-examples/tcprtt_sockops_bpf_bpfel.o';
  const r = loadObject(rel, new Uint8Array(fs.readFileSync(path.join(corpusDir, rel))));
  if (E.isLeft(r)) return t.fail();
  const core = r.right.programs.flatMap((p) => p.relocs.filter((x) => x.kind === 'core'));
  t.true(core.length > 0);
  t.true(core.every((x) => /^field_byte_offset \w+ [\d:]+ (= \d+ \(uapi\)|\(not applied\))$/.test(x.symbol)));
  t.true(core.some((x) => x.symbol.startsWith('field_byte_offset bpf_sock_ops ')));
});

test('offline CO-RE: field offsets of a trimmed local bpf_sock_ops resolve to the UAPI layout', (t) => {
  // Build a local view by loading the UAPI BTF itself: the identity must resolve to itself.
  const u = uapiBtf();
  const ops = u.types.find((x) => x?.name === 'bpf_sock_ops')!;
  const idx = (n: string) => ops.members.findIndex((m) => m.name === n);
  t.is(coreFieldOffset(u, ops.id, `0:${idx('remote_port')}`), 64);
  t.is(coreFieldOffset(u, ops.id, `0:${idx('local_port')}`), 68);
  // Through the anonymous union: args[2] is at 4 + 2 * 4.
  const anon = ops.members.findIndex((m) => m.name === '');
  const union = u.types[ops.members[anon]!.type]!;
  t.is(coreFieldOffset(u, ops.id, `0:${anon}:${union.members.findIndex((m) => m.name === 'args')}:2`), 12);
  // Unknown root types are not resolved.
  const intId = u.types.find((x) => x?.kind === BtfKind.int)!.id;
  t.is(coreFieldOffset(u, intId, '0:0'), undefined);
});

(haveShared ? test : test.skip)('offline CO-RE is applied to tcprtt_sockops and left alone for kernel-internal types', (t) => {
  const load = (rel: string) => loadObject(rel, new Uint8Array(fs.readFileSync(path.join(corpusDir, rel))));
  const a = load('cilium-examples/tcprtt_sockops_bpf_bpfel.o');
  const b = load('cilium-examples/tcprtt_bpf_bpfel.o');
  if (E.isLeft(a) || E.isLeft(b)) return t.fail();
  const ra = a.right.programs[0]!.relocs.filter((x) => x.kind === 'core');
  t.true(ra.every((x) => x.symbol.endsWith('(uapi)')));
  t.true(ra.some((x) => x.symbol === 'field_byte_offset bpf_sock_ops 0:6 = 68 (uapi)'));
  t.true(b.right.programs[0]!.relocs.filter((x) => x.kind === 'core').every((x) => x.symbol.endsWith('(not applied)')));
});
