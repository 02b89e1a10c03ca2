/**
 * Fills the exact log lines of the catalogue expectations from their structured form:
 * instance lines `{insn, use?, def?}` get `line` (spec §7.2; `kernelLine` when a `kernelUse`
 * differs), arg-tracking entries `{insn, suffix}` get `line` = "%3d: " + insn text + suffix,
 * live-regs entries `{insn, regs}` get the §7.4 row. Idempotent; run after editing a `.s` or
 * `.expect.json`: `npx tsx test/analysis/catalogue-fill.ts` (the catalogue test checks that
 * the stored lines equal what this would write).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { annotate, insnLine } from '../../src/analysis/log/line.js';
import { catalogueDir, listing } from './catalogue-util.js';

type Json = Record<string, unknown>;

function udLine(idx: number, text: string, use: string | undefined, def: string | undefined): string {
  const line = insnLine(idx, text);
  const a = (use ? ` use: ${use}` : '') + (def ? ` def: ${def}` : '');
  return a ? annotate(line, a) : line;
}

/**
 * The expectation object with all derived lines filled in.
 *
 * @example
 * fillExpect('caller_stack_read', expect).instances[0].lines[0].line
 */
export function fillExpect(name: string, e: Json): Json {
  const { text } = listing(`${name}.s`);
  const at = (i: number): string => {
    const t = text[i];
    if (t === undefined) throw new Error(`${name}: no instruction at ${i}`);
    return t;
  };
  const instances = ((e.instances ?? []) as Json[]).map((inst) => ({
    ...inst,
    lines: (inst.lines as Json[]).map((l) => {
      const i = l.insn as number;
      const out: Json = { ...l, line: udLine(i, at(i), l.use as string | undefined, l.def as string | undefined) };
      if ('kernelUse' in l) out.kernelLine = udLine(i, at(i), l.kernelUse as string | undefined, l.def as string | undefined);
      return out;
    }),
  }));
  const argTrack = e.argTrack === undefined ? undefined : (e.argTrack as Json[]).map((a) => ({
    ...a, line: insnLine(a.insn as number, at(a.insn as number)) + (a.suffix as string),
  }));
  const liveRegs = e.liveRegs === undefined ? undefined : (e.liveRegs as Json[]).map((r) => {
    const l = insnLine(r.insn as number, at(r.insn as number));
    const c = l.indexOf(': ');
    return { ...r, line: `    ${l.slice(0, c + 2)}${r.regs as string} ${l.slice(c + 2)}` };
  });
  const out: Json = { ...e, instances };
  if (argTrack) out.argTrack = argTrack;
  if (liveRegs) out.liveRegs = liveRegs;
  return out;
}

/** Names of all catalogue programs (files `<name>.s`). */
export function catalogueNames(): string[] {
  return fs.readdirSync(catalogueDir).filter((f) => f.endsWith('.s')).map((f) => f.slice(0, -2)).sort();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  for (const name of catalogueNames()) {
    const p = path.join(catalogueDir, `${name}.expect.json`);
    const filled = fillExpect(name, JSON.parse(fs.readFileSync(p, 'utf8')) as Json);
    fs.writeFileSync(p, `${JSON.stringify(filled, null, 2)}\n`);
  }
}
