/**
 * How many stack bytes a helper call reads or writes through one argument (spec §4.2, the
 * kernel's `helper_stack_access_bytes`). Byte-count convention:
 *
 *     n > 0  read of n bytes        n < 0  write of |n| bytes
 *     n = 0  nothing                n = UNKNOWN_BYTES (-2^31)  read of unknown extent
 *
 * On the argument type t of argument i:
 *
 *     no prototype                   -> UNKNOWN
 *     key / value                    -> key/value size of the map in the first earlier `map`
 *                                       argument when the constant pass knows that register;
 *                                       else the maximum over the maps the program uses
 *                                       (`usedMaps`: referenced by an ld_imm64; default all),
 *                                       with their inner-map templates; 0 maximum -> UNKNOWN
 *     fixed                          -> the fixed size
 *     mem followed by size/size0     -> constant size register: its value; otherwise 0 for an
 *                                       uninit (written) argument, 512 for a read
 *     mem without a size argument    -> UNKNOWN
 *     dynptr                         -> 16
 *     stack (callback context)       -> 0
 *     anything else                  -> UNKNOWN
 *     finally, t has MEM_UNINIT      -> n := -n   (UNKNOWN stays UNKNOWN)
 */
import type { HelperProto } from './helpers.js';
import type { MapDef } from './object.js';

/** The UNKNOWN byte count (kernel: S64_MIN; here the smallest 32-bit integer). */
export const UNKNOWN_BYTES = -2147483648;

/** What the constant pass knows at the call instruction. */
export interface CallConsts {
  /** Known 32-bit scalar constant in register r, if any. */
  scalar(r: number): number | undefined;
  /** Map index held by register r, if known. */
  map(r: number): number | undefined;
}

function maxSize(maps: readonly MapDef[], pick: (m: MapDef) => number): number {
  let best = 0;
  for (const m of maps) {
    best = Math.max(best, pick(m));
    if (m.inner) best = Math.max(best, pick(m.inner));
  }
  return best;
}

/**
 * Byte count for argument `argIdx` (0-based: register r(argIdx+1)) of a helper call.
 * `maps` is indexed by map index; `usedMaps` lists the indexes the program references.
 *
 * @example
 * helperArgBytes(protoFor(26, 'sched_cls'), 2, consts, maps) // -14 when r4 = 14 (load into stack)
 */
export function helperArgBytes(proto: HelperProto | undefined, argIdx: number, consts: CallConsts, maps: readonly MapDef[], usedMaps?: readonly number[]): number {
  if (proto === undefined) return UNKNOWN_BYTES;
  const t = proto.args[argIdx];
  if (t === undefined) return 0;
  let n: number;
  switch (t.kind) {
    case 'key':
    case 'value': {
      const pick = t.kind === 'key' ? (m: MapDef) => m.keySize : (m: MapDef) => m.valueSize;
      const mapArg = proto.args.findIndex((a, i) => i < argIdx && a.kind === 'map');
      const idx = mapArg >= 0 ? consts.map(mapArg + 1) : undefined;
      const m = idx !== undefined ? maps[idx] : undefined;
      if (m !== undefined) n = pick(m);
      else {
        const max = maxSize(usedMaps ? usedMaps.flatMap(u => (maps[u] ? [maps[u]!] : [])) : maps, pick);
        n = max === 0 ? UNKNOWN_BYTES : max;
      }
      break;
    }
    case 'fixed':
      n = t.fixedSize ?? UNKNOWN_BYTES;
      break;
    case 'mem': {
      const next = proto.args[argIdx + 1];
      if (next !== undefined && (next.kind === 'size' || next.kind === 'size0')) {
        const c = consts.scalar(argIdx + 2);
        n = c !== undefined ? c : t.uninit ? 0 : 512;
      } else n = UNKNOWN_BYTES;
      break;
    }
    case 'dynptr':
      n = 16;
      break;
    case 'stack':
      n = 0;
      break;
    default:
      n = UNKNOWN_BYTES;
  }
  if (t.uninit && n !== UNKNOWN_BYTES) n = n === 0 ? 0 : -n;
  return n;
}
