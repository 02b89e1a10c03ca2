/**
 * Program type of an assembly file's `.section NAME` when no `.type` is given: the libbpf
 * rule (first matching section prefix; `NAME` or `NAME/...`).
 */

const RULES: readonly (readonly [string, string])[] = [
  ['socket', 'socket_filter'], ['kprobe', 'kprobe'], ['kretprobe', 'kprobe'], ['uprobe', 'kprobe'],
  ['uretprobe', 'kprobe'], ['tc', 'sched_cls'], ['classifier', 'sched_cls'], ['action', 'sched_act'],
  ['tracepoint', 'tracepoint'], ['tp', 'tracepoint'], ['raw_tracepoint', 'raw_tracepoint'],
  ['raw_tp', 'raw_tracepoint'], ['fentry', 'tracing'], ['fexit', 'tracing'], ['lsm', 'lsm'],
  ['xdp', 'xdp'], ['xdp.frags', 'xdp'], ['perf_event', 'perf_event'], ['cgroup_skb/ingress', 'cgroup_skb'],
  ['cgroup_skb/egress', 'cgroup_skb'], ['cgroup/skb', 'cgroup_skb'], ['sockops', 'sock_ops'],
  ['sk_skb', 'sk_skb'], ['sk_msg', 'sk_msg'], ['lwt_in', 'lwt_in'], ['lwt_out', 'lwt_out'],
  ['lwt_xmit', 'lwt_xmit'], ['flow_dissector', 'flow_dissector'], ['syscall', 'syscall'],
];

/**
 * The libbpf program type for a section name, or undefined.
 *
 * @example
 * sectionProgramType('kprobe/sys_write') // 'kprobe'
 */
export function sectionProgramType(section: string): string | undefined {
  for (const [p, t] of RULES) if (section === p || section.startsWith(`${p}/`)) return t;
  return undefined;
}
