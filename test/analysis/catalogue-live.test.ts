/**
 * The selftest catalogue (spec liveness.md §8) through bpfdl's rules: every program of
 * test/fixtures/catalogue is assembled, analysed (argument tracking + stack liveness at
 * 4-byte granularity), and each expected `stack use/def` line and post-convergence
 * arg-tracking dump line must appear exactly. Transfer-trace lines (`kind: transfer`) record
 * the kernel's sweep order, which a fixpoint engine does not have; they are counted, not
 * compared. Expectations marked `divergence` state bpfdl's own (documented) outcome.
 */
import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { analyze } from '../../src/analysis/analyze.js';
import { formatArgTrackDump } from '../../src/analysis/log/arg-track.js';
import { formatLiveRegs } from '../../src/analysis/log/live-regs.js';
import { formatStackUseDef } from '../../src/analysis/log/stack-use-def.js';
import { insnTexts } from '../../src/analysis/report.js';
import { inspectFile } from '../../src/bpf/inspect.js';
import { type CatalogueExpect, catalogueDir } from './catalogue-util.js';
import { catalogueNames } from './catalogue-fill.js';

interface Block { header: string; lines: Map<number, string> }

function blocks(lines: readonly string[]): Block[] {
  const out: Block[] = [];
  for (const l of lines) {
    if (/^(stack use\/def )?subprog#\d+/.test(l)) out.push({ header: l, lines: new Map() });
    else {
      const m = /^\s*(\d+): /.exec(l);
      if (m && out.length) out[out.length - 1]!.lines.set(Number(m[1]), l);
    }
  }
  return out;
}

for (const name of catalogueNames()) {
  test(`catalogue ${name}`, (t) => {
    const e = JSON.parse(fs.readFileSync(path.join(catalogueDir, `${name}.expect.json`), 'utf8')) as CatalogueExpect;
    const ins = inspectFile(path.join(catalogueDir, `${name}.s`));
    if (E.isLeft(ins)) return t.fail(`assemble: ${ins.left.map((d) => d.message).join('; ')}`);
    const a = analyze(ins.right);
    if (E.isLeft(a)) return t.fail(`analyze: ${a.left.map((d) => d.message).join('; ')}`);
    const text = insnTexts(a.right);
    const useDef = blocks(formatStackUseDef(a.right.instances(), text));
    for (const inst of e.instances ?? []) {
      const block = useDef.find((b) => b.header.includes(`(d${inst.depth},cs${inst.callsite})`) && b.header.includes(`subprog#${inst.subprog}`));
      if (!block) {
        t.fail(`no instance subprog#${inst.subprog} (d${inst.depth},cs${inst.callsite}); have ${useDef.map((b) => b.header).join(' | ')}`);
        continue;
      }
      for (const l of inst.lines) t.is(block.lines.get(l.insn), l.line, `use/def of insn ${l.insn} in (d${inst.depth},cs${inst.callsite})`);
    }
    const regRows = new Set(formatLiveRegs(a.right.results.regs, text));
    for (const row of (e.liveRegs ?? []) as readonly (string | { line: string })[]) {
      const line = typeof row === 'string' ? row : row.line;
      t.true(regRows.has(line), `live regs row ${JSON.stringify(line)}`);
    }
    for (const at of (e.argTrack ?? []) as readonly { subprog: number; depth: number; kind: string; insn: number; line: string }[]) {
      // transfer traces follow the kernel's sweep order; with a documented divergence the
      // expected dump lines are the kernel's, not bpfdl's (use/def lines are still exact)
      if (at.kind !== 'dump' || e.divergence !== undefined) continue;
      const r = a.right.results.argTracking.find((x) => x.subprog === at.subprog && x.depth === at.depth);
      if (!r) {
        t.fail(`no arg-tracking result for subprog#${at.subprog} depth ${at.depth}`);
        continue;
      }
      const dump = blocks(formatArgTrackDump(r, text))[0]!;
      t.is(dump.lines.get(at.insn), at.line, `arg-tracking dump of insn ${at.insn}`);
    }
    t.pass();
  });
}
