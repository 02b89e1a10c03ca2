/**
 * Program type from an ELF section name, as data.
 *
 * 1. libbpf 1.1's SEC_DEF table (`LIBBPF_SEC_DEFS`), first match wins. A pattern ending in
 *    `+` matches the name exactly or followed by `/...`; ending in `/` matches as a prefix;
 *    otherwise the match is exact.
 * 2. For sections libbpf does not know: the kernel oracle's `TYPE_RULES`
 *    (shared/tools/kernel-oracle/kernel_oracle.py), globs over `"<object path>:<section>"`
 *    where `*` matches any run of characters (`/` included), first match wins.
 * 3. Otherwise `socket_filter` (PREVAIL's default, and the oracle's).
 *
 * A user override (`options.programType`) beats all three.
 */

/** One libbpf SEC_DEF entry: section pattern and libbpf program type name. */
export interface SecDef {
  readonly pattern: string;
  readonly type: string;
}

const sd = (pattern: string, type: string): SecDef => ({ pattern, type });

/** libbpf 1.1 section definitions, in libbpf's order. */
export const LIBBPF_SEC_DEFS: readonly SecDef[] = [
  sd('socket', 'socket_filter'),
  sd('sk_reuseport/migrate', 'sk_reuseport'),
  sd('sk_reuseport', 'sk_reuseport'),
  sd('kprobe+', 'kprobe'),
  sd('uprobe+', 'kprobe'),
  sd('uprobe.s+', 'kprobe'),
  sd('kretprobe+', 'kprobe'),
  sd('uretprobe+', 'kprobe'),
  sd('uretprobe.s+', 'kprobe'),
  sd('kprobe.multi+', 'kprobe'),
  sd('kretprobe.multi+', 'kprobe'),
  sd('ksyscall+', 'kprobe'),
  sd('kretsyscall+', 'kprobe'),
  sd('usdt+', 'kprobe'),
  sd('tc', 'sched_cls'),
  sd('classifier', 'sched_cls'),
  sd('action', 'sched_act'),
  sd('tracepoint+', 'tracepoint'),
  sd('tp+', 'tracepoint'),
  sd('raw_tracepoint+', 'raw_tracepoint'),
  sd('raw_tp+', 'raw_tracepoint'),
  sd('raw_tracepoint.w+', 'raw_tracepoint_writable'),
  sd('raw_tp.w+', 'raw_tracepoint_writable'),
  sd('tp_btf+', 'tracing'),
  sd('fentry+', 'tracing'),
  sd('fmod_ret+', 'tracing'),
  sd('fexit+', 'tracing'),
  sd('fentry.s+', 'tracing'),
  sd('fmod_ret.s+', 'tracing'),
  sd('fexit.s+', 'tracing'),
  sd('freplace+', 'ext'),
  sd('lsm+', 'lsm'),
  sd('lsm.s+', 'lsm'),
  sd('lsm_cgroup+', 'lsm'),
  sd('iter+', 'tracing'),
  sd('iter.s+', 'tracing'),
  sd('syscall', 'syscall'),
  sd('xdp.frags/devmap', 'xdp'),
  sd('xdp/devmap', 'xdp'),
  sd('xdp.frags/cpumap', 'xdp'),
  sd('xdp/cpumap', 'xdp'),
  sd('xdp.frags', 'xdp'),
  sd('xdp', 'xdp'),
  sd('perf_event', 'perf_event'),
  sd('lwt_in', 'lwt_in'),
  sd('lwt_out', 'lwt_out'),
  sd('lwt_xmit', 'lwt_xmit'),
  sd('lwt_seg6local', 'lwt_seg6local'),
  sd('sockops', 'sock_ops'),
  sd('sk_skb/stream_parser', 'sk_skb'),
  sd('sk_skb/stream_verdict', 'sk_skb'),
  sd('sk_skb', 'sk_skb'),
  sd('sk_msg', 'sk_msg'),
  sd('lirc_mode2', 'lirc_mode2'),
  sd('flow_dissector', 'flow_dissector'),
  sd('cgroup_skb/ingress', 'cgroup_skb'),
  sd('cgroup_skb/egress', 'cgroup_skb'),
  sd('cgroup/skb', 'cgroup_skb'),
  sd('cgroup/sock_create', 'cgroup_sock'),
  sd('cgroup/sock_release', 'cgroup_sock'),
  sd('cgroup/sock', 'cgroup_sock'),
  sd('cgroup/post_bind4', 'cgroup_sock'),
  sd('cgroup/post_bind6', 'cgroup_sock'),
  ...['bind4', 'bind6', 'connect4', 'connect6', 'sendmsg4', 'sendmsg6', 'recvmsg4', 'recvmsg6', 'getpeername4', 'getpeername6', 'getsockname4', 'getsockname6'].map((n) => sd(`cgroup/${n}`, 'cgroup_sock_addr')),
  sd('cgroup/sysctl', 'cgroup_sysctl'),
  sd('cgroup/getsockopt', 'cgroup_sockopt'),
  sd('cgroup/setsockopt', 'cgroup_sockopt'),
  sd('cgroup/dev', 'cgroup_device'),
  sd('struct_ops+', 'struct_ops'),
  sd('sk_lookup', 'sk_lookup'),
];

/** The kernel oracle's fallback rules: glob over `"<object>:<section>"` -> type. */
export const ORACLE_TYPE_RULES: readonly (readonly [string, string])[] = [
  ['*:socket*', 'socket_filter'], ['*:kprobe/*', 'kprobe'], ['*:kretprobe/*', 'kprobe'],
  ['*:tracepoint/*', 'tracepoint'], ['*:raw_tracepoint/*', 'raw_tracepoint'],
  ['*:perf_event*', 'perf_event'], ['*:cgroup/skb*', 'cgroup_skb'], ['*:cgroup/sock*', 'cgroup_sock'],
  ['*:sockops*', 'sock_ops'], ['*:sk_skb*', 'sk_skb'], ['*:sk_msg*', 'sk_msg'],
  ['*:xdp*', 'xdp'], ['*:af_xdp*', 'xdp'], ['*:classifier*', 'sched_cls'], ['*:tc*', 'sched_cls'],
  ['*:action*', 'sched_act'], ['*lwt_len_hist*:len_hist', 'lwt_out'],
  ['*cilium*xdp*:*', 'xdp'], ['*cilium*:*', 'sched_cls'],
  ['*ovs/*:*', 'sched_cls'],
  ['*test_cgrp2_tc*:filter', 'sched_cls'], ['*tc_l2_redirect*:*', 'sched_cls'],
  ['*tc_bench01*:*', 'sched_cls'], ['*tcbpf1*:*', 'sched_cls'],
];

/** The type used when nothing matches (PREVAIL's and the oracle's choice). */
export const DEFAULT_PROGRAM_TYPE = 'socket_filter';

/** Every libbpf program type name this table can produce. */
export const PROGRAM_TYPES: readonly string[] = [...new Set([...LIBBPF_SEC_DEFS.map((d) => d.type), ...ORACLE_TYPE_RULES.map(([, t]) => t)])].sort();

function secDefMatches(pattern: string, section: string): boolean {
  if (pattern.endsWith('/')) return section.startsWith(pattern);
  if (pattern.endsWith('+')) {
    const p = pattern.slice(0, -1);
    return section === p || section.startsWith(`${p}/`);
  }
  return section === pattern;
}

/**
 * libbpf's type for a section name, or undefined if libbpf 1.1 does not know it.
 *
 * @example
 * libbpfProgramType('kprobe/sys_write') // 'kprobe'
 */
export function libbpfProgramType(section: string): string | undefined {
  return LIBBPF_SEC_DEFS.find((d) => secDefMatches(d.pattern, section))?.type;
}

const globCache = new Map<string, RegExp>();
function globRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (re === undefined) {
    const body = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*');
    re = new RegExp(`^${body}$`);
    globCache.set(glob, re);
  }
  return re;
}

/** How a program's type was chosen (as in the oracle's `type_source`). */
export type TypeSource = 'override' | 'libbpf' | `rule ${string}` | 'default';

/**
 * Program type for a section of an object: override, libbpf rules, oracle fallback, default.
 *
 * @example
 * programTypeFor('cilium/bpf_lxc.o', '2/16') // { type: 'sched_cls', source: 'rule *cilium*:*' }
 */
export function programTypeFor(object: string, section: string, override?: string): { type: string; source: TypeSource } {
  if (override !== undefined) return { type: override, source: 'override' };
  const lib = libbpfProgramType(section);
  if (lib !== undefined) return { type: lib, source: 'libbpf' };
  const key = `${object}:${section}`;
  for (const [glob, type] of ORACLE_TYPE_RULES) {
    if (globRegExp(glob).test(key)) return { type, source: `rule ${glob}` };
  }
  return { type: DEFAULT_PROGRAM_TYPE, source: 'default' };
}
