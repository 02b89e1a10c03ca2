/**
 * Finds bpfdl's own installation directory (the one holding `package.json` next to
 * `grammar/` and `rules/`) by walking up from this module, so the same code works from
 * `src/base/package-root.ts` under tsx and from `dist/src/base/package-root.js` after a build.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The package root directory.
 *
 * @example
 * join(packageRoot(), 'rules', 'prelude.dl')
 */
export function packageRoot(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'rules'))) return (cached = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('bpfdl: cannot find the package root above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}
