/**
 * Constant pre-pass (the kernel's const_fold.c; spec liveness.md §2): which registers hold a
 * known scalar, a known map, a pointer into a known map value, or a known subprogram address
 * before each instruction. Consumers: helper access sizes (size register, map argument) and
 * callback lookup (callback register = one subprogram).
 *
 * Values (per register, per instruction, the state BEFORE the instruction):
 *
 *     unvisited (bottom) | scalar(v: u64) | map(i) | mapValue(i, off) | subprog(start) | unknown (top)
 *
 * Join: unvisited ⊔ x = x; x ⊔ x = x; any other pair (different kinds, values, maps) = unknown.
 * Forward over the reverse postorder of each subprogram, repeated until nothing changes (an
 * instruction whose in-state did not change is not re-processed: the lattice is finite and
 * the transfer monotone, so the fixpoint is the kernel's); at a subprogram's entry every
 * register is unknown.
 *
 * Transfer (everything not listed leaves registers unchanged; a listed op that does not match
 * a case makes its destination unknown):
 *
 *     mov dst, imm            scalar(sext64(imm)), ALU32: scalar(u32(imm))
 *     mov dst, src            copy (ALU32: scalar truncated to u32, pointers -> unknown);
 *                             movsx (off 8/16/32) sign-extends a scalar; other off -> unknown
 *     add/sub dst, imm        on scalar: wrapping arithmetic (ALU32: u32); on mapValue: off ± imm
 *     and dst, imm            imm = 0 -> scalar(0); scalar -> scalar & imm
 *     and dst, src            either is scalar(0) (as 64-bit value) -> scalar(0); both scalar -> and
 *     other ALU / END / NEG   dst unknown
 *     ld_imm64                src 0: scalar(imm64); MAP_FD/MAP_IDX: map(imm);
 *                             MAP_VALUE/MAP_IDX_VALUE: mapValue(imm, imm of 2nd slot);
 *                             PSEUDO_FUNC: subprog(I + imm + 1); otherwise unknown
 *     ldx dst, [src + off]    src = mapValue of a read-only map with initial bytes covering
 *                             the access: scalar(loaded value, little-endian; MEMSX
 *                             sign-extends); otherwise dst unknown
 *     call, LD_ABS, LD_IND    r0..r5 unknown
 *     atomic                  cmpxchg: r0 unknown; load-acquire: dst unknown; FETCH ops: src unknown
 *
 * The facts report a scalar only when its 64-bit value fits in u32 (`constScalar`). When
 * they need states only at helper and kfunc calls (no `const_*` relation asked for, no
 * branch pruning), `programFactTables` runs the pass only on the subprograms that contain
 * such a call (`ConstFoldOptions.subprogs`).
 */
import type { Cfg } from './cfg.js';
import type { Insn } from './insn.js';
import type { MapDef } from './object.js';
import * as op from './opcode.js';

/** A register's abstract value. */
export type ConstVal =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'scalar'; readonly v: bigint }
  | { readonly kind: 'map'; readonly map: number }
  | { readonly kind: 'mapValue'; readonly map: number; readonly off: number }
  | { readonly kind: 'subprog'; readonly start: number };

/** Registers r0..r10 before one instruction. */
export type RegState = readonly ConstVal[];

/** Result of the pre-pass: `before[i]` is undefined when insn i was never visited. */
export interface ConstInfo {
  readonly before: readonly (RegState | undefined)[];
}

const UNKNOWN: ConstVal = { kind: 'unknown' };
const M64 = (1n << 64n) - 1n;
const M32 = (1n << 32n) - 1n;
const scalar = (v: bigint): ConstVal => ({ kind: 'scalar', v: v & M64 });
const sext = (v: bigint, bits: number): bigint => BigInt.asIntN(bits, v) & M64;

function same(a: ConstVal, b: ConstVal): boolean {
  switch (a.kind) {
    case 'unknown':
      return b.kind === 'unknown';
    case 'scalar':
      return b.kind === 'scalar' && a.v === b.v;
    case 'map':
      return b.kind === 'map' && a.map === b.map;
    case 'mapValue':
      return b.kind === 'mapValue' && a.map === b.map && a.off === b.off;
    case 'subprog':
      return b.kind === 'subprog' && a.start === b.start;
  }
}

function loadConst(m: MapDef | undefined, off: number, size: number, signed: boolean): ConstVal {
  if (!m || !m.readonly || !m.initial || off < 0 || off + size > m.initial.length) return UNKNOWN;
  let v = 0n;
  for (let k = size - 1; k >= 0; k--) v = (v << 8n) | BigInt(m.initial[off + k]!);
  return scalar(signed ? sext(v, size * 8) : v);
}

function truncTo(is32: boolean, v: ConstVal): ConstVal {
  return is32 ? (v.kind === 'scalar' ? scalar(v.v & M32) : UNKNOWN) : v;
}

const isZero = (v: ConstVal): boolean => v.kind === 'scalar' && v.v === 0n;

function clobberCallRegs(r: ConstVal[]): void {
  for (let k = 0; k <= 5; k++) r[k] = UNKNOWN;
}

/** The ALU immediate as a 64-bit value: sign-extended (ALU64) or zero-extended u32 (ALU). */
const aluImm = (insn: Insn, is32: boolean): bigint => (is32 ? BigInt(insn.imm >>> 0) : sext(BigInt(insn.imm), 32));

/**
 * Applies one instruction to a register state: a fresh array, or `input` itself for an
 * instruction that changes no register (stores, jumps, exit).
 */
export function constTransfer(insn: Insn, input: RegState, maps: readonly MapDef[]): RegState {
  const cls = insn.code & op.CLASS_MASK;
  if (keepsRegisters(insn, cls)) return input;
  const r = input.slice();
  const is32 = cls === op.BPF_ALU;
  if (insn.wide) {
    const hi = insn.imm64 !== undefined ? Number(BigInt.asUintN(32, insn.imm64 >> 32n)) : 0;
    switch (insn.src) {
      case op.PSEUDO_NONE:
        r[insn.dst] = scalar(insn.imm64 ?? BigInt(insn.imm));
        break;
      case op.PSEUDO_MAP_FD:
      case op.PSEUDO_MAP_IDX:
        r[insn.dst] = { kind: 'map', map: insn.imm };
        break;
      case op.PSEUDO_MAP_VALUE:
      case op.PSEUDO_MAP_IDX_VALUE:
        r[insn.dst] = { kind: 'mapValue', map: insn.imm, off: hi };
        break;
      case op.PSEUDO_FUNC:
        r[insn.dst] = { kind: 'subprog', start: insn.idx + insn.imm + 1 };
        break;
      default:
        r[insn.dst] = UNKNOWN;
    }
    return r;
  }
  if (cls === op.BPF_ALU || cls === op.BPF_ALU64) {
    const code = insn.code & op.OP_MASK;
    const isReg = (insn.code & op.SRC_MASK) === op.BPF_X;
    const d = r[insn.dst]!;
    const s = r[insn.src]!;
    let out: ConstVal = UNKNOWN;
    if (code === op.BPF_MOV) {
      if (!isReg) out = scalar(aluImm(insn, is32));
      else if (insn.off === 0) out = truncTo(is32, s);
      else if ((insn.off === 8 || insn.off === 16 || insn.off === 32) && s.kind === 'scalar') out = truncTo(is32, scalar(sext(s.v, insn.off)));
    } else if ((code === op.BPF_ADD || code === op.BPF_SUB) && !isReg) {
      if (d.kind === 'scalar' || (d.kind === 'mapValue' && !is32)) {
        const imm = aluImm(insn, is32);
        const delta = code === op.BPF_ADD ? imm : -imm;
        if (d.kind === 'scalar') out = truncTo(is32, scalar(d.v + delta));
        else if (d.kind === 'mapValue') out = { kind: 'mapValue', map: d.map, off: d.off + Number(BigInt.asIntN(64, delta)) };
      }
    } else if (code === op.BPF_AND && !isReg) {
      if (insn.imm === 0) out = scalar(0n);
      else if (d.kind === 'scalar') out = truncTo(is32, scalar(d.v & aluImm(insn, is32)));
    } else if (code === op.BPF_AND && isReg) {
      if (isZero(d) || isZero(s)) out = scalar(0n);
      else if (d.kind === 'scalar' && s.kind === 'scalar') out = truncTo(is32, scalar(d.v & s.v));
    }
    r[insn.dst] = out;
    return r;
  }
  if (cls === op.BPF_LDX) {
    const s = r[insn.src]!;
    const mode = insn.code & op.MODE_MASK;
    const direct = mode === op.BPF_MEM || mode === op.BPF_MEMSX;
    r[insn.dst] = s.kind === 'mapValue' && direct ? loadConst(maps[s.map], s.off + insn.off, insn.size, mode === op.BPF_MEMSX) : UNKNOWN;
    return r;
  }
  if (cls === op.BPF_LD) {
    // LD_ABS / LD_IND (the only non-wide LD forms)
    clobberCallRegs(r);
    return r;
  }
  if (cls === op.BPF_STX && (insn.code & op.MODE_MASK) === op.BPF_ATOMIC) {
    if (insn.imm === op.ATOMIC_CMPXCHG) r[0] = UNKNOWN;
    else if (insn.imm === op.ATOMIC_LOAD_ACQ) r[insn.dst] = UNKNOWN;
    else if (insn.imm & op.BPF_FETCH) r[insn.src] = UNKNOWN;
    return r;
  }
  if (op.isCallCode(insn.code)) clobberCallRegs(r);
  return r;
}

/** Stores (not atomics) and jumps other than calls leave every register as it was. */
function keepsRegisters(insn: Insn, cls: number): boolean {
  if (insn.wide) return false;
  if (cls === op.BPF_ST) return true;
  if (cls === op.BPF_STX) return (insn.code & op.MODE_MASK) !== op.BPF_ATOMIC;
  return (cls === op.BPF_JMP || cls === op.BPF_JMP32) && !op.isCallCode(insn.code);
}

/** Options of `constFold`. */
export interface ConstFoldOptions {
  /**
   * Indices of the subprograms to analyse (default: all). Each subprogram is analysed on its
   * own (every register unknown at its entry), so leaving one out changes nothing elsewhere;
   * its instructions get no state, which every reader takes as unknown.
   */
  readonly subprogs?: ReadonlySet<number>;
}

/**
 * Runs the constant pre-pass over the subprograms of the CFG (all, or `opts.subprogs`).
 *
 * @example
 * const info = constFold(cfg, loaded.maps); constScalar(info, 12, 3) // value of r3 before insn 12
 */
export function constFold(cfg: Cfg, maps: readonly MapDef[], opts: ConstFoldOptions = {}): ConstInfo {
  const n = cfg.prog.length;
  const before: (RegState | undefined)[] = new Array(n).fill(undefined);
  // Sweeps in RPO until nothing changes, like the kernel; an instruction whose in-state did
  // not change since it was last processed is skipped (same fixpoint, fewer transfers).
  const dirty = new Uint8Array(n);
  // States are shared along instructions that change no register (stores and jumps, half of
  // a typical program); `owned[j]` = before[j] is referenced by j alone, so a join may update
  // it in place; a shared state is copied first.
  const owned = new Uint8Array(n);
  for (const s of cfg.subprogs) {
    if (opts.subprogs !== undefined && !opts.subprogs.has(s.index)) continue;
    const order = cfg.postorder.slice(cfg.postorderStart[s.index], cfg.postorderStart[s.index + 1]).reverse();
    if (order.length === 0) continue;
    before[s.start] = Array.from({ length: 11 }, () => UNKNOWN);
    owned[s.start] = 1;
    dirty[s.start] = 1;
    let changed = true;
    while (changed) {
      changed = false;
      for (const i of order) {
        if (!dirty[i]) continue;
        dirty[i] = 0;
        const st = before[i];
        const insn = cfg.prog.insns.at(i);
        if (st === undefined || insn === undefined) continue;
        const out = constTransfer(insn, st, maps);
        if (out === st) owned[i] = 0;
        const succ = cfg.succ;
        const ne = succ.count(i);
        let owner = -1;      // the successor that took a fresh `out` first
        for (let e = 0; e < ne; e++) {
          const j = succ.at(i, e);
          let cur = before[j];
          if (cur === undefined) {
            // a fresh `out` is owned by the one successor that takes it; shared by several, by none
            before[j] = out;
            if (out === st) owned[j] = 0;
            else if (owner < 0) { owned[j] = 1; owner = j; }
            else { owned[j] = 0; owned[owner] = 0; }
            dirty[j] = 1;
            changed = true;
            continue;
          }
          for (let k = 0; k < 11; k++) {
            const c = cur[k]!;
            if (c.kind !== 'unknown' && c !== out[k] && !same(c, out[k]!)) {
              if (!owned[j]) { cur = before[j] = cur.slice(); owned[j] = 1; }
              (cur as ConstVal[])[k] = UNKNOWN;
              dirty[j] = 1;
              changed = true;
            }
          }
        }
      }
    }
  }
  return { before };
}

/**
 * The 32-bit constant in register r before insn i (only if the 64-bit value fits in u32).
 *
 * @example
 * constScalar(info, 7, 3) // 14
 */
export function constScalar(info: ConstInfo, i: number, r: number): number | undefined {
  const v = info.before[i]?.[r];
  return v?.kind === 'scalar' && v.v <= M32 ? Number(v.v) : undefined;
}

/**
 * The map index register r refers to before insn i (a map pointer, not a value pointer).
 *
 * @example
 * constMap(info, 12, 1) // 0
 */
export function constMap(info: ConstInfo, i: number, r: number): number | undefined {
  const v = info.before[i]?.[r];
  return v?.kind === 'map' ? v.map : undefined;
}

/**
 * The subprogram start register r refers to before insn i.
 *
 * @example
 * constSubprog(info, 20, 2) // 31 (callback of bpf_loop)
 */
export function constSubprog(info: ConstInfo, i: number, r: number): number | undefined {
  const v = info.before[i]?.[r];
  return v?.kind === 'subprog' ? v.start : undefined;
}

const showVal = (v: ConstVal): string => {
  switch (v.kind) {
    case 'scalar':
      return v.v <= M32 ? String(v.v) : `0x${v.v.toString(16)}`;
    case 'map':
      return `map#${v.map}`;
    case 'mapValue':
      return `map#${v.map}+${v.off}`;
    case 'subprog':
      return `func@${v.start}`;
    case 'unknown':
      return '?';
  }
};

/**
 * Prints the known registers before each visited instruction (`3: r1=map#0 r2=16`).
 *
 * @example
 * printConsts(info) // "0:\n1: r1=0\n..."
 */
export function printConsts(info: ConstInfo): string {
  const out: string[] = [];
  info.before.forEach((st, i) => {
    if (st === undefined) return;
    const known = st.map((v, r) => (v.kind === 'unknown' ? '' : ` r${r}=${showVal(v)}`)).join('');
    out.push(`${i}:${known}`);
  });
  return out.join('\n') + '\n';
}
