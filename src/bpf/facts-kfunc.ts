/**
 * Call summaries of kfuncs from the object's own BTF. The kernel takes a kfunc's parameter
 * count from its BTF prototype in vmlinux; offline, the object's BTF declares every kfunc it
 * calls (`extern ... __ksym` becomes a FUNC with extern linkage and a FUNC_PROTO), and the
 * loader's `kfunc` relocations name the callee of each call instruction. So
 *
 *     num_params(I) = min(5, vlen(FUNC_PROTO of the FUNC named like I's kfunc relocation))
 *
 * and 5 (no summary) when the object has no BTF or no such FUNC.
 */
import { BtfKind, parseBtf } from './btf.js';
import { ElfFormatError } from './elf-bytes.js';
import { parseElf, sectionWindow } from './elf.js';

/**
 * Parameter count per BTF FUNC name of an ELF object (empty for objects without usable BTF).
 *
 * @example
 * kfuncParamCounts('x.o', bytes).get('bpf_rbtree_add_impl') // 4
 */
export function kfuncParamCounts(object: string, bytes: Uint8Array): ReadonlyMap<string, number> {
  const out = new Map<string, number>();
  try {
    const elf = parseElf(object, bytes);
    const sec = elf.sections.find(s => s.name === '.BTF');
    if (sec === undefined) return out;
    const btf = parseBtf(sectionWindow(elf, sec));
    for (const t of btf.types) {
      if (t?.kind !== BtfKind.func || t.name === '') continue;
      const proto = btf.types[t.sizeOrType];
      if (proto?.kind === BtfKind.funcProto) out.set(t.name, proto.vlen);
    }
  } catch (e) {
    if (!(e instanceof ElfFormatError)) throw e;
  }
  return out;
}
