/**
 * A `LoadedProgram` (from an ELF object or a `.s` file) as an editable `.s` text: directives
 * for section, type, name and maps, `.subprog` at each subprogram start, labels at jump
 * targets, and the asm-style disassembly with label and map names in place of pc-relative
 * distances and map indexes. Invariant (tested over the whole corpus):
 *
 *     assemble(f, toAssembly(p)).bytes == p.bytes
 *
 * kfunc calls carry their relocation's name (`call bpf_iter_num_new#0`) unless it would read as a
 * helper. Names from the object that are not assembler identifiers are rewritten (`[^A-Za-z0-9_.$]`
 * -> `_`, a leading digit gets `_`) and made unique with a `_N` suffix.
 */
import { decodeRaw, jumpTarget } from '../decode.js';
import { disasmBody } from '../disasm.js';
import { helperId } from '../helper-names.js';
import type { Insn } from '../insn.js';
import type { LoadedProgram } from '../object.js';
import * as op from '../opcode.js';

/** kfunc names printed as `call NAME#ID` (others print as `call kfunc#ID`). */
const KFUNC_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ANON_CALLEES = new Set(['kfunc', 'unknown', 'pc']);

/** Turns arbitrary names into distinct assembler identifiers. */
class Namer {
  private readonly used = new Set<string>();

  name(raw: string): string {
    let base = raw.replace(/[^A-Za-z0-9_.$]/g, '_');
    if (base === '' || /^[0-9]/.test(base)) base = `_${base}`;
    let n = base;
    for (let k = 1; this.used.has(n); k++) n = `${base}_${k}`;
    this.used.add(n);
    return n;
  }
}

/** Replaces the trailing `pc+N` / `pc-N` of `text` by `label`. */
function withLabel(text: string, label: string): string {
  return text.replace(/pc[+-]\d+(\]?)$/, `${label}$1`);
}

/**
 * The program as `.s` text that assembles back to the same bytes.
 *
 * @example
 * toAssembly(program) // '.section xdp\n.type xdp\n.name prog\n.map counts type=6 ...\n  r1 = map[counts]\n...'
 */
export function toAssembly(p: LoadedProgram): string {
  const prog = decodeRaw(p.bytes);
  const mapNamer = new Namer();
  const mapNames = p.maps.map((m) => mapNamer.name(m.name));
  const labelNamer = new Namer();
  const subprogAt = new Map<number, { name: string; global: boolean }>();
  for (const s of p.subprogs) subprogAt.set(s.start, { name: labelNamer.name(s.name), global: s.global });
  const labelAt = new Map<number, string>();
  for (const [idx, s] of subprogAt) labelAt.set(idx, s.name);
  for (const i of prog.insns) {
    const t = i && jumpTarget(i);
    if (t !== undefined && t !== null && !labelAt.has(t)) labelAt.set(t, labelNamer.name(`.L${t}`));
  }

  const out: string[] = [`.section ${p.section}`, `.type ${p.type}`];
  out.push(`.name ${/\s/.test(p.name) || p.name === '' ? p.name.replace(/\s/g, '_') || 'main' : p.name}`);
  p.maps.forEach((m, k) => {
    out.push(`.map ${mapNames[k]} type=${m.type} key=${m.keySize} value=${m.valueSize} entries=${m.maxEntries} flags=${m.flags}${m.readonly ? ' readonly' : ''}`);
  });
  const imm64Text = (i: Insn): string | undefined => {
    const name = mapNames[i.imm];
    if (name === undefined) return undefined;
    if (i.src === op.PSEUDO_MAP_FD) return `map[${name}]`;
    if (i.src !== op.PSEUDO_MAP_VALUE) return undefined;
    const hi = Number(BigInt.asIntN(32, (i.imm64 ?? 0n) >> 32n));
    return `map_value[${name}]${hi === 0 ? '' : hi < 0 ? hi : `+${hi}`}`;
  };
  // kfunc calls keep the callee's name (`call NAME#ID`) when it cannot be read as a helper
  const kfuncAt = new Map(p.relocs.filter((r) => r.kind === 'kfunc' && KFUNC_NAME.test(r.symbol) && helperId(r.symbol) === undefined && !ANON_CALLEES.has(r.symbol)).map((r) => [r.insn, r.symbol] as const));
  for (const i of prog.insns) {
    if (i === undefined) continue;
    const s = subprogAt.get(i.idx);
    if (s) out.push(...(i.idx !== 0 ? [''] : []), `.subprog ${s.name}${s.global ? ' global' : ''}`);
    else if (labelAt.has(i.idx)) out.push(`${labelAt.get(i.idx)}:`);
    let text = disasmBody(i, { style: 'asm', imm64Text });
    const kname = i.code === op.OPC_CALL && i.src === op.PSEUDO_KFUNC_CALL ? kfuncAt.get(i.idx) : undefined;
    if (kname !== undefined) text = text.replace(/^call kfunc#/, `call ${kname}#`);
    const t = jumpTarget(i);
    if (t !== undefined && labelAt.has(t)) {
      text = i.code === op.OPC_CALL ? `call ${labelAt.get(t)}` : withLabel(text, labelAt.get(t)!);
    }
    out.push(`  ${text}`);
  }
  return `${out.join('\n')}\n`;
}
