/**
 * The REPL on a BPF program (`bpfdl repl X.o --prog NAME`): the session opened through
 * `openAnalysisRepl` answers queries over the analysis relations exactly as `analyze()`
 * computed them, takes user rules on top, and prints `.insn N`.
 */
import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openAnalysisRepl, type AnalysisRepl, type Program } from '../../src/pipeline.js';
import { ReplSession } from '../../src/cli/repl-session.js';
import { isBpfFile } from '../../src/cli/cmd-repl.js';
import { bpfdlCmd } from '../support/bin.js';

const catalogue = 'test/fixtures/catalogue';
const FIXTURE = `${catalogue}/caller_stack_read.s`;
const golden = 'test/golden/repl';

function open(file = FIXTURE, prog?: string, slots?: 4 | 8): { repl: AnalysisRepl<Program>; session: ReplSession } {
  const r = openAnalysisRepl(file, prog, slots ? { slots } : {});
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  const s = ReplSession.fromProgram(r.right.program, r.right.facts, { commands: r.right.commands });
  if (E.isLeft(s)) throw new Error(JSON.stringify(s.left));
  return { repl: r.right, session: s.right };
}

/** The rows of a printed answer table (columns are separated by two or more spaces). */
function tableRows(out: string): string[][] {
  const lines = out.trimEnd().split('\n');
  t_assert(/^\d+ answers?$/.test(lines.at(-1)!), out);
  return lines.slice(2, -1).map((l) => l.trim().split(/\s{2,}/));
}

function t_assert(ok: boolean, msg: string): void {
  if (!ok) throw new Error(`unexpected output:\n${msg}`);
}

function goldenCheck(name: string, text: string): string {
  const p = path.join(golden, name);
  if (process.env.UPDATE_GOLDEN || !fs.existsSync(p)) {
    fs.mkdirSync(golden, { recursive: true });
    fs.writeFileSync(p, text);
  }
  return fs.readFileSync(p, 'utf8');
}

test('live_half answers are the live half-slots of analyze(), for every instance and frame', (t) => {
  const { repl, session } = open();
  const got = tableRows(session.eval('?- live_half(N, F, I, K).')).map((r) => r.join(' ')).sort();
  const want: string[] = [];
  for (const inst of repl.analysis.instances())
    for (let f = 0; f <= inst.depth; f++)
      for (let i = inst.start; i < inst.end; i++)
        for (const k of repl.analysis.liveBeforeMask(inst, f, i).members()) want.push(`[${inst.callsite}, ${inst.depth}] ${f} ${i} ${k}`);
  t.true(want.length > 0);
  t.deepEqual(got, want.sort());
  // the two instances of `rd` (called at 5 with fp-8 and at 8 with fp-16) read different slots of frame 0
  t.deepEqual(tableRows(session.eval('?- live_half(N, 0, 10, K).')), [['[5, 1]', '0'], ['[5, 1]', '1'], ['[8, 1]', '2'], ['[8, 1]', '3']]);
  // the inst_insn view: insn 10 (in `rd`) is reached by both instances, insn 0 by the root only
  t.deepEqual(tableRows(session.eval('?- inst_insn(N, 10).')).map((r) => r[0]).sort(), ['[5, 1]', '[8, 1]']);
  t.deepEqual(tableRows(session.eval('?- inst_insn(N, 0).')).map((r) => r[0]), ['[0, 0]']);
});

test('live_slot(I, F, Off) answers by byte offset, over all instances: the query of the issue, ?- live_slot(I, 0, -16).', (t) => {
  const { repl, session } = open();
  const want = (frame: number, off: number): string[] => {
    const k = -off / 4 - 1;
    const out = new Set<number>();
    for (const inst of repl.analysis.instances())
      for (let i = inst.start; i < inst.end; i++) if (repl.analysis.liveBeforeMask(inst, frame, i).has(k)) out.add(i);
    return [...out].sort((a, b) => a - b).map(String);
  };
  // fp-16 of main's frame: stored at 2, live until the second call's callee reads it (insn 10)
  const got = tableRows(session.eval('?- live_slot(I, 0, -16).')).map((r) => r[0]!);
  t.deepEqual(got, want(0, -16));
  t.deepEqual(got, ['3', '4', '5', '6', '7', '8', '10']);
  t.deepEqual(tableRows(session.eval('?- live_slot(I, 0, -8).')).map((r) => r[0]!), want(0, -8));
  // at the callee's read both instances' slots are live: fp-8 (both halves) and fp-16
  t.deepEqual(tableRows(session.eval('?- live_slot(10, F, Off).')), [['0', '-16'], ['0', '-12'], ['0', '-8'], ['0', '-4']]);
  t.is(session.eval('?- live_slot(2, 0, -16).'), 'no\n');
});

test('live_reg answers are the live registers of analyze()', (t) => {
  const { repl, session } = open();
  for (const i of [0, 5, 10]) {
    const want = [...Array(10).keys()].filter((r) => repl.analysis.liveRegs(i) & (1 << r)).map(String);
    const out = session.eval(`?- live_reg(${i}, R).`);
    t.deepEqual(want.length ? tableRows(out).map((r) => r[0]) : [], want.length ? want : [], `insn ${i}: ${out}`);
  }
  t.is(session.eval('?- live_reg(10, 1).'), 'yes\n');
  t.is(session.eval('?- live_reg(10, 0).'), 'no\n');
});

test('the session starts from the same fixpoint as the driver on a sample of the catalogue', (t) => {
  const names = ['caller_stack_read', 'bpf_loop_two_callbacks', 'callback_two_calls_different_ctx', 'propagate_callee_ancestor_chain',
    'shared_instance_must_write_overwrite', 'subprog_multilevel_conservative', 'spill_join_with_multi_off', 'caller_stack_write_tail_call'];
  const show = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(show).join(',')}]`;
    if (typeof v !== 'object' || v === null) return String(v);
    // an argument-tracking state: its two vectors
    if ('regs' in v && 'stk' in v) return `${show(v.regs)}|${show(v.stk)}`;
    return String(v) + `#${(v as { id?: number }).id ?? ''}`;
  };
  for (const n of names) {
    const { repl, session } = open(`${catalogue}/${n}.s`);
    for (const rel of ['instance', 'live_before', 'may_read', 'must_write', 'at_state', 'live_regs']) {
      const driver = [...repl.analysis.db.relation(rel)!.rows()].map((r) => r.map(show).join(' ')).sort();
      const repl_ = session.database.relation(rel).rows().map((r) => r.map(show).join(' ')).sort();
      t.deepEqual(repl_, driver, `${n}: ${rel}`);
    }
  }
});

test('user rules on top of the analysis relations', (t) => {
  const { repl, session } = open();
  t.is(session.eval('.decl reads_fp0(I: number, K: number)'), '');
  t.is(session.eval('reads_fp0(I, K) :- live_half(_, 0, I, K), !live_half(_, 0, I + 1, K), I < 9.'), '');
  const got = tableRows(session.eval('?- reads_fp0(I, K).'));
  // slot pairs live before I but not before I+1 inside main: the reads at the calls 5 and 8
  t.deepEqual(got, [['5', '0'], ['5', '1'], ['8', '2'], ['8', '3']]);
  t.is(session.eval('.decl both(I: number)\nboth(I) :- live_reg(I, 1), live_slot(I, _, _).'), '');
  const both = tableRows(session.eval('?- both(I).')).map((r) => Number(r[0]));
  const want = [...Array(12).keys()].filter((i) => (repl.analysis.liveRegs(i) & 2) !== 0
    && repl.analysis.instances().some((inst) => [...Array(inst.depth + 1).keys()].some((f) => !repl.analysis.liveBeforeMask(inst, f, i).isEmpty())));
  t.deepEqual(both, want);
});

test('a bad line gives a diagnostic and the session continues', (t) => {
  const { session } = open();
  const out = session.eval('?- live_half(N, 0, 10).');
  t.regex(out, /error E\d+: .*live_half/);
  t.regex(out, /\n {2}1 \| \?- live_half\(N, 0, 10\)\.\n/);
  t.regex(session.eval('nope(X) :- live_reg(X, _).'), /error E201: undeclared relation 'nope'/);
  t.is(session.eval('.insn 99'), 'no instruction 99 (the program has instructions 0..11)\n');
  t.is(session.eval('.insn r1'), 'usage: .insn N   (N = instruction index)\n');
  t.false(session.finished);
  t.is(session.eval('?- live_reg(10, R).'), 'R\n-\n1\n1 answer\n');
});

test('.insn N: instruction, live registers, live slots per frame, use/def and argument values (golden)', (t) => {
  const { session } = open();
  const text = [1, 5, 10].map((i) => `.insn ${i}\n${session.eval(`.insn ${i}`)}`).join('');
  t.is(text, goldenCheck('caller_stack_read.insn.txt', text));
  t.regex(text, / 10: \(79\) r0 = \*\(u64 \*\)\(r1 \+0\)\n {2}live regs: r1\n {2}\[5, 1\] subprog#1 rd \(d1,cs5\):\n {4}frame 0: live fp0-8; use fp0-8; def -\n/);
});

test('.insn reflects facts the user adds; .help and completion list it', (t) => {
  const { session } = open();
  t.regex(session.eval('.help'), /\n {2}\.insn N {17}instruction N: live registers/);
  t.deepEqual(session.complete('.in'), [['.insn'], '.in']);
  t.true(session.commandNames().includes('.insn'));
  // an extra use of r7 at insn 9 makes r7 live at 9 (register liveness is rule-derived; it
  // reads the packed use sets, bit 7 = r7)
  t.is(session.eval('reg_use_mask(9, 128).'), '');
  t.regex(session.eval('.insn 9'), /live regs: r0 r7\n/);
});

test('ld_imm64 second slot, --slots 8, and the program choice in multi-program objects', (t) => {
  const { session } = open('test/fixtures/elf/calls.o', 'xdp_main', 8);
  t.is(session.eval('?- granularity(G).'), 'G\n-\n8\n1 answer\n');
  const many = openAnalysisRepl('test/fixtures/elf/calls.o', undefined);
  t.true(E.isLeft(many) && many.left[0]!.code === 'E913' && /xdp\/xdp_main, tc\/tc_first, tc\/tc_second/.test(many.left[0]!.message));
  const none = openAnalysisRepl('test/fixtures/elf/calls.o', 'nope');
  t.true(E.isLeft(none) && none.left[0]!.code === 'E911');
  const lddw = fs.mkdtempSync(path.join(os.tmpdir(), 'bpfdl-repl-'));
  const src = path.join(lddw, 'lddw.s');
  fs.writeFileSync(src, '.type socket_filter\n  r1 = 0x100000000 ll\n  r0 = 0\n  exit\n');
  const s = open(src).session;
  t.is(s.eval('.insn 1'), '1 is the second slot of the ld_imm64 at 0\n');
  t.regex(s.eval('.insn 0'), /^ {2}0: \(18\) r1 = 0x100000000\n/);
  // u32 constants above int32 (const_scalar) are stored as the engine's int32, as the driver
  // loads its columns (`| 0`); the analysis database itself leaves const_scalar out (no
  // analysis rule reads it)
  fs.writeFileSync(src, '.type socket_filter\n  r2 = 0xffffff86 ll\n  r0 = 0\n  exit\n');
  const u = open(src);
  t.deepEqual(u.session.database.relation('const_scalar').rows(), u.repl.analysis.facts.get('const_scalar')!.map((r) => r.map((v) => v | 0)));
  t.is(u.repl.analysis.db.relation('const_scalar')!.size, 0);
  t.is(u.session.eval('?- const_scalar(2, 2, V).'), 'V\n----\n-122\n1 answer\n');
});

test('isBpfFile: .o/.s by name, ELF objects by magic, anything else is rules', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpfdl-repl-'));
  const elf = path.join(dir, 'object');
  fs.copyFileSync('test/fixtures/elf/calls.o', elf);
  t.true(isBpfFile('x.o'));
  t.true(isBpfFile(FIXTURE));
  t.true(isBpfFile(elf));
  t.false(isBpfFile('examples/tc/tc.dl'));
  t.false(isBpfFile(path.join(dir, 'missing')));
});

const cmd = bpfdlCmd;

test('end to end: bpfdl repl on a .s file with piped stdin', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpfdl-repl-'));
  const input = '?- live_reg(10, R).\n.insn 10\n?- nope(X).\n.decl r1_live(I: number)\nr1_live(I) :- live_reg(I, 1).\n?- r1_live(I), I > 8.\n';
  const r = spawnSync(cmd[0], [...cmd[1], 'repl', FIXTURE], { input, encoding: 'utf8', env: { ...process.env, BPFDL_HISTORY: path.join(dir, 'h') } });
  t.is(r.status, 0, r.stderr);
  t.true(r.stdout.startsWith('R\n-\n1\n1 answer\n 10: (79) r0 = *(u64 *)(r1 +0)\n  live regs: r1\n'), r.stdout);
  t.regex(r.stdout, /error E\d+/);
  t.true(r.stdout.endsWith('I\n--\n10\n1 answer\n'), r.stdout);
  const rules = spawnSync(cmd[0], [...cmd[1], 'repl', 'examples/tc/tc.dl', '-F', 'examples/tc'], { input: '?- path(5, X).\n', encoding: 'utf8', env: { ...process.env, BPFDL_HISTORY: path.join(dir, 'h') } });
  t.is(rules.stdout, 'X\n-\n6\n1 answer\n');
});
