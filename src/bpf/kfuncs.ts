/**
 * kfunc metadata by NAME (kfunc BTF ids differ per kernel build): what spec §4.2's
 * `kfunc_stack_access_bytes` and the call summary (`num_params`) need to know about a kfunc's
 * BTF prototype. The table (kfuncs-data.ts, looked up by kfuncs-table.ts) is generated from
 * vmlinux BTF by scripts/gen-kfuncs.ts through `kfuncMetaFromBtf` (this file must not import
 * the table: the generator overwrites it); one row is `[name, params, flags]` with
 *
 *     params  space-separated, one token per BTF parameter ('' = none):
 *               _        not a pointer (after typedef/const/volatile/restrict/type_tag)
 *               *N       pointer whose pointee has BTF size N
 *               *?       pointer whose pointee size is not resolvable (void, function, fwd)
 *               dynptr   pointer to struct bpf_dynptr
 *             followed by name-suffix marks: .sz (name ends `__sz`), .szk (`__szk`),
 *             .uninit (`__uninit`)
 *     flags   space-separated: iter_new (KF_ITER_NEW; BTF does not carry kfunc flags, so this
 *             is the name pattern `bpf_iter_<x>_new` every iterator constructor follows)
 *
 * Kfuncs are the BTF FUNCs tagged by a DECL_TAG named `bpf_kfunc` (component_idx -1).
 */
import { type Btf, BtfKind, skipModifiers, typeSize } from './btf.js';

/** One kfunc parameter as far as stack access sizes go. */
export interface KfuncParam {
  /** The type (after modifiers) is a pointer. */
  readonly pointer: boolean;
  /** BTF size of the pointee (pointers only; undefined when not resolvable). */
  readonly pointeeSize?: number;
  /** Pointer to struct bpf_dynptr. */
  readonly dynptr: boolean;
  /** The name ends in `__sz` or `__szk`: it is the size of the previous (memory) parameter. */
  readonly sizeSuffix: '' | 'sz' | 'szk';
  /** The name ends in `__uninit`: the kfunc writes the memory. */
  readonly uninit: boolean;
}

/** What is known about one kfunc. */
export interface KfuncMeta {
  readonly name: string;
  readonly params: readonly KfuncParam[];
  /** KF_ITER_NEW: an iterator constructor (arg 0 is the iterator, written). */
  readonly iterNew: boolean;
}

/** One generated row: name, parameter notation, flags (see the file comment). */
export type KfuncRow = readonly [string, string, string];

const ITER_NEW = /^bpf_iter_.+_new$/;
const KFUNC_TAG = 'bpf_kfunc';

/**
 * The notation of one parameter.
 *
 * @example
 * paramNotation({ pointer: true, pointeeSize: 8, dynptr: false, sizeSuffix: '', uninit: true }) // '*8.uninit'
 */
export function paramNotation(p: KfuncParam): string {
  const kind = !p.pointer ? '_' : p.dynptr ? 'dynptr' : p.pointeeSize === undefined ? '*?' : `*${p.pointeeSize}`;
  return kind + (p.sizeSuffix ? `.${p.sizeSuffix}` : '') + (p.uninit ? '.uninit' : '');
}

/**
 * A row of the generated table.
 *
 * @example
 * kfuncRow(meta) // ['bpf_iter_num_new', '*8 _ _', 'iter_new']
 */
export function kfuncRow(m: KfuncMeta): KfuncRow {
  return [m.name, m.params.map(paramNotation).join(' '), m.iterNew ? 'iter_new' : ''];
}

/**
 * Decodes a generated row; undefined when the notation is malformed.
 *
 * @example
 * parseKfuncRow(['bpf_iter_num_destroy', '*8', ''])?.params[0]?.pointeeSize // 8
 */
export function parseKfuncRow(row: KfuncRow): KfuncMeta | undefined {
  const [name, notation, flags] = row;
  const params: KfuncParam[] = [];
  for (const tok of notation === '' ? [] : notation.split(' ')) {
    const [kind = '', ...marks] = tok.split('.');
    const m = /^(_|dynptr|\*\?|\*(\d+))$/.exec(kind);
    if (m === null || marks.some(x => x !== 'sz' && x !== 'szk' && x !== 'uninit')) return undefined;
    const size = marks.includes('szk') ? 'szk' : marks.includes('sz') ? 'sz' : '';
    params.push({
      pointer: kind !== '_', dynptr: kind === 'dynptr', sizeSuffix: size, uninit: marks.includes('uninit'),
      ...(m[2] !== undefined ? { pointeeSize: Number(m[2]) } : kind === 'dynptr' ? { pointeeSize: DYNPTR_SIZE } : {}),
    });
  }
  return { name, params, iterNew: flags.split(' ').includes('iter_new') };
}

/** sizeof(struct bpf_dynptr). */
export const DYNPTR_SIZE = 16;

/**
 * kfunc metadata of every FUNC tagged `bpf_kfunc` in a BTF (vmlinux), sorted by name.
 *
 * @example
 * kfuncMetaFromBtf(parseBtf(vmlinuxWindow)).find(k => k.name === 'bpf_iter_num_new')?.iterNew // true
 */
export function kfuncMetaFromBtf(btf: Btf): KfuncMeta[] {
  const tagged = new Set<number>();
  for (const t of btf.types) if (t?.kind === BtfKind.declTag && t.name === KFUNC_TAG && t.componentIdx === -1) tagged.add(t.sizeOrType);
  const out = new Map<string, KfuncMeta>();
  for (const id of tagged) {
    const fn = btf.types[id];
    const proto = fn?.kind === BtfKind.func ? btf.types[fn.sizeOrType] : undefined;
    if (fn === undefined || proto?.kind !== BtfKind.funcProto) continue;
    const params = (proto.params ?? []).map((p): KfuncParam => {
      const ty = skipModifiers(btf, p.type);
      const sizeSuffix = p.name.endsWith('__szk') ? 'szk' : p.name.endsWith('__sz') ? 'sz' : '';
      const uninit = p.name.endsWith('__uninit');
      if (ty?.kind !== BtfKind.ptr) return { pointer: false, dynptr: false, sizeSuffix, uninit };
      const pointee = skipModifiers(btf, ty.sizeOrType);
      const dynptr = pointee?.kind === BtfKind.struct && pointee.name === 'bpf_dynptr';
      const size = typeSize(btf, ty.sizeOrType);
      return { pointer: true, dynptr, sizeSuffix, uninit, ...(size !== undefined ? { pointeeSize: size } : {}) };
    });
    out.set(fn.name, { name: fn.name, params, iterNew: ITER_NEW.test(fn.name) });
  }
  return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
