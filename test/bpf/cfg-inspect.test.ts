import test from 'ava';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { cfgOfFile, factsOfFile, inspectFile, printFactsOfFile, writeFactsOfFile } from '../../src/bpf/inspect.js';
import { cfgCommand } from '../../src/cli/cmd-cfg.js';
import { factsCommand } from '../../src/cli/cmd-facts.js';
import type { CliContext } from '../../src/cli/context.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const obj = path.join(repoRoot, 'test/fixtures/crossframe/xf_callback.o');

function cli(register: (p: Command, c: CliContext) => void) {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = {
    io: { out: s => out.push(s), err: s => err.push(s), env: {}, stdin: new PassThrough(), stdout: new PassThrough(), interactive: false },
    exitCode: -1,
  };
  const program = new Command().exitOverride();
  register(program, ctx);
  return { program, ctx, out, err };
}

test('inspectFile selects programs by name and reports a missing or ambiguous one', t => {
  t.true(E.isRight(inspectFile(obj, 'xf_loop')));
  const none = inspectFile(obj, 'nope');
  t.true(E.isLeft(none) && none.left[0]!.code === 'E911' && /xf_each/.test(none.left[0]!.message));
  const many = inspectFile(obj);
  t.true(E.isLeft(many) && /choose one with --prog/.test(many.left[0]!.message));
  const missing = inspectFile(path.join(repoRoot, 'no-such.o'));
  t.true(E.isLeft(missing) && missing.left[0]!.code === 'E910');
});

test('cfg text shows disassembly, loops and calls; dot is a digraph', async t => {
  const text = await cfgOfFile(obj, 'xf_loop', 'text');
  if (E.isLeft(text)) return t.fail();
  t.regex(text.right, /^ {2}12: \(85\) call bpf_loop#181 {2}-> 13$/m);
  t.regex(text.right, /^subprog 1 'loop_cb' \[19, 33\)$/m);
  t.regex(text.right, /^ {2}9: \(18\) r2 = .* {2}-> 11 func 19$/m);
  const dot = await cfgOfFile(obj, 'xf_loop', 'dot');
  t.true(E.isRight(dot) && dot.right.startsWith('digraph cfg {'));
});

test('facts flows: map, printed lines, TSV files', t => {
  const f = factsOfFile(obj, 'xf_loop');
  t.true(E.isRight(f) && f.right.get('callback_of')!.length === 1);
  const p = printFactsOfFile(obj, 'xf_loop');
  t.true(E.isRight(p) && p.right.includes('callback_of(12, 19, 3, 2).'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpfdl-inspect-'));
  const w = writeFactsOfFile(obj, 'xf_loop', dir);
  t.true(E.isRight(w) && fs.existsSync(path.join(dir, 'succ.facts')));
  fs.rmSync(dir, { recursive: true });
});

test('bpfdl cfg / bpfdl facts command modules', async t => {
  const c = cli(cfgCommand({ cfgOfFile }));
  await c.program.parseAsync(['cfg', obj, '--prog', 'xf_each', '--format', 'dot'], { from: 'user' });
  t.is(c.ctx.exitCode, 0);
  t.true(c.out.join('').startsWith('digraph cfg {'));
  const bad = cli(cfgCommand({ cfgOfFile }));
  await bad.program.parseAsync(['cfg', obj, '--format', 'png'], { from: 'user' });
  t.is(bad.ctx.exitCode, 1);
  t.regex(bad.err.join(''), /E912/);
  const f = cli(factsCommand({ writeFactsOfFile, printFactsOfFile }));
  await f.program.parseAsync(['facts', obj, '--prog', 'xf_loop', '-D', '-'], { from: 'user' });
  t.is(f.ctx.exitCode, 0);
  t.regex(f.out.join(''), /^insn\(0, /m);
});
