/**
 * The `bpfdl` executable for end-to-end tests: the bundle `npm run build` writes
 * (dist/bpfdl.mjs, which package.json's `bin` names) when present, as in `npm test`; else the
 * compiled entry point; else the sources through tsx.
 */
import * as fs from 'node:fs';

const built = ['dist/bpfdl.mjs', 'dist/src/cli/main.js'].find((f) => fs.existsSync(f));

/** `[program, leading arguments]` that run bpfdl. */
export const bpfdlCmd = built !== undefined ? ['node', [built]] as const : ['node', ['--import', 'tsx', 'src/cli/main.ts']] as const;
