/** Test helpers: load + decode + CFG of one program of an object file. */
import fs from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { buildCfg, type Cfg } from '../../src/bpf/cfg.js';
import { decodeProgram } from '../../src/bpf/decode.js';
import { loadObject } from '../../src/bpf/load.js';
import type { DecodedProgram } from '../../src/bpf/insn.js';
import type { LoadedProgram, ObjectFile } from '../../src/bpf/object.js';

export interface Loaded { prog: LoadedProgram; decoded: DecodedProgram; cfg: Cfg }

const objects = new Map<string, E.Either<unknown, ObjectFile>>();

/** Loads `program` (and `section` if given) from the object at `file` (named `name`). */
export function loadProgramCfg(file: string, name: string, program: string, section?: string): Loaded | string {
  let o = objects.get(file);
  if (o === undefined) objects.set(file, (o = loadObject(name, fs.readFileSync(file))));
  if (E.isLeft(o)) return 'load failed';
  const prog = o.right.programs.find(p => p.name === program && (section === undefined || p.section === section)) ?? o.right.programs.find(p => p.name === program);
  if (!prog) return 'no such program';
  const d = decodeProgram(prog.bytes, { object: name, section: prog.section, program: prog.name });
  if (E.isLeft(d)) return d.left[0]!.message;
  const c = buildCfg(prog, d.right);
  if (E.isLeft(c)) return c.left[0]!.message;
  return { prog, decoded: d.right, cfg: c.right };
}

/** Register liveness (kernel's live-regs-before table) computed from succ/reg_use/reg_def facts. */
export function liveFromFacts(n: number, facts: Map<string, number[][]>): Int32Array {
  const use = new Int32Array(n), def = new Int32Array(n);
  for (const [i, r] of facts.get('reg_use')!) use[i!] |= 1 << r!;
  for (const [i, r] of facts.get('reg_def')!) def[i!] |= 1 << r!;
  const succ: number[][] = Array.from({ length: n }, () => []);
  for (const [i, j] of facts.get('succ')!) succ[i!]!.push(j!);
  const order = facts.get('postorder')!.map(r => r[2]!);
  const live = new Int32Array(n);
  for (let changed = true; changed; ) {
    changed = false;
    for (const i of order) {
      let out = 0;
      for (const j of succ[i]!) out |= live[j]!;
      const v = (out & ~def[i]!) | use[i]!;
      if (v !== live[i]) { live[i] = v; changed = true; }
    }
  }
  return live;
}
