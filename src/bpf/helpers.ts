/**
 * Helper prototypes as the verifier of this kernel sees them, per program type.
 *
 * Data: helpers-data.ts (generated: id, name, notation, best effort) and the per-type
 * variants of helpers-protos.ts. The notation is parsed once into `HelperProto`.
 *
 * `protoFor(id, progType, env)` mirrors `env->ops->get_func_proto(id, prog)`: it returns
 * `undefined` when the program type does not get the helper (group restriction), when the
 * environment refuses it (lockdown: bpf_probe_write_user; no CONFIG_BPF_KPROBE_OVERRIDE:
 * bpf_override_return), or when the id is unknown. Consumers:
 *
 *     num_params(call)  = proto ? proto.args.length : 5       (register liveness uses r1..rN)
 *     clobbers(call)    = r0..r5                              (every helper call)
 *     helper_arg_bytes  = helpers-access.ts (spec §4.2), UNKNOWN without a proto
 */
import { HELPER_ROWS } from './helpers-data.js';
import { VARIANTS } from './helpers-protos.js';

/** Stack-relevant argument kinds (spec §4.2). */
export type ArgKind = 'map' | 'key' | 'value' | 'mem' | 'fixed' | 'size' | 'size0' | 'dynptr' | 'stack' | 'other';

/** One parsed argument. */
export interface ArgSpec {
  readonly kind: ArgKind;
  /** MEM_UNINIT: the helper writes the memory. */
  readonly uninit: boolean;
  /** PTR_MAYBE_NULL. */
  readonly maybeNull: boolean;
  /** MEM_FIXED_SIZE size in bytes (kind `fixed`). */
  readonly fixedSize?: number;
  /** The notation token (e.g. `mem.u`, `ctx`). */
  readonly token: string;
}

/** A helper prototype. */
export interface HelperProto {
  readonly id: number;
  readonly name: string;
  /** The leading arguments that are not DONTCARE; `args.length` = num_params. */
  readonly args: readonly ArgSpec[];
  /** Return type label (`int`, `void`, `value?`, ...). */
  readonly ret: string;
  /** Not used by the corpus: entered from the sources without oracle validation. */
  readonly bestEffort: boolean;
  /** Program-type groups that get the helper; empty = all. */
  readonly groups: readonly string[];
  /** Environment conditions that refuse the helper. */
  readonly refusedBy: readonly ('lockdown' | 'override')[];
}

/** The kernel environment the prototypes depend on. */
export interface HelperEnv {
  /** Kernel lockdown (integrity or confidentiality) active. */
  readonly lockdown: boolean;
  /** CONFIG_BPF_KPROBE_OVERRIDE enabled. */
  readonly kprobeOverride: boolean;
}

/** The environment of the oracle's kernel (see ../shared/oracle/README.md). */
export const ORACLE_ENV: HelperEnv = { lockdown: true, kprobeOverride: false };

/** Registers every helper call clobbers: r0..r5 (bit j = rj). */
export const HELPER_CLOBBERS = 0x3f;

/** Program types (libbpf names) per group of the notation. */
export const PROG_TYPE_GROUPS: Readonly<Record<string, readonly string[]>> = {
  tracing: ['kprobe', 'tracepoint', 'perf_event', 'raw_tracepoint', 'raw_tracepoint_writable', 'tracing', 'lsm'],
  kprobe: ['kprobe'],
  perf_event: ['perf_event'],
  tc: ['sched_cls', 'sched_act'],
  xdp: ['xdp'],
  lwt: ['lwt_in', 'lwt_out', 'lwt_xmit', 'lwt_seg6local'],
  lwt_xmit: ['lwt_xmit'],
  sk_skb: ['sk_skb'],
  skb: ['socket_filter', 'sched_cls', 'sched_act', 'cgroup_skb', 'lwt_in', 'lwt_out', 'lwt_xmit', 'lwt_seg6local', 'sk_skb', 'flow_dissector', 'sk_reuseport'],
  sock_ops: ['sock_ops'],
  sockopt: ['sock_ops', 'cgroup_sock_addr', 'cgroup_sockopt', 'tracing', 'lsm', 'struct_ops'],
};

const ARG_KINDS: Readonly<Record<string, ArgKind>> = {
  map: 'map', key: 'key', value: 'value', mem: 'mem', size: 'size', size0: 'size0', dynptr: 'dynptr', stack: 'stack',
};

function parseArg(token: string): ArgSpec {
  const uninit = token.endsWith('.u');
  const base0 = uninit ? token.slice(0, -2) : token;
  const maybeNull = base0.endsWith('?');
  const base = maybeNull ? base0.slice(0, -1) : base0;
  const fixed = /^fix(\d+)$/.exec(base);
  if (fixed) return { kind: 'fixed', uninit, maybeNull, fixedSize: Number(fixed[1]), token };
  return { kind: ARG_KINDS[base] ?? 'other', uninit, maybeNull, token };
}

/**
 * Parses the prototype notation of helpers-protos.ts.
 *
 * @example
 * parseProto(26, 'bpf_skb_load_bytes', 'ctx any mem.u size -> int @skb', false).args.length // 4
 */
export function parseProto(id: number, name: string, spec: string, bestEffort: boolean): HelperProto {
  const [lhs, rhs = ''] = spec.split('->');
  const args = lhs!.trim().split(/\s+/).filter(Boolean).map(parseArg);
  const rest = rhs.trim().split(/\s+/).filter(Boolean);
  const ret = rest.find(t => !t.startsWith('@') && !t.startsWith('!')) ?? 'int';
  const groups = rest.filter(t => t.startsWith('@')).map(t => t.slice(1));
  const refusedBy = rest.filter(t => t.startsWith('!')).map(t => t.slice(1)) as ('lockdown' | 'override')[];
  return { id, name, args, ret, bestEffort, groups, refusedBy };
}

const BASE: ReadonlyMap<number, HelperProto> = new Map(
  HELPER_ROWS.filter(r => r[2] !== null).map(([id, name, spec, be]) => [id, parseProto(id, name, spec!, be)] as const),
);
const NAMES: ReadonlyMap<number, string> = new Map(HELPER_ROWS.map(r => [r[0], r[1]] as const));

/**
 * The helper's prototype ignoring program type and environment (undefined if unknown).
 *
 * @example
 * baseProto(1)?.name // 'bpf_map_lookup_elem'
 */
export function baseProto(id: number): HelperProto | undefined {
  return BASE.get(id);
}

/**
 * The helper's name by id (from the BTF list), or undefined.
 *
 * @example
 * helperNameOf(12) // 'bpf_tail_call'
 */
export function helperNameOf(id: number): string | undefined {
  return NAMES.get(id);
}

/**
 * The prototype the verifier uses for helper `id` in a program of type `progType`, or
 * undefined when the kernel refuses the helper there (then register liveness uses r1..r5).
 *
 * @example
 * protoFor(36, 'kprobe')?.args.length          // undefined under the oracle's lockdown
 * protoFor(36, 'kprobe', { lockdown: false, kprobeOverride: false })?.args.length // 3
 */
export function protoFor(id: number, progType: string, env: HelperEnv = ORACLE_ENV): HelperProto | undefined {
  const base = BASE.get(id);
  if (base === undefined) return undefined;
  if (base.refusedBy.includes('lockdown') && env.lockdown) return undefined;
  if (base.refusedBy.includes('override') && !env.kprobeOverride) return undefined;
  if (base.groups.length > 0 && !base.groups.some(g => PROG_TYPE_GROUPS[g]?.includes(progType))) return undefined;
  const variant = VARIANTS[base.name]?.[progType];
  return variant === undefined ? base : { ...parseProto(id, base.name, variant, base.bestEffort), groups: base.groups, refusedBy: base.refusedBy };
}

/**
 * Number of argument registers a call of helper `id` reads, per the kernel's call summary:
 * the prototype's argument count, or 5 without a prototype.
 *
 * @example
 * helperNumParams(1, 'xdp') // 2
 */
export function helperNumParams(id: number, progType: string, env: HelperEnv = ORACLE_ENV): number {
  return protoFor(id, progType, env)?.args.length ?? 5;
}
