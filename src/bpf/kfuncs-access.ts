/**
 * How many stack bytes a kfunc call reads or writes through one argument (spec §4.2, the
 * kernel's `kfunc_stack_access_bytes`), from the kfunc's metadata by name (kfuncs.ts). Same
 * byte-count convention as helpers-access.ts (n > 0 read, n < 0 write, 0 nothing,
 * UNKNOWN_BYTES read of unknown extent). For argument A (register r(A+1)) with parameter p:
 *
 *     no metadata                         -> UNKNOWN
 *     A >= number of parameters           -> 0
 *     p not a pointer                     -> 0
 *     p points to struct bpf_dynptr       -> 16
 *     parameter A+1 is named *__sz/*__szk -> r(A+2) a known constant c: c
 *                                            otherwise: 512, a read (returned as is)
 *     pointee BTF size s resolvable       -> s
 *     otherwise                           -> UNKNOWN
 *     finally, for the dynptr / constant-size / pointee-size cases:
 *       (A = 0 and the kfunc is KF_ITER_NEW) or p named *__uninit -> n := -n (a write)
 */
import { UNKNOWN_BYTES } from './helpers-access.js';
import { DYNPTR_SIZE, type KfuncMeta } from './kfuncs.js';

/** Bytes assumed for a memory argument whose `__sz` size register is not a known constant. */
export const KFUNC_VAR_SIZE_BYTES = 512;

/**
 * The access size of argument `arg` (0-based) of a kfunc call; `scalar(r)` is the constant
 * pass's known 32-bit value of register r at the call.
 *
 * @example
 * kfuncArgBytes(kfuncMeta('bpf_iter_num_new'), 0, () => undefined) // -8 (writes the iterator)
 */
export function kfuncArgBytes(meta: KfuncMeta | undefined, arg: number, scalar: (r: number) => number | undefined): number {
  if (meta === undefined) return UNKNOWN_BYTES;
  const p = meta.params[arg];
  if (p === undefined || !p.pointer) return 0;
  let n: number;
  if (p.dynptr) n = DYNPTR_SIZE;
  else if ((meta.params[arg + 1]?.sizeSuffix ?? '') !== '') {
    const c = scalar(arg + 2);
    if (c === undefined) return KFUNC_VAR_SIZE_BYTES;
    n = c;
  } else if (p.pointeeSize !== undefined) n = p.pointeeSize;
  else return UNKNOWN_BYTES;
  return n !== 0 && ((arg === 0 && meta.iterNew) || p.uninit) ? -n : n;
}
