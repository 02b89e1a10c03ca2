/**
 * Property: for every AST the parser can produce, parse(print(ast)) = ast modulo spans.
 */
import test from 'ava';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { formatDiagnostic } from '../../src/base/diagnostic.js';
import { parseSource } from '../../src/lang/parse.js';
import { printSource } from '../../src/lang/print.js';
import { arbSource } from './arbitrary.js';
import { stripSpans } from './helpers.js';

test('print then parse gives back the same AST (modulo spans)', (t) => {
  fc.assert(
    fc.property(arbSource, (src) => {
      const text = printSource(src);
      const r = parseSource(src.file, text);
      if (E.isLeft(r)) throw new Error(`printed text does not parse:\n${text}\n${r.left.map((d) => formatDiagnostic(d, new Map([[src.file, text]]))).join('\n')}`);
      const got = stripSpans(r.right);
      const want = stripSpans(src);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        t.deepEqual(got, want, text);
        return false;
      }
      return true;
    }),
    { numRuns: 600 },
  );
  t.pass();
});

test('printing is idempotent on parsed text', (t) => {
  fc.assert(
    fc.property(arbSource, (src) => {
      const once = printSource(src);
      const r = parseSource(src.file, once);
      return E.isRight(r) && printSource(r.right) === once;
    }),
    { numRuns: 300 },
  );
  t.pass();
});
