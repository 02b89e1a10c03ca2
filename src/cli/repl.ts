/**
 * The interactive loop around a `ReplSession`: node:readline with prompts (only on a
 * terminal), multi-line input (a line that does not end in `.` continues), tab completion of
 * relation names and dot-commands, and history persisted in `~/.bpfdl_history` (the env
 * variable `BPFDL_HISTORY` overrides the path; at most 1000 entries).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { CliIo } from './context.js';
import type { ReplSession } from './repl-session.js';

const HISTORY_MAX = 1000;

/**
 * The history file path for an environment.
 *
 * @example
 * historyPath({ BPFDL_HISTORY: '/tmp/h' }) // '/tmp/h'
 */
export function historyPath(env: Readonly<Record<string, string | undefined>>): string {
  return env.BPFDL_HISTORY ?? path.join(os.homedir(), '.bpfdl_history');
}

function loadHistory(file: string): string[] {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').slice(-HISTORY_MAX);
  } catch {
    return [];
  }
}

/** True when `buf` is a complete input: a dot-command, or text ending in `.` (outside strings). */
function complete(buf: string, commands: readonly string[]): boolean {
  const t = buf.trim();
  if (t === '') return true;
  const word = /^\.\w+/.exec(t)?.[0];
  if (word && commands.includes(word)) return true;
  const noStrings = t.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\/\/.*$/gm, '').trim();
  return noStrings.endsWith('.');
}

/**
 * Runs the REPL loop on `io` until `.quit` or end of input; resolves to the exit code (0).
 *
 * @example
 * await startRepl(session, io)
 */
export function startRepl(session: ReplSession, io: CliIo): Promise<number> {
  const file = historyPath(io.env);
  const history = loadHistory(file);
  const rl = readline.createInterface({
    input: io.stdin,
    output: io.stdout,
    terminal: io.interactive,
    history: [...history].reverse(),
    historySize: HISTORY_MAX,
    completer: (line: string) => session.complete(line),
  });
  const prompt = (more: boolean): void => {
    if (io.interactive) {
      rl.setPrompt(more ? '   ...> ' : 'bpfdl> ');
      rl.prompt();
    }
  };
  const remember = (entry: string): void => {
    history.push(entry);
    try {
      fs.writeFileSync(file, history.slice(-HISTORY_MAX).join('\n') + '\n');
    } catch {
      // an unwritable history file must not end the session
    }
  };
  if (io.interactive) io.out("bpfdl REPL — '.help' for help, '.quit' to leave\n");
  let buf = '';
  prompt(false);
  return new Promise((resolve) => {
    rl.on('line', (line) => {
      buf = buf ? `${buf}\n${line}` : line;
      if (!complete(buf, session.commandNames())) {
        prompt(true);
        return;
      }
      const input = buf;
      buf = '';
      if (input.trim()) remember(input.replace(/\n/g, ' '));
      io.out(session.eval(input));
      if (session.finished) rl.close();
      else prompt(false);
    });
    rl.on('SIGINT', () => {
      // Ctrl-C drops a half-typed input; on an empty prompt it leaves like Ctrl-D
      if (buf === '' && rl.line === '') rl.close();
      else {
        buf = '';
        io.out('\n');
        prompt(false);
      }
    });
    rl.on('close', () => {
      if (buf.trim()) io.out(session.eval(buf));
      resolve(0);
    });
  });
}
