/**
 * Fuzz test of the ELF front end: deterministic mutations of corpus objects (truncation, byte
 * flips, and targeted damage to the ELF header, section headers, symbols and relocations)
 * must give a diagnostic or a result, never an exception, each within a sanity bound of 1 s of
 * CPU time (not a performance test).
 */
import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { loadObject } from '../../src/bpf/load.js';
import { EHDR_SIZE, REL_SIZE, SHDR_SIZE, SHT_REL, SHT_SYMTAB, SYM_SIZE, parseElf } from '../../src/bpf/elf.js';
import { corpusDir, corpusObjects, haveShared } from './load-oracle.js';
import { prng as rng } from '../support/prng.js';

const t0 = haveShared ? test : test.skip;
const MUTANTS = 10_000;
const MAX_MS = 1000;
/** Objects larger than this are skipped to keep the run short (they add no new structure). */
const MAX_BYTES = 4_000_000;


interface Base {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Offsets of interesting fields: [offset, width]. */
  readonly fields: readonly (readonly [number, number])[];
}

function interesting(name: string, bytes: Uint8Array): Base {
  const elf = parseElf(name, bytes);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shoff = Number(dv.getBigUint64(40, true));
  const fields: [number, number][] = [[4, 1], [5, 1], [16, 2], [40, 8], [58, 2], [60, 2], [62, 2]];
  for (const s of elf.sections) {
    const h = shoff + s.index * SHDR_SIZE;
    fields.push([h, 4], [h + 4, 4], [h + 24, 8], [h + 32, 8], [h + 40, 4], [h + 44, 4], [h + 56, 8]);
    if (s.type === SHT_SYMTAB) for (let o = s.offset; o + SYM_SIZE <= s.offset + s.size; o += SYM_SIZE) fields.push([o, 4], [o + 4, 1], [o + 6, 2], [o + 8, 8], [o + 16, 8]);
    if (s.type === SHT_REL) for (let o = s.offset; o + REL_SIZE <= s.offset + s.size; o += REL_SIZE) fields.push([o, 8], [o + 8, 4], [o + 12, 4]);
  }
  return { name, bytes, fields };
}

const SPECIAL = [0, 1, 7, 8, 0xff, 0xffff, 0x7fffffff, 0xffffffff];

function mutate(b: Base, r: () => number): Uint8Array {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const kind = Math.floor(r() * 4);
  if (kind === 0) return b.bytes.slice(0, Math.floor(r() * b.bytes.length));
  const out = b.bytes.slice();
  const dv = new DataView(out.buffer);
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    if (kind === 1) {
      const at = r() < 0.3 ? Math.floor(r() * EHDR_SIZE) : Math.floor(r() * out.length);
      out[at] = out[at]! ^ (1 << Math.floor(r() * 8));
    } else {
      const [at, w] = pick(b.fields);
      if (at + w > out.length) continue;
      const v = kind === 2 ? pick(SPECIAL) : Math.floor(r() * 0x100000);
      if (w === 1) dv.setUint8(at, v & 0xff);
      else if (w === 2) dv.setUint16(at, v & 0xffff, true);
      else if (w === 4) dv.setUint32(at, v >>> 0, true);
      else dv.setBigUint64(at, r() < 0.5 ? BigInt(v >>> 0) : 0xffff_ffff_ffff_fff0n, true);
    }
  }
  return out;
}

t0(`${MUTANTS} mutated objects give diagnostics or results, never exceptions`, (t) => {
  const bases = corpusObjects()
    .filter((o) => !o.startsWith('invalid/'))
    .map((o) => ({ o, bytes: new Uint8Array(fs.readFileSync(path.join(corpusDir, o))) }))
    .filter(({ bytes }) => bytes.length <= MAX_BYTES)
    .map(({ o, bytes }) => interesting(o, bytes));
  const r = rng(0x5eed);
  let left = 0, right = 0, maxMs = 0, slowest = '';
  const thrown: string[] = [];
  const start = Date.now();
  for (let i = 0; i < MUTANTS; i++) {
    const b = bases[i % bases.length]!;
    const m = mutate(b, r);
    const c1 = process.cpuUsage();
    try {
      const res = loadObject(b.name, m);
      if (E.isLeft(res)) {
        left++;
        if (res.left.length === 0 || res.left.some((d) => d.where?.object !== b.name)) thrown.push(`${b.name} #${i}: diagnostic without object`);
      } else right++;
    } catch (e) {
      thrown.push(`${b.name} #${i}: ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
    }
    // CPU time of this process (user + system), so that a busy machine does not trip the bound.
    const used = process.cpuUsage(c1);
    const ms = (used.user + used.system) / 1000;
    if (ms > maxMs) { maxMs = ms; slowest = `${b.name} #${i}`; }
  }
  t.log(`${MUTANTS} mutants of ${bases.length} objects: ${left} diagnostics, ${right} loaded, max ${maxMs.toFixed(1)} ms CPU (${slowest}), total ${((Date.now() - start) / 1000).toFixed(1)} s`);
  for (const x of thrown.slice(0, 10)) t.log(x);
  t.deepEqual(thrown, []);
  t.true(maxMs < MAX_MS);
});
