import test from 'ava';
import { baseProto, helperNameOf, helperNumParams, protoFor, parseProto } from '../../src/bpf/helpers.js';
import { helperArgBytes, UNKNOWN_BYTES, type CallConsts } from '../../src/bpf/helpers-access.js';
import { HELPER_ROWS } from '../../src/bpf/helpers-data.js';
import { HELPER_NAMES } from '../../src/bpf/helper-names.js';
import type { MapDef } from '../../src/bpf/object.js';

const map = (keySize: number, valueSize: number, inner?: MapDef): MapDef => ({
  name: 'm', type: 1, keySize, valueSize, maxEntries: 1, flags: 0, origin: 'btf', section: '.maps', readonly: false, ...(inner ? { inner } : {}),
});
const consts = (scalars: Record<number, number>, maps: Record<number, number> = {}): CallConsts => ({
  scalar: r => scalars[r], map: r => maps[r],
});

test('the generated table covers every helper id of the kernel, by name', t => {
  t.is(HELPER_ROWS.length, HELPER_NAMES.length - 1);
  for (const [id, name] of HELPER_ROWS) t.is(HELPER_NAMES[id], name);
  t.is(helperNameOf(181), 'bpf_loop');
  t.is(HELPER_ROWS.filter(r => r[2] === null).length, 0);
});

test('parsed prototypes: counts, kinds, flags', t => {
  const p = parseProto(26, 'bpf_skb_load_bytes', 'ctx any mem.u size -> int @skb', false);
  t.is(p.args.length, 4);
  t.deepEqual(p.args.map(a => a.kind), ['other', 'other', 'mem', 'size']);
  t.true(p.args[2]!.uninit);
  t.deepEqual(p.groups, ['skb']);
  t.is(baseProto(105)!.args[3]!.fixedSize, 8);
});

test('protoFor follows program type and environment', t => {
  t.is(helperNumParams(36, 'kprobe'), 5, 'probe_write_user refused under lockdown');
  t.is(helperNumParams(36, 'kprobe', { lockdown: false, kprobeOverride: false }), 3);
  t.is(helperNumParams(58, 'kprobe'), 5);
  t.is(helperNumParams(58, 'kprobe', { lockdown: true, kprobeOverride: true }), 2);
  t.is(helperNumParams(53, 'xdp'), 5, 'sock_map_update is sock_ops only');
  t.is(helperNumParams(53, 'sock_ops'), 4);
  t.is(helperNumParams(43, 'socket_filter'), 5);
  t.is(helperNumParams(43, 'sched_cls'), 3);
  t.is(helperNumParams(7, 'xdp'), 0);
  t.is(protoFor(99999, 'xdp'), undefined);
});

test('helper_arg_bytes: map key/value from the known map, else the maximum', t => {
  const maps = [map(4, 8), map(16, 64, map(2, 100))];
  const lookup = protoFor(1, 'xdp');
  t.is(helperArgBytes(lookup, 1, consts({}, { 1: 0 }), maps), 4);
  t.is(helperArgBytes(lookup, 1, consts({}, {}), maps), 16);
  t.is(helperArgBytes(protoFor(2, 'xdp'), 2, consts({}, {}), maps), 100, 'inner template counts');
  t.is(helperArgBytes(lookup, 1, consts({}, {}), [map(0, 0)]), UNKNOWN_BYTES);
  t.is(helperArgBytes(protoFor(88, 'xdp'), 1, consts({}, { 1: 0 }), maps), -8, 'pop_elem writes the value');
});

test('helper_arg_bytes: mem with size register, fixed, dynptr, stack, other', t => {
  const load = protoFor(26, 'sched_cls');
  t.is(helperArgBytes(load, 2, consts({ 4: 14 }), []), -14);
  t.is(helperArgBytes(load, 2, consts({}), []), 0, 'unknown size of a written buffer: nothing');
  const store = protoFor(9, 'sched_cls');
  t.is(helperArgBytes(store, 2, consts({ 4: 6 }), []), 6);
  t.is(helperArgBytes(store, 2, consts({}), []), 512, 'unknown size of a read buffer: 512');
  t.is(helperArgBytes(store, 0, consts({}), []), UNKNOWN_BYTES, 'ctx');
  t.is(helperArgBytes(protoFor(105, 'xdp'), 3, consts({}), []), -8, 'strtol result');
  t.is(helperArgBytes(protoFor(201, 'xdp'), 2, consts({}), []), 16, 'dynptr');
  t.is(helperArgBytes(protoFor(197, 'xdp'), 3, consts({}), []), -16, 'uninit dynptr');
  t.is(helperArgBytes(protoFor(181, 'xdp'), 2, consts({}), []), 0, 'callback ctx');
  t.is(helperArgBytes(undefined, 0, consts({}), []), UNKNOWN_BYTES, 'no proto');
  t.is(helperArgBytes(protoFor(7, 'xdp'), 0, consts({}), []), 0, 'beyond the params');
});
