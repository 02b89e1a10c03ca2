/** Test helpers for the rule-language tests (not a test file itself). */
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

/** The repository root (two levels above this file). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Deep-copies a value dropping every `span` property, so ASTs can be compared modulo spans. */
export function stripSpans<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => stripSpans(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== 'span') out[k] = stripSpans(v);
    return out as T;
  }
  return value;
}
