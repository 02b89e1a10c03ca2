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

type Key = string;
const keyOf = (v: unknown): Key => (v as readonly number[]).join(',');

interface MutableMasks { use: Mask; def: Mask; liveBefore: Mask }

const UNVISITED_REGS: readonly ArgVal[] = Object.freeze(new Array<ArgVal>(11).fill(UNVISITED));
const UNVISITED_STACK: readonly ArgVal[] = Object.freeze(new Array<ArgVal>(64).fill(UNVISITED));

/** Reads all results of an evaluated analysis database. */
export function readResults(db: Database, cfg: Cfg): LivenessResults {
  const insts = new Map<Key, { callsite: number; depth: number; subprog: number; start: number }>();
  for (const r of db.relation('instance')!.rows()) {
    const [cs, d] = r[0] as number[];
    insts.set(keyOf(r[0]), { callsite: cs!, depth: d!, subprog: r[1] as number, start: r[2] as number });
  }
  const frames = new Map<Key, Map<number, MutableMasks>[]>();
  const slot = (n: unknown, f: number, i: number): MutableMasks => {
    const k = keyOf(n);
    let fs = frames.get(k);
    if (!fs) frames.set(k, (fs = []));
    let m = fs[f];
    if (!m) fs[f] = m = new Map();
    let x = m.get(i);
    if (!x) m.set(i, (x = { use: Mask.EMPTY, def: Mask.EMPTY, liveBefore: Mask.EMPTY }));
    return x;
  };
  for (const r of db.relation('may_read')!.rows()) if (!(r[3] as Mask).isEmpty()) slot(r[0], r[1] as number, r[2] as number).use = r[3] as Mask;
  for (const r of db.relation('must_write')!.rows()) if (!(r[3] as Mask).isEmpty()) slot(r[0], r[1] as number, r[2] as number).def = r[3] as Mask;
  for (const r of db.relation('live_before')!.rows()) if (!(r[3] as Mask).isEmpty()) slot(r[0], r[1] as number, r[2] as number).liveBefore = r[3] as Mask;

  const instances: InstanceResult[] = [];
  for (const [k, v] of insts) {
    const sp = cfg.subprogs[v.subprog]!;
    const fs = frames.get(k) ?? [];
    const out: (ReadonlyMap<number, InsnMasks> | undefined)[] = [];
    for (let f = 0; f <= v.depth; f++) out.push(fs[f]);
    instances.push({ ...v, end: sp.end, ...(sp.name ? { name: sp.name } : {}), frames: out });
  }
  instances.sort((a, b) => a.callsite - b.callsite || a.depth - b.depth);

  // The stored vectors are frozen lattice values: the in-states share them (no copies).
  const states = new Map<Key, Map<number, { regs: readonly ArgVal[]; stack: readonly ArgVal[] }>>();
  const state = (n: unknown, i: number) => {
    const k = keyOf(n);
    let m = states.get(k);
    if (!m) states.set(k, (m = new Map()));
    let s = m.get(i);
    if (!s) m.set(i, (s = { regs: UNVISITED_REGS, stack: UNVISITED_STACK }));
    return s;
  };
  for (const r of db.relation('at_regs')!.rows()) {
    const regs = r[2] as ArgRegs;
    if (regs.length > 0) state(r[0], r[1] as number).regs = regs;
  }
  for (const r of db.relation('at_stk')!.rows()) {
    const stk = r[2] as ArgStack;
    if (stk.length > 0) state(r[0], r[1] as number).stack = stk;
  }
  const argTracking: ArgTrackResult[] = instances.map((inst) => ({
    subprog: inst.subprog, depth: inst.depth, callsite: inst.callsite, start: inst.start, end: inst.end,
    ...(inst.name ? { name: inst.name } : {}),
    inStates: (states.get(`${inst.callsite},${inst.depth}`) ?? new Map()) as ReadonlyMap<number, ArgTrackInState>,
  }));

  const liveRegsRel = db.relation('live_regs')!;
  const liveRegs: (number | null)[] = [];
  for (let i = 0; i < cfg.prog.length; i++) {
    if (cfg.prog.insns[i] === undefined) { liveRegs.push(null); continue; }
    const m = liveRegsRel.lookup([i]) as Mask | undefined;
    liveRegs.push(m ? m.w0 & 0x3ff : 0);
  }
  const hasLoop = cfg.scc.some((x) => x !== 0);
  return { stack: { instances }, argTracking, regs: { liveRegs, scc: hasLoop ? Array.from(cfg.scc) : null } };
}
