import test from 'ava';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { internalErrorText, packageVersion, runCli } from '../../src/cli/cli.js';
import { commands } from '../../src/cli/commands.js';
import { memIo } from './io.js';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'bpfdl-cli-'));

test('--version prints the package version', async (t) => {
  const io = memIo();
  t.is(await runCli(['--version'], io), 0);
  t.is(io.outText().trim(), packageVersion());
  t.regex(packageVersion(), /^\d+\.\d+\.\d+/);
});

test('--help lists every registered command', async (t) => {
  const io = memIo();
  t.is(await runCli(['--help'], io), 0);
  for (const name of ['run', 'check', 'explain-plan', 'repl']) t.regex(io.outText(), new RegExp(`\\b${name}\\b`));
  t.true(commands.length >= 4);
});

test('no arguments prints help and exits 1; unknown command exits 1', async (t) => {
  const io = memIo();
  t.is(await runCli([], io), 1);
  t.regex(io.outText(), /Usage: bpfdl/);
  const io2 = memIo();
  t.is(await runCli(['frobnicate'], io2), 1);
  t.regex(io2.errText(), /unknown command/);
});

test('run -D - prints relations to stdout in Soufflé framing', async (t) => {
  const io = memIo();
  t.is(await runCli(['run', 'examples/tc/tc.dl', '-F', 'examples/tc', '-D', '-'], io), 0);
  t.true(io.outText().startsWith('---------------\npath\n===============\n1\t2\n'));
  t.true(io.outText().endsWith('5\t6\n===============\n'));
});

test('run with Soufflé-style joined flags -Fdir -Ddir writes files', async (t) => {
  const out = tmp();
  const io = memIo();
  t.is(await runCli(['run', 'examples/tc/tc.dl', '-Fexamples/tc', `-D${out}`], io), 0);
  t.is(fs.readFileSync(path.join(out, 'path.csv'), 'utf8'), fs.readFileSync('examples/tc/expected/path.csv', 'utf8'));
});

test('run --stats reports iterations, tuples and rule times on stderr', async (t) => {
  const io = memIo();
  t.is(await runCli(['run', 'examples/tc/tc.dl', '-F', 'examples/tc', '-D', '-', '--stats'], io), 0);
  t.regex(io.errText(), /iterations per stratum: .*1:4/); // iteration 0 runs only the base rule
  t.regex(io.errText(), /path 13/);
  t.regex(io.errText(), /delta path@0/);
});

test('check: ok, --print, and errors with carets (exit 1)', async (t) => {
  const io = memIo();
  t.is(await runCli(['check', 'examples/tc/tc.dl'], io), 0);
  t.is(io.outText(), '');
  const io2 = memIo();
  t.is(await runCli(['check', 'examples/tc/tc.dl', '--print'], io2), 0);
  t.regex(io2.outText(), /path\(x, z\) :- path\(x, y\), edge\(y, z\)\./);
  const dir = tmp();
  const bad = path.join(dir, 'bad.dl');
  fs.writeFileSync(bad, '.decl a(x: number)\na(x) :- b(x).\n');
  const io3 = memIo();
  t.is(await runCli(['check', bad], io3), 1);
  t.is(io3.errText(), `${bad}:2:9: error E201: undeclared relation 'b'\n  2 | a(x) :- b(x).\n    |         ^^^^\n`);
});

test('explain-plan prints strata and versions', async (t) => {
  const io = memIo();
  t.is(await runCli(['explain-plan', 'examples/tc/tc.dl'], io), 0);
  t.regex(io.outText(), /stratum/);
  t.regex(io.outText(), /delta/);
});

test('missing rule file and missing facts are user errors (exit 1)', async (t) => {
  const io = memIo();
  t.is(await runCli(['run', 'no/such.dl'], io), 1);
  t.regex(io.errText(), /no\/such\.dl/);
  const io2 = memIo();
  t.is(await runCli(['run', 'examples/tc/tc.dl', '-F', 'no/such/dir', '-D', '-'], io2), 1);
  t.regex(io2.errText(), /E721.*edge/);
});

test('internal errors are one line, stack only with BPFDL_DEBUG=1', (t) => {
  const e = new Error('boom\nsecond line');
  t.is(internalErrorText(e, {}), 'bpfdl: internal error: boom\n');
  t.regex(internalErrorText(e, { BPFDL_DEBUG: '1' }), /^bpfdl: internal error: boom\nError: boom[^]*at /);
});

test('repl on a missing BPF object is a user error (the object hook is wired)', async (t) => {
  const io = memIo();
  t.is(await runCli(['repl', 'x.o', '--prog', 'p'], io), 1);
  t.regex(io.errText(), /x\.o: error E910: cannot read file/);
});
