/**
 * End to end: the `bpfdl` executable as a child process (test/support/bin.ts: the bundle the
 * build writes when present), with piped stdin for the REPL.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bpfdlCmd } from '../support/bin.js';

const cmd = bpfdlCmd;

function bpfdl(args: string[], input = '', env: Record<string, string> = {}) {
  return spawnSync(cmd[0], [...cmd[1], ...args], { input, encoding: 'utf8', env: { ...process.env, ...env } });
}

test('repl with piped stdin answers queries and persists history', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpfdl-e2e-'));
  const hist = path.join(dir, 'history');
  const r = bpfdl(['repl', 'examples/tc/tc.dl', '-F', 'examples/tc'], '?- path(5, X).\nedge(6,\n 9).\n?- path(5, X).\n?- bad(\n', { BPFDL_HISTORY: hist });
  t.is(r.status, 0);
  t.is(r.stdout.split('\n').slice(0, 9).join('\n'), 'X\n-\n6\n1 answer\nX\n-\n6\n9\n2 answers');
  t.regex(r.stdout, /error/);
  t.is(fs.readFileSync(hist, 'utf8'), '?- path(5, X).\nedge(6,  9).\n?- path(5, X).\n');
});

test('run exit codes: 0 on success, 1 on user error', (t) => {
  const ok = bpfdl(['run', 'examples/tc/tc.dl', '-F', 'examples/tc', '-D', '-']);
  t.is(ok.status, 0);
  t.regex(ok.stdout, /^---------------\npath\n/);
  const bad = bpfdl(['check', 'no/such.dl']);
  t.is(bad.status, 1);
  t.regex(bad.stderr, /no\/such\.dl/);
});
