/**
 * Generates src/bpf/helper-names.ts: BPF helper id -> name, from the running kernel's BTF
 * (`enum bpf_func_id` in /sys/kernel/btf/vmlinux; `BPF_FUNC_map_lookup_elem = 1` becomes
 * `1: 'bpf_map_lookup_elem'`). No bpftool needed: the BTF is parsed directly.
 *
 * BTF layout used here (all little-endian on x86):
 *
 *     header   u16 magic 0xeb9f, u8 version, u8 flags, u32 hdr_len,
 *              u32 type_off, u32 type_len, u32 str_off, u32 str_len   (offsets after header)
 *     type     u32 name_off, u32 info (vlen = bits 0-15, kind = bits 24-28), u32 size|type,
 *              then kind-specific trailing data:
 *              INT 4, ARRAY 12, STRUCT/UNION 12*vlen, ENUM 8*vlen (name_off, s32 val),
 *              FUNC_PROTO 8*vlen, VAR 4, DATASEC 12*vlen, DECL_TAG 4, ENUM64 12*vlen
 *
 * Usage: npx tsx scripts/gen-helper-names.ts [/sys/kernel/btf/vmlinux] > src/bpf/helper-names.ts
 */
import { readFileSync } from 'node:fs';

const path = process.argv[2] ?? '/sys/kernel/btf/vmlinux';
const buf = readFileSync(path);
const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
if (dv.getUint16(0, true) !== 0xeb9f) throw new Error(`${path}: not little-endian BTF`);
const hdrLen = dv.getUint32(4, true);
const typeOff = hdrLen + dv.getUint32(8, true);
const typeLen = dv.getUint32(12, true);
const strOff = hdrLen + dv.getUint32(16, true);

function str(off: number): string {
  let end = strOff + off;
  while (buf[end] !== 0) end++;
  return buf.toString('latin1', strOff + off, end);
}

const trailer: Record<number, (vlen: number) => number> = {
  1: () => 4, 3: () => 12, 4: (v) => 12 * v, 5: (v) => 12 * v, 6: (v) => 8 * v,
  13: (v) => 8 * v, 14: () => 4, 15: (v) => 12 * v, 17: () => 4, 19: (v) => 12 * v,
};

let p = typeOff;
const end = typeOff + typeLen;
let found: [number, string][] | undefined;
while (p < end && !found) {
  const nameOff = dv.getUint32(p, true);
  const info = dv.getUint32(p + 4, true);
  const vlen = info & 0xffff;
  const kind = (info >>> 24) & 0x1f;
  const body = p + 12;
  if (kind === 6 && str(nameOff) === 'bpf_func_id') {
    found = [];
    for (let i = 0; i < vlen; i++) {
      const n = str(dv.getUint32(body + 8 * i, true));
      const v = dv.getInt32(body + 8 * i + 4, true);
      if (n.startsWith('BPF_FUNC_') && n !== '__BPF_FUNC_MAX_ID') found.push([v, 'bpf_' + n.slice(9)]);
    }
  }
  p = body + (trailer[kind]?.(vlen) ?? 0);
}
if (!found) throw new Error(`${path}: no enum bpf_func_id`);
found.sort((a, b) => a[0] - b[0]);

const out: string[] = [];
out.push('/**');
out.push(' * BPF helper function names by id (`enum bpf_func_id`), generated from the kernel BTF by');
out.push(' * `npx tsx scripts/gen-helper-names.ts > src/bpf/helper-names.ts`. Do not edit by hand.');
out.push(' * Id 0 is `bpf_unspec` (not a callable helper).');
out.push(' */');
out.push('');
out.push('/** Helper names indexed by helper id. */');
out.push('export const HELPER_NAMES: readonly string[] = [');
for (let i = 0; i < found.length; i++) {
  const [id, name] = found[i]!;
  if (id !== i) throw new Error(`non-dense enum at ${id}`);
  out.push(`  '${name}', // ${id}`);
}
out.push('];');
out.push('');
out.push('/**');
out.push(' * The name of helper `id`, or undefined for an unknown id.');
out.push(' *');
out.push(' * @example');
out.push(" * helperName(1) // 'bpf_map_lookup_elem'");
out.push(' */');
out.push('export function helperName(id: number): string | undefined {');
out.push('  return id > 0 ? HELPER_NAMES[id] : undefined;');
out.push('}');
out.push('');
out.push('const BY_NAME: ReadonlyMap<string, number> = new Map(HELPER_NAMES.map((n, i) => [n, i] as const));');
out.push('');
out.push('/**');
out.push(' * The id of the helper called `name` (with its `bpf_` prefix), or undefined.');
out.push(' *');
out.push(' * @example');
out.push(" * helperId('bpf_map_lookup_elem') // 1");
out.push(' */');
out.push('export function helperId(name: string): number | undefined {');
out.push('  const id = BY_NAME.get(name);');
out.push('  return id !== undefined && id > 0 ? id : undefined;');
out.push('}');
process.stdout.write(out.join('\n') + '\n');
