/**
 * Offline CO-RE: resolves `field_byte_offset` relocations (from .BTF.ext core_relo) against the
 * UAPI context structures (btf-uapi.ts), whose layouts every kernel shares. Objects that
 * declare a trimmed copy of e.g. `struct bpf_sock_ops` with `preserve_access_index` get the
 * offsets libbpf would compute against the kernel. Relocations against kernel-internal types
 * (`struct sock`, ...) are left alone: their layout needs the target kernel's BTF.
 *
 * Spec (libbpf's bpf_core_spec, field kinds): access string `a0:a1:...:an` over the local root
 * type T0: a0 indexes T0 as an array; each later ai selects member ai of a struct/union (or
 * element ai of an array). Matching walks the target type of the same essential name (the
 * local name up to a `___` flavour suffix) by member *name*, descending into anonymous
 * struct/union members when the name is not a direct member; offsets add up along the path:
 *
 *     byte_offset = a0 * sizeof(T0) + sum over steps of (member bit offset / 8 | index * elem size)
 *
 * Anonymous local members are skipped (only named steps are matched). Bitfield members and a
 * path ending on an anonymous member are not resolved (undefined).
 */
import { type Btf, BtfKind, type BtfType, parseBtf, skipModifiers, typeSize } from './btf.js';
import { ByteWindow } from './elf-bytes.js';
import { UAPI_BTF_BASE64 } from './btf-uapi.js';

const BITS = 8;
const BITFIELD_OFFSET_MASK = 0xffffff;
const FLAVOUR_SEP = '___';

let uapi: Btf | undefined;

/**
 * The UAPI context BTF (parsed once).
 *
 * @example
 * uapiBtf().types.some((t) => t?.name === '__sk_buff') // true
 */
export function uapiBtf(): Btf {
  if (uapi === undefined) {
    const bytes = new Uint8Array(Buffer.from(UAPI_BTF_BASE64, 'base64'));
    uapi = parseBtf(new ByteWindow(bytes, 0, bytes.length, { object: '<uapi btf>' }));
  }
  return uapi;
}

const essential = (name: string): string => {
  const i = name.indexOf(FLAVOUR_SEP);
  return i < 0 ? name : name.slice(0, i);
};

const isComposite = (t: BtfType | undefined): t is BtfType => t !== undefined && (t.kind === BtfKind.struct || t.kind === BtfKind.union);

function memberBits(t: BtfType, i: number): number | undefined {
  const m = t.members[i]!;
  if (!t.kindFlag) return m.offset;
  return m.offset >>> 24 !== 0 ? undefined : m.offset & BITFIELD_OFFSET_MASK;
}

/** Finds member `name` in target composite `t`, through anonymous members; bit offset and type. */
function findMember(btf: Btf, t: BtfType, name: string, depth = 0): { bits: number; type: number } | undefined {
  if (depth > 8) return undefined;
  for (let i = 0; i < t.members.length; i++) {
    const m = t.members[i]!;
    const bits = memberBits(t, i);
    if (bits === undefined) continue;
    if (m.name === name) return { bits, type: m.type };
    if (m.name === '') {
      const inner = skipModifiers(btf, m.type);
      if (isComposite(inner)) {
        const r = findMember(btf, inner, name, depth + 1);
        if (r !== undefined) return { bits: bits + r.bits, type: r.type };
      }
    }
  }
  return undefined;
}

/**
 * Byte offset of a `field_byte_offset` relocation in the UAPI layout, or undefined when the
 * root type is not a UAPI context structure or the path cannot be matched.
 *
 * @example
 * coreFieldOffset(localBtf, bpfSockOpsId, '0:5') // 64 (remote_port in the kernel's layout)
 */
export function coreFieldOffset(local: Btf, rootId: number, access: string, target: Btf = uapiBtf()): number | undefined {
  const idx = access.split(':').map(Number);
  if (idx.length === 0 || idx.some((x) => !Number.isInteger(x) || x < 0)) return undefined;
  let lt = skipModifiers(local, rootId);
  if (!isComposite(lt) || lt.name === '') return undefined;
  const name = essential(lt.name);
  let tt = target.types.find((x) => isComposite(x) && x.kind === lt!.kind && x.name === name);
  if (tt === undefined) return undefined;
  const rootSize = typeSize(target, tt.id);
  if (rootSize === undefined) return undefined;
  let bits = idx[0]! * rootSize * BITS;
  for (let k = 1; k < idx.length; k++) {
    const a = idx[k]!;
    if (isComposite(lt) && isComposite(tt)) {
      const m = lt.members[a];
      if (m === undefined) return undefined;
      if (m.name === '') {
        // Anonymous local member: only named steps are matched (as libbpf does); the target
        // search for the next name goes through the target's anonymous members.
        if (k === idx.length - 1) return undefined;
        lt = skipModifiers(local, m.type);
        continue;
      }
      const found = findMember(target, tt, m.name);
      if (found === undefined) return undefined;
      bits += found.bits;
      lt = skipModifiers(local, m.type);
      tt = skipModifiers(target, found.type);
    } else if (lt?.kind === BtfKind.array && tt?.kind === BtfKind.array && lt.array && tt.array) {
      const size = typeSize(target, tt.array.elem);
      if (size === undefined || a >= tt.array.nelems) return undefined;
      bits += a * size * BITS;
      lt = skipModifiers(local, lt.array.elem);
      tt = skipModifiers(target, tt.array.elem);
    } else {
      return undefined;
    }
  }
  return bits % BITS === 0 ? bits / BITS : undefined;
}
