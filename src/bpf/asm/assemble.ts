/**
 * The BPF text assembler: a `.s` file -> `LoadedProgram` (the ELF loader's output shape), so
 * every command that takes an object also takes assembly. Format reference: docs/assembly.md.
 *
 * Two passes over the lines:
 *
 *  1. Parse. Each line is split (lexer.ts) into index prefix, labels, opcode prefix and a
 *     directive (directives.ts) or an instruction (parse-insn.ts). Instruction k gets the
 *     slot index idx(k) = sum of the sizes (1, or 2 for ld_imm64) of the instructions before
 *     it; a label names the slot index of the next instruction.
 *  2. Resolve. For a label reference in field f of the instruction at idx:
 *     f = label(idx') - (idx + 1); `call NAME` is a bpf-to-bpf call if NAME is a label, else
 *     a helper call by name; `map[NAME]` becomes the map's index. Then the bytes are encoded
 *     and checked by the decoder (bpf/decode.ts), whose findings are reported at the line.
 *
 * Subprograms: instruction 0 (the main function), every `.subprog`, and every target of a
 * pseudo call or `func[...]` load. Errors never stop the parse: all lines are checked and all
 * diagnostics (file:line:col spans) returned together.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Diagnostic } from '../../base/diagnostic.js';
import type { Span } from '../../base/span.js';
import { decodeProgram } from '../decode.js';
import { encodeInto } from '../encode.js';
import { helperId } from '../helper-names.js';
import type { AppliedReloc, LineInfo, LoadedProgram, MapDef, SubprogInfo } from '../object.js';
import * as op from '../opcode.js';
import { parseDirective } from './directives.js';
import { splitLine, type LineParts } from './lexer.js';
import { AsmSyntaxError, parseInsn, type AsmInsn } from './parse-insn.js';
import { PROGRAM_TYPES, programTypeFor } from '../progtype.js';
// Local copies of the opcode constants (module-namespace reads are slow under some loaders).
const {
  OPC_CALL, OPC_LD_IMM64, PSEUDO_CALL, PSEUDO_FUNC, PSEUDO_MAP_FD
} = op;

/** Diagnostic codes of the assembler. */
export const AsmCode = {
  syntax: 'E701',
  undefinedLabel: 'E702',
  duplicateLabel: 'E703',
  range: 'E704',
  directive: 'E705',
  unknownMap: 'E706',
  prefixMismatch: 'E707',
  indexMismatch: 'E708',
  invalidInsn: 'E709',
  unknownCallee: 'E710',
  badRegister: 'E711',
  empty: 'E712',
} as const;

interface Placed {
  readonly insn: AsmInsn;
  readonly idx: number;
  readonly parts: LineParts;
}

interface LabelDef {
  readonly idx: number;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly lineOffset: number;
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/** Diagnostics in source order (pass 2 finds some after pass 1's later lines). */
function sortDiags(ds: Diagnostic[]): Diagnostic[] {
  return ds.map((d, k) => ({ d, k })).sort((a, b) => (a.d.span?.start ?? 0) - (b.d.span?.start ?? 0) || a.k - b.k).map((x) => x.d);
}

function baseName(file: string): string {
  const b = file.split(/[\\/]/).pop() ?? file;
  return b.replace(/\.[^.]*$/, '') || 'main';
}

/**
 * Assembles the text of a `.s` file into one program (main function plus subprograms).
 *
 * @example
 * assemble('t.s', '.type xdp\n r0 = 2\n exit\n')
 * // E.right({ object: 't.s', section: 'xdp', name: 't', type: 'xdp', bytes: <16 bytes>, ... })
 */
export function assemble(file: string, text: string): E.Either<Diagnostic[], LoadedProgram> {
  const diags: Diagnostic[] = [];
  const span = (line: number, lineOffset: number, start: number, end: number): Span => ({
    file, start, end: Math.max(end, start + 1), line, col: start - lineOffset + 1,
  });
  const err = (code: string, message: string, s: Span): void => {
    diags.push({ code, severity: 'error', message, span: s });
  };

  const placed: Placed[] = [];
  const labels = new Map<string, LabelDef>();
  const maps: MapDef[] = [];
  const mapIndex = new Map<string, number>();
  const declaredSubprogs: { name: string; global: boolean; idx: number }[] = [];
  let type: string | undefined;
  let section: string | undefined;
  let name: string | undefined;
  let slot = 0;

  let lineOffset = 0;
  const lines = text.split('\n');
  for (let ln = 0; ln < lines.length; ln++) {
    const lineText = lines[ln]!;
    const off = lineOffset;
    lineOffset += lineText.length + 1;
    const parts = splitLine(lineText, ln + 1, off);
    if (!('toks' in parts)) {
      err(AsmCode.syntax, parts.message, span(ln + 1, off, parts.start, parts.end));
      continue;
    }
    for (const l of parts.labels) {
      const prev = labels.get(l.name);
      if (prev) {
        err(AsmCode.duplicateLabel, `label '${l.name}' is already defined on line ${prev.line}`, span(ln + 1, off, l.start, l.end));
      } else {
        labels.set(l.name, { idx: slot, start: l.start, end: l.end, line: ln + 1, lineOffset: off });
      }
    }
    if (parts.directive) {
      try {
        const d = parseDirective(parts.directive);
        const dup = (what: string, prev: string | undefined): boolean => {
          if (prev !== undefined) err(AsmCode.directive, `${what} is already set to '${prev}'`, span(ln + 1, off, d.start, d.end));
          return prev !== undefined;
        };
        switch (d.kind) {
          case 'type':
            if (!PROGRAM_TYPES.includes(d.value)) err(AsmCode.directive, `unknown program type '${d.value}'`, span(ln + 1, off, d.start, d.end));
            else if (!dup('.type', type)) type = d.value;
            break;
          case 'section':
            if (!dup('.section', section)) section = d.value;
            break;
          case 'name':
            if (!dup('.name', name)) name = d.value;
            break;
          case 'map':
            if (mapIndex.has(d.map.name)) err(AsmCode.directive, `map '${d.map.name}' is already declared`, span(ln + 1, off, d.start, d.end));
            else {
              mapIndex.set(d.map.name, maps.length);
              maps.push(d.map);
            }
            break;
          case 'subprog': {
            const prev = labels.get(d.name);
            if (prev && prev.idx !== slot) {
              err(AsmCode.duplicateLabel, `label '${d.name}' is already defined on line ${prev.line}`, span(ln + 1, off, d.start, d.end));
            } else {
              if (!prev) labels.set(d.name, { idx: slot, start: d.start, end: d.end, line: ln + 1, lineOffset: off });
              declaredSubprogs.push({ name: d.name, global: d.global, idx: slot });
            }
            break;
          }
        }
      } catch (e) {
        if (!(e instanceof AsmSyntaxError)) throw e;
        err(e.code, e.message, span(ln + 1, off, e.start, e.end));
      }
      continue;
    }
    if (parts.toks.length === 0) {
      if (parts.prefix) err(AsmCode.syntax, 'opcode prefix without an instruction', span(ln + 1, off, parts.prefix.start, parts.prefix.end));
      continue;
    }
    let insn: AsmInsn;
    try {
      insn = parseInsn(parts.toks, parts.stmtStart, parts.stmtEnd, parts.prefix?.code);
    } catch (e) {
      if (!(e instanceof AsmSyntaxError)) throw e;
      err(e.code, e.message, span(ln + 1, off, e.start, e.end));
      slot += parts.prefix?.code === OPC_LD_IMM64 ? 2 : 1;
      continue;
    }
    if (parts.index && parts.index.value !== slot) {
      err(AsmCode.indexMismatch, `index ${parts.index.value} does not match the instruction's position ${slot}`, span(ln + 1, off, parts.index.start, parts.index.end));
    }
    if (parts.prefix && parts.prefix.code !== insn.code) {
      err(AsmCode.prefixMismatch, `opcode prefix (${hex2(parts.prefix.code)}) does not match the instruction, which encodes as (${hex2(insn.code)})`, span(ln + 1, off, parts.prefix.start, parts.prefix.end));
    }
    placed.push({ insn, idx: slot, parts });
    slot += insn.wide ? 2 : 1;
  }

  if (slot === 0 && diags.length === 0) {
    err(AsmCode.empty, 'the program has no instructions', span(1, 0, 0, 0));
  }

  const distance = (target: number, field: 'off' | 'imm', p: Placed, s: number, e: number): number => {
    const d = target - (p.idx + 1);
    const lim = field === 'off' ? 32767 : 2 ** 31 - 1;
    if (d > lim || d < -lim - 1) {
      err(AsmCode.range, `jump distance ${d} does not fit the ${field === 'off' ? '16-bit offset' : '32-bit immediate'}`, span(p.parts.line, p.parts.offset, s, e));
    }
    return d;
  };

  // pass 2: resolve labels, calls, maps
  const callTargets = new Map<number, string | undefined>();
  const relocs: AppliedReloc[] = [];
  const resolved: AsmInsn[] = [];
  for (const p of placed) {
    let i: AsmInsn = { ...p.insn };
    if (i.labelRef) {
      const r = i.labelRef;
      const l = labels.get(r.label);
      if (!l) err(AsmCode.undefinedLabel, `undefined label '${r.label}'`, span(p.parts.line, p.parts.offset, r.start, r.end));
      else {
        const d = distance(l.idx, r.field, p, r.start, r.end);
        i = r.field === 'off' ? { ...i, off: d } : { ...i, imm: d };
        if (i.code === OPC_LD_IMM64) {
          callTargets.set(l.idx, r.label);
          relocs.push({ insn: p.idx, kind: 'func_ptr', symbol: r.label, target: l.idx });
        }
      }
    }
    if (i.callName) {
      const c = i.callName;
      const l = labels.get(c.name);
      if (l) {
        i = { ...i, src: PSEUDO_CALL, imm: distance(l.idx, 'imm', p, c.start, c.end) };
        callTargets.set(l.idx, c.name);
        relocs.push({ insn: p.idx, kind: 'call', symbol: c.name, target: l.idx });
      } else {
        const id = helperId(c.name);
        if (id === undefined) err(AsmCode.unknownCallee, `'${c.name}' is neither a label nor a helper name`, span(p.parts.line, p.parts.offset, c.start, c.end));
        else i = { ...i, imm: id };
      }
    } else if (i.kfuncName !== undefined) {
      relocs.push({ insn: p.idx, kind: 'kfunc', symbol: i.kfuncName });
    } else if (i.code === OPC_CALL && i.src === PSEUDO_CALL) {
      callTargets.set(p.idx + 1 + i.imm, undefined);
    }
    if (i.code === OPC_LD_IMM64 && i.src === PSEUDO_FUNC && !i.labelRef) callTargets.set(p.idx + 1 + i.imm, undefined);
    if (i.mapRef) {
      const r = i.mapRef;
      const idx = r.name !== undefined ? mapIndex.get(r.name) : r.index;
      if (idx === undefined || idx >= maps.length) {
        err(AsmCode.unknownMap, r.name !== undefined ? `undeclared map '${r.name}'` : `map index ${r.index} but ${maps.length} map(s) declared`, span(p.parts.line, p.parts.offset, r.start, r.end));
      } else {
        i = { ...i, imm: idx };
        relocs.push({ insn: p.idx, kind: i.src === PSEUDO_MAP_FD ? 'map' : 'map_value', symbol: maps[idx]!.name });
      }
    }
    resolved.push(i);
  }
  if (diags.length) return E.left(sortDiags(diags));

  const bytes = new Uint8Array(slot * 8);
  const dv = new DataView(bytes.buffer);
  resolved.forEach((i, k) => encodeInto(dv, i, placed[k]!.idx));

  // validity: the decoder's checks, reported at the instruction's line
  const byIdx = new Map(placed.map((p) => [p.idx, p] as const));
  const object = file;
  const labelAt = new Map<number, string>();
  for (const [n, l] of labels) if (!labelAt.has(l.idx)) labelAt.set(l.idx, n);
  const mainName = name ?? declaredSubprogs.find((s) => s.idx === 0)?.name ?? labelAt.get(0) ?? baseName(file);
  const sec = section ?? type ?? '.text';
  const typed = programTypeFor(file, sec, type);
  const decoded = decodeProgram(bytes, { object, section: sec, program: mainName });
  if (E.isLeft(decoded)) {
    for (const d of decoded.left) {
      const p = d.where?.insn !== undefined ? byIdx.get(d.where.insn) : undefined;
      if (p) diags.push({ ...d, span: span(p.parts.line, p.parts.offset, p.parts.stmtStart, p.parts.stmtEnd) });
      else diags.push(d);
    }
    return E.left(sortDiags(diags));
  }

  const starts = new Map<number, SubprogInfo>();
  const declaredMain = declaredSubprogs.find((s) => s.idx === 0);
  starts.set(0, { start: 0, name: mainName, global: declaredMain ? declaredMain.global : true, section: sec });
  for (const s of declaredSubprogs) {
    if (s.idx !== 0) starts.set(s.idx, { start: s.idx, name: s.name, global: s.global, section: sec });
  }
  for (const [t, label] of callTargets) {
    if (!starts.has(t)) starts.set(t, { start: t, name: label ?? labelAt.get(t) ?? `subprog_${t}`, global: false, section: sec });
  }
  const subprogs = [...starts.values()].sort((a, b) => a.start - b.start);
  const lineInfo: LineInfo[] = placed.map((p) => ({
    insn: p.idx, file, line: p.parts.line, col: p.parts.stmtStart - p.parts.offset + 1,
    text: text.slice(p.parts.stmtStart, p.parts.stmtEnd),
  }));
  return E.right({
    object, section: sec, name: mainName, type: typed.type, typeSource: typed.source, bytes, subprogs, maps, relocs, lines: lineInfo,
  });
}
