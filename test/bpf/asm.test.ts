import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { assemble } from '../../src/bpf/asm/assemble.js';
import { assembleObject, isAssemblySource } from '../../src/bpf/asm/as-object.js';
import { assembleLine } from '../../src/bpf/asm/line.js';
import { HELPER_NAMES, helperId, helperName } from '../../src/bpf/helper-names.js';

const ok = (file: string, text: string) => {
  const r = assemble(file, text);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};

test('helper names come from the kernel enum', (t) => {
  t.is(helperName(1), 'bpf_map_lookup_elem');
  t.is(helperName(12), 'bpf_tail_call');
  t.is(helperName(0), undefined);
  t.is(helperName(HELPER_NAMES.length), undefined);
  t.is(helperId('bpf_ringbuf_output'), 130);
  t.is(helperId('bpf_unspec'), undefined);
  t.true(HELPER_NAMES.length > 200);
});

test('defaults: socket_filter in .text, named after the file', (t) => {
  const p = ok('dir/prog.s', 'r0 = 0\nexit\n');
  t.like(p, { object: 'dir/prog.s', section: '.text', name: 'prog', type: 'socket_filter' });
  t.deepEqual(p.subprogs, [{ start: 0, name: 'prog', global: true, section: '.text' }]);
  t.deepEqual(p.maps, []);
});

test('type from .section the libbpf way; .type wins; .name and main label', (t) => {
  t.like(ok('a.s', '.section kprobe/sys_write\nr0 = 0\nexit'), { section: 'kprobe/sys_write', type: 'kprobe' });
  t.like(ok('a.s', '.section tc\nr0 = 0\nexit'), { type: 'sched_cls' });
  t.like(ok('a.s', '.type xdp\nr0 = 0\nexit'), { section: 'xdp', type: 'xdp' });
  t.like(ok('a.s', '.section foo\n.type sched_cls\nr0 = 0\nexit'), { section: 'foo', type: 'sched_cls' });
  t.like(ok('a.s', 'entry:\nr0 = 0\nexit'), { name: 'entry' });
  t.like(ok('a.s', '.name named\nentry:\nr0 = 0\nexit'), { name: 'named' });
});

test('maps, relocations and line info', (t) => {
  const p = ok('m.s', [
    '.map a type=array key=4 value=8 entries=2',
    '.map b type=0x1 key=8 value=16 entries=100 flags=1 readonly',
    '  r1 = map[b]',
    '  r2 = map_value[a]+8',
    '  r0 = 0 ; done',
    '  exit',
  ].join('\n'));
  t.deepEqual(p.maps.map((m) => [m.name, m.type, m.keySize, m.valueSize, m.maxEntries, m.flags, m.readonly]), [
    ['a', 2, 4, 8, 2, 0, false],
    ['b', 1, 8, 16, 100, 1, true],
  ]);
  t.deepEqual(p.relocs, [
    { insn: 0, kind: 'map', symbol: 'b' },
    { insn: 2, kind: 'map_value', symbol: 'a' },
  ]);
  t.deepEqual(Array.from(p.bytes.slice(0, 8)), [0x18, 0x11, 0, 0, 1, 0, 0, 0]);
  t.deepEqual(Array.from(p.bytes.slice(16, 24)), [0x18, 0x22, 0, 0, 0, 0, 0, 0]);
  t.is(p.bytes[28], 8);
  t.deepEqual(p.lines.map((l) => [l.insn, l.line, l.col, l.text]), [
    [0, 3, 3, 'r1 = map[b]'],
    [2, 4, 3, 'r2 = map_value[a]+8'],
    [4, 5, 3, 'r0 = 0'],
    [5, 6, 3, 'exit'],
  ]);
});

test('subprograms from .subprog, call labels, pc-relative calls and func[] loads', (t) => {
  const p = ok('s.s', [
    'call f',
    'call pc+4',
    'r1 = func[g]',
    'r0 = 0',
    'exit',
    '.subprog f global',
    'r0 = 1',
    'exit',
    'g: r0 = 2',
    'exit',
  ].join('\n'));
  t.deepEqual(p.subprogs.map((s) => [s.start, s.name, s.global]), [[0, 's', true], [6, 'f', true], [8, 'g', false]]);
});

test('kernel log lines read back into fields', (t) => {
  t.deepEqual(assembleLine('12: (85) call bpf_map_lookup_elem#1'), E.right({ code: 0x85, dst: 0, src: 0, off: 0, imm: 1, wide: false, hi: 0 }));
  t.deepEqual(assembleLine('(18) r2 = 0xffff888108aad600'), E.right({ code: 0x18, dst: 2, src: 0, off: 0, imm: 0x08aad600, wide: true, hi: -30591 }));
  t.deepEqual(assembleLine('(65) if r1 s> 0xffffffff goto pc+1'), E.right({ code: 0x65, dst: 1, src: 0, off: 1, imm: -1, wide: false, hi: 0 }));
  t.true(E.isLeft(assembleLine('goto somewhere')));
  t.true(E.isLeft(assembleLine('(bf) exit')));
});

test('raw() writes any one-slot encoding', (t) => {
  const p = ok('r.s', 'r0 = 0\nraw(0x95, 0, 0, 7, 0)\n');
  t.deepEqual(Array.from(p.bytes.slice(8)), [0x95, 0, 7, 0, 0, 0, 0, 0]);
  t.true(E.isLeft(assemble('r.s', 'raw(0xff, 0, 0, 0, 0)\n')));
});

test('assembly as an ObjectFile, and telling assembly from ELF', (t) => {
  const o = assembleObject('x.s', '.section xdp\nr0 = 2\nexit\n');
  if (E.isLeft(o)) return t.fail();
  t.is(o.right.path, 'x.s');
  t.is(o.right.programs.length, 1);
  t.deepEqual(o.right.sections, [{ index: 1, name: 'xdp', type: 1, size: 16, executable: true }]);
  t.true(isAssemblySource('a.s', new Uint8Array([0x7f, 0x45, 0x4c, 0x46])));
  t.false(isAssemblySource('a.o', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2])));
  t.true(isAssemblySource('a.txt', new TextEncoder().encode('r0 = 0\nexit\n')));
});

test("LLVM's spellings: call N, atomic_* on u64, spaces in offsets", (t) => {
  const p = ok('l.s', 'call 5\nr0 = atomic_fetch_add((u64 *)(r1 + 8), r0)\n*(u32 *)(r10 - 4) = r1\nexit\n');
  t.deepEqual(Array.from(p.bytes), [
    0x85, 0, 0, 0, 5, 0, 0, 0,
    0xdb, 0x01, 8, 0, 0x01, 0, 0, 0,
    0x63, 0x1a, 0xfc, 0xff, 0, 0, 0, 0,
    0x95, 0, 0, 0, 0, 0, 0, 0,
  ]);
});

test('rows of the verifier\'s live-regs table assemble (the liveness column is ignored)', (t) => {
  const p = ok('live.s', '0: .1........ (bf) r6 = r1\n1: .......6.. (85) call pc+1\n2: 0......... (95) exit\n3: .......... (b7) r0 = 0\n4: 0......... (95) exit\n');
  t.is(p.bytes.length, 40);
  t.deepEqual(p.subprogs.map((s) => s.start), [0, 3]);
});
