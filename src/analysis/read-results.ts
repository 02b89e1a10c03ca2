/**
 * Reads the derived relations of the analysis rules back into the typed results of
 * results.ts (consumed by the kernel-format log writers, the JSON output and the query).
 *
 *   instance(N, S, Start, D)                    → InstanceResult (N = [callsite, depth])
 *   may_read / must_write / live_before(N, F, I, M) → InstanceResult.frames[F].get(I)
 *   at_state(N, I, X)                           → ArgTrackResult.inStates
 *   live_regs(I, M), scc(I, Id)                 → RegLivenessResult
 *
 * A must_write value never derived stays the `mask_meet` bottom (all slots); that only
 * happens for instructions no context reaches, which have no masks at all, so it reads as ∅.
 */
import type { Cfg } from '../bpf/cfg.js';
import type { Database } from '../eval/database.js';
import type { Relation } from '../eval/relation.js';
import { Mask } from '../eval/lattices/mask-value.js';
import type { ArgState } from './argtrack-state.js';
import type { ArgTrackInState, ArgTrackResult, InsnMasks, InstanceResult, LivenessResults } from './results.js';
import { RowView } from './result-views.js';


/** Whether row `r` of a mask relation holds ∅ (read from the unboxed words when stored so). */
function emptyAt(rel: Relation, r: number): boolean {
  const w = rel.mw;
  if (w === null) return (rel.valueAt(r) as Mask).isEmpty();
  return (w[4 * r]! | w[4 * r + 1]! | w[4 * r + 2]! | w[4 * r + 3]!) === 0;
}

/** `f()`, computed on the first call. */
function once<T>(f: () => T): () => T {
  let done = false;
  let v: T | undefined;
  return () => {
    if (!done) { v = f(); done = true; }
    return v as T;
  };
}

/** `base` with an enumerable property `key` computed on first read. */
function withLazy<T extends object, K extends string, V>(base: T, key: K, get: () => V): T & { readonly [P in K]: V } {
  const value = once(get);
  return Object.defineProperty(base, key, { enumerable: true, get: value }) as T & { readonly [P in K]: V };
}

/**
 * One pass over `rels`: each row r of rels[j] that is not `skip`ped, with instance n, group g
 * (a frame; 0 when its column is -1) and insn i in the key columns `cols` = [n, g, i], sets
 * `tables.get(n)[g][(i - start) * k + j] = r + 1` (k = rels.length, start = the instance's
 * first insn).
 */
function rowTables(
  rels: readonly Relation[], skip: (rel: Relation, r: number) => boolean,
  cols: readonly [number, number, number], instOf: (n: number, i: number) => Inst,
): Map<number, (Int32Array | undefined)[]> {
  const k = rels.length;
  const out = new Map<number, (Int32Array | undefined)[]>();
  rels.forEach((rel, j) => {
    for (let r = 0; r < rel.size; r++) {
      if (skip(rel, r)) continue;
      const n = rel.at(r, cols[0]), g = cols[1] < 0 ? 0 : rel.at(r, cols[1]), i = rel.at(r, cols[2]);
      const v = instOf(n, i);
      let gs = out.get(n);
      if (!gs) out.set(n, (gs = []));
      const t = (gs[g] ??= new Int32Array(k * (v.end - v.start)));
      t[(i - v.start) * k + j] = r + 1;
    }
  });
  return out;
}

interface Inst { callsite: number; depth: number; subprog: number; start: number; end: number; name?: string }

/**
 * Reads all results of an evaluated analysis database. The instance key N is a record; rows
 * are read from the relations' storage by its int32 id (decoding each row would build an
 * array and a string key per row). The per-insn maps are views (result-views.ts) over a
 * table of row ids per (instance, frame), and the tables themselves are built the first time
 * any instance's `frames` (or any analysis's `inStates`) is read: `analyze` alone builds
 * neither, and the masks and vectors are taken from the relations when asked for.
 */
export function readResults(db: Database, cfg: Cfg): LivenessResults {
  // instance(N, S, Start, D): the rows of the view and of the storage are in the same order
  const insts = new Map<number, Inst>();
  const instRel = db.rel('instance');
  let row = 0;
  for (const r of db.relation('instance')!.rows()) {
    const [cs, d] = r[0] as number[];
    const sp = cfg.subprogs[r[1] as number]!;
    insts.set(instRel.at(row++, 0), { callsite: cs!, depth: d!, subprog: r[1] as number, start: r[2] as number, end: sp.end, ...(sp.name ? { name: sp.name } : {}) });
  }
  const instOf = (n: number, i: number): Inst => {
    const v = insts.get(n);
    if (v === undefined || i < v.start || i >= v.end) throw new Error(`internal: analysis row for insn ${i} outside its instance`);
    return v;
  };

  // use, def, live_before: rows[(i - start) * 3 + j] = row + 1 per (instance, frame)
  const maskRels = [db.rel('may_read'), db.rel('must_write'), db.rel('live_before')] as const;
  const frameRows = once(() => rowTables(maskRels, emptyAt, [0, 1, 2], instOf));
  const mask = (rel: Relation, id: number): Mask => (id === 0 ? Mask.EMPTY : (rel.valueAt(id - 1) as Mask));
  const makeMasks = (rows: Int32Array, b: number): InsnMasks => ({
    use: mask(maskRels[0], rows[b]!), def: mask(maskRels[1], rows[b + 1]!), liveBefore: mask(maskRels[2], rows[b + 2]!),
  });

  const instances: InstanceResult[] = [];
  const idOf = new Map<string, number>();
  for (const [id, v] of insts) {
    instances.push(withLazy({ ...v }, 'frames', () => {
      const fs = frameRows().get(id) ?? [];
      const out: (ReadonlyMap<number, InsnMasks> | undefined)[] = [];
      for (let f = 0; f <= v.depth; f++) {
        const t = fs[f];
        out.push(t === undefined ? undefined : new RowView(v.start, t, 3, makeMasks));
      }
      return out;
    }));
    idOf.set(`${v.callsite},${v.depth}`, id);
  }
  instances.sort((a, b) => a.callsite - b.callsite || a.depth - b.depth);

  // at_state: rows[i - start] = row + 1 per instance. The stored vectors are immutable lattice
  // values: the in-states share them (no copies). A state is ⊥ in both parts or in neither
  // (st_entry gives both, every functor keeps one of them), so ⊥ rows are skipped by regs.
  const stateRel = db.rel('at_state');
  const bottom = (rel: Relation, r: number): boolean => (rel.valueAt(r) as ArgState).regs.length === 0;
  const stateRows = once(() => rowTables([stateRel], bottom, [0, -1, 1], instOf));
  const makeState = (rows: Int32Array, b: number): ArgTrackInState => {
    const x = stateRel.valueAt(rows[b]! - 1) as ArgState;
    return { regs: x.regs, stack: x.stk };
  };
  const argTracking: ArgTrackResult[] = instances.map((inst) => {
    const id = idOf.get(`${inst.callsite},${inst.depth}`)!;
    const base = {
      subprog: inst.subprog, depth: inst.depth, callsite: inst.callsite, start: inst.start, end: inst.end,
      ...(inst.name ? { name: inst.name } : {}),
    };
    return withLazy(base, 'inStates', (): ReadonlyMap<number, ArgTrackInState> => {
      const t = stateRows().get(id)?.[0];
      return t === undefined ? new Map<number, ArgTrackInState>() : new RowView(inst.start, t, 1, makeState);
    });
  });

  const liveRegsRel = db.rel('live_regs');
  const liveRegs = new Array<number | null>(cfg.prog.length);
  const key = new Int32Array(1);
  const words = liveRegsRel.mw;   // the unboxed masks: no Mask object per insn
  for (let i = 0; i < cfg.prog.length; i++) {
    if (!cfg.prog.insns.has(i)) { liveRegs[i] = null; continue; }
    key[0] = i;
    const r = liveRegsRel.find(key);
    liveRegs[i] = r < 0 ? 0 : (words !== null ? words[4 * r]! : (liveRegsRel.valueAt(r) as Mask).w0) & 0x3ff;
  }
  const hasLoop = cfg.scc.some((x) => x !== 0);
  return { stack: { instances }, argTracking, regs: { liveRegs, scc: hasLoop ? Array.from(cfg.scc) : null } };
}
