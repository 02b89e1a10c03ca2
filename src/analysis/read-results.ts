/**
 * Reads the derived relations of the analysis rules back into the typed results of
 * results.ts (consumed by the kernel-format log writers, the JSON output and the query).
 *
 *   instance(N, S, Start, D)                    → InstanceResult (N = [callsite, depth])
 *   may_read / must_write / live_before(N, F, I, M) → InstanceResult.frames[F].get(I)
 *   at_regs(N, I, Rs), at_stk(N, I, S)          → ArgTrackResult.inStates
 *   live_regs(I, M), scc(I, Id)                 → RegLivenessResult
 *
 * A must_write value never derived stays the `mask_meet` bottom (all slots); that only
 * happens for instructions no context reaches, which have no masks at all, so it reads as ∅.
 */
import type { Cfg } from '../bpf/cfg.js';
import type { Database } from '../eval/database.js';
import { Mask } from '../eval/lattices/mask-value.js';
import type { ArgRegs } from './argtrack-regvec.js';
import type { ArgStack } from './argtrack-stackvec.js';
import type { ArgVal } from './argtrack-value.js';
import { UNVISITED } from './argtrack-value.js';
import type { ArgTrackInState, ArgTrackResult, InsnMasks, InstanceResult, LivenessResults } from './results.js';

interface MutableMasks { use: Mask; def: Mask; liveBefore: Mask }

const UNVISITED_REGS: readonly ArgVal[] = Object.freeze(new Array<ArgVal>(11).fill(UNVISITED));
const UNVISITED_STACK: readonly ArgVal[] = Object.freeze(new Array<ArgVal>(64).fill(UNVISITED));

/**
 * Reads all results of an evaluated analysis database. The instance key N is a record; rows
 * are read from the relations' storage by its int32 id (decoding each row would build an
 * array and a string key per row: seconds on a million-instruction program).
 */
export function readResults(db: Database, cfg: Cfg): LivenessResults {
  // instance(N, S, Start, D): the rows of the view and of the storage are in the same order
  const insts = new Map<number, { callsite: number; depth: number; subprog: number; start: number }>();
  const instRel = db.rel('instance');
  let row = 0;
  for (const r of db.relation('instance')!.rows()) {
    const [cs, d] = r[0] as number[];
    insts.set(instRel.at(row++, 0), { callsite: cs!, depth: d!, subprog: r[1] as number, start: r[2] as number });
  }
  const frames = new Map<number, Map<number, MutableMasks>[]>();
  const slot = (n: number, f: number, i: number): MutableMasks => {
    let fs = frames.get(n);
    if (!fs) frames.set(n, (fs = []));
    let m = fs[f];
    if (!m) fs[f] = m = new Map();
    let x = m.get(i);
    if (!x) m.set(i, (x = { use: Mask.EMPTY, def: Mask.EMPTY, liveBefore: Mask.EMPTY }));
    return x;
  };
  const eachMask = (name: string, put: (x: MutableMasks, m: Mask) => void): void => {
    const rel = db.rel(name);
    for (let r = 0; r < rel.size; r++) {
      const m = rel.valueAt(r) as Mask;
      if (!m.isEmpty()) put(slot(rel.at(r, 0), rel.at(r, 1), rel.at(r, 2)), m);
    }
  };
  eachMask('may_read', (x, m) => { x.use = m; });
  eachMask('must_write', (x, m) => { x.def = m; });
  eachMask('live_before', (x, m) => { x.liveBefore = m; });

  const instances: InstanceResult[] = [];
  const idOf = new Map<string, number>();
  for (const [id, v] of insts) {
    const sp = cfg.subprogs[v.subprog]!;
    const fs = frames.get(id) ?? [];
    const out: (ReadonlyMap<number, InsnMasks> | undefined)[] = [];
    for (let f = 0; f <= v.depth; f++) out.push(fs[f]);
    instances.push({ ...v, end: sp.end, ...(sp.name ? { name: sp.name } : {}), frames: out });
    idOf.set(`${v.callsite},${v.depth}`, id);
  }
  instances.sort((a, b) => a.callsite - b.callsite || a.depth - b.depth);

  // The stored vectors are frozen lattice values: the in-states share them (no copies).
  const states = new Map<number, Map<number, { regs: readonly ArgVal[]; stack: readonly ArgVal[] }>>();
  const state = (n: number, i: number) => {
    let m = states.get(n);
    if (!m) states.set(n, (m = new Map()));
    let st = m.get(i);
    if (!st) m.set(i, (st = { regs: UNVISITED_REGS, stack: UNVISITED_STACK }));
    return st;
  };
  const regsRel = db.rel('at_regs');
  for (let r = 0; r < regsRel.size; r++) {
    const regs = regsRel.valueAt(r) as ArgRegs;
    if (regs.length > 0) state(regsRel.at(r, 0), regsRel.at(r, 1)).regs = regs;
  }
  const stkRel = db.rel('at_stk');
  for (let r = 0; r < stkRel.size; r++) {
    const stk = stkRel.valueAt(r) as ArgStack;
    if (stk.length > 0) state(stkRel.at(r, 0), stkRel.at(r, 1)).stack = stk;
  }
  const argTracking: ArgTrackResult[] = instances.map((inst) => ({
    subprog: inst.subprog, depth: inst.depth, callsite: inst.callsite, start: inst.start, end: inst.end,
    ...(inst.name ? { name: inst.name } : {}),
    inStates: (states.get(idOf.get(`${inst.callsite},${inst.depth}`)!) ?? new Map()) as ReadonlyMap<number, ArgTrackInState>,
  }));

  const liveRegsRel = db.rel('live_regs');
  const liveRegs: (number | null)[] = [];
  const key = new Int32Array(1);
  for (let i = 0; i < cfg.prog.length; i++) {
    if (cfg.prog.insns[i] === undefined) { liveRegs.push(null); continue; }
    key[0] = i;
    const r = liveRegsRel.find(key);
    liveRegs.push(r >= 0 ? (liveRegsRel.valueAt(r) as Mask).w0 & 0x3ff : 0);
  }
  const hasLoop = cfg.scc.some((x) => x !== 0);
  return { stack: { instances }, argTracking, regs: { liveRegs, scc: hasLoop ? Array.from(cfg.scc) : null } };
}
