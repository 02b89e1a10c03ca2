/**
 * The `readFile` every loader takes (lang/load.ts: a path → its text, or undefined when it
 * cannot be read, which the loader reports as a missing file), on node's file system.
 */
import { readFileSync } from 'node:fs';

/**
 * The UTF-8 text of the file at `path`, or undefined when it cannot be read.
 *
 * @example
 * readTextOrUndefined('rules/prelude.dl')?.startsWith('//') // true
 * readTextOrUndefined('no/such/file.dl')                    // undefined
 */
export function readTextOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
