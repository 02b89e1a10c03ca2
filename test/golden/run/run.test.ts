/**
 * Golden runs: every folder under test/golden/run/cases/ and every example under examples/
 * is run through the CLI in-process (`bpfdl run <rules> -F <folder> -D <tmp>`).
 *
 *     <case>/rules.dl (or the one *.dl of an example)   the program
 *     <case>/*.facts, *.json                           input facts
 *     <case>/expected/<file>                           each must equal the written output file
 *     <case>/expected.out                              stdout must equal it (e.g. .printsize)
 *     <case>/expected.err                              the run must fail (exit 1) with exactly this stderr
 *
 * Set BPFDL_UPDATE_GOLDEN=1 to rewrite expected files from the actual output.
 */
import test from 'ava';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../../../src/cli/cli.js';
import type { CliIo } from '../../../src/cli/context.js';

const update = process.env.BPFDL_UPDATE_GOLDEN === '1';

function memIo(): CliIo & { stdoutText: () => string; stderrText: () => string } {
  let out = '';
  let err = '';
  return {
    out: (s) => void (out += s),
    err: (s) => void (err += s),
    env: {},
    stdin: new PassThrough(),
    stdout: new PassThrough(),
    interactive: false,
    stdoutText: () => out,
    stderrText: () => err,
  };
}

function cases(): { name: string; dir: string; rules: string }[] {
  const out: { name: string; dir: string; rules: string }[] = [];
  const root = 'test/golden/run/cases';
  for (const c of fs.readdirSync(root).sort()) out.push({ name: `case ${c}`, dir: path.join(root, c), rules: path.join(root, c, 'rules.dl') });
  for (const c of fs.readdirSync('examples').sort()) {
    const dir = path.join('examples', c);
    if (!fs.statSync(dir).isDirectory()) continue;
    const dl = fs.readdirSync(dir).find((f) => f.endsWith('.dl'));
    if (dl) out.push({ name: `example ${c}`, dir, rules: path.join(dir, dl) });
  }
  return out;
}

for (const c of cases()) {
  test(c.name, async (t) => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpfdl-golden-'));
    const io = memIo();
    const code = await runCli(['run', c.rules, '-F', c.dir, '-D', outDir], io);
    const errFile = path.join(c.dir, 'expected.err');
    if (fs.existsSync(errFile)) {
      if (update) fs.writeFileSync(errFile, io.stderrText());
      t.is(io.stderrText(), fs.readFileSync(errFile, 'utf8'));
      t.is(code, 1);
      return;
    }
    t.is(io.stderrText(), '');
    t.is(code, 0);
    const outFile = path.join(c.dir, 'expected.out');
    if (fs.existsSync(outFile)) {
      if (update) fs.writeFileSync(outFile, io.stdoutText());
      t.is(io.stdoutText(), fs.readFileSync(outFile, 'utf8'));
    }
    const expDir = path.join(c.dir, 'expected');
    if (fs.existsSync(expDir)) {
      const expected = fs.readdirSync(expDir).sort();
      t.true(expected.length > 0);
      for (const f of expected) {
        const actual = path.join(outDir, f);
        t.true(fs.existsSync(actual), `${f} was not written`);
        if (update) fs.copyFileSync(actual, path.join(expDir, f));
        t.is(fs.readFileSync(actual, 'utf8'), fs.readFileSync(path.join(expDir, f), 'utf8'), f);
      }
      // nothing else is written
      t.deepEqual(fs.readdirSync(outDir).sort(), expected);
    }
    fs.rmSync(outDir, { recursive: true, force: true });
  });
}
