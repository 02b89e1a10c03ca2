/**
 * The build's cache of parsed rule texts (rule-cache.ts): it must give exactly what the parser
 * gives, be used only for the (file, text) pairs it was made for, and be ignored when it is
 * for another format or grammar, malformed or missing.
 */
import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analysisRules, analysisRootText, ANALYSIS_ROOT } from '../../src/analysis/rules.js';
import { buildRuleCache, bundledParser, RULE_CACHE_FORMAT, ruleCachePath, writeRuleCache } from '../../src/analysis/rule-cache.js';
import { bundledRuleTexts } from '../../src/analysis/rule-texts.js';
import { loadProgram, type ParseFile } from '../../src/lang/load.js';
import { openAnalysisReplWith } from '../../src/analysis/repl-open.js';
import { parseSource } from '../../src/lang/parse.js';

const dir = mkdtempSync(join(tmpdir(), 'bpfdl-rule-cache-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
/** A fresh cache file path (each bundledParser path is read once per process). */
const fresh = (): string => join(dir, `cache-${++n}.json`);

test('every bundled text: the cached items equal a fresh parse after the JSON round trip', (t) => {
  const texts = bundledRuleTexts();
  t.true(texts.some((x) => x.file === 'rules/arg_tracking.dl') && texts.some((x) => x.file === 'arg_tracking.dl'));
  const path = fresh();
  t.true(E.isRight(writeRuleCache(texts, path)));
  const parse = bundledParser(path);
  for (const { file, text } of texts) {
    const cached = parse(file, text);
    const parsed = parseSource(file, text);
    t.true(E.isRight(parsed), file);
    t.deepEqual(cached, parsed, file);
  }
});

test('an entry answers only its own file name and text', (t) => {
  // a cache whose entry for x.dl holds no items: a hit is visible as an empty result
  const json = JSON.parse(E.getOrElse(() => '')(buildRuleCache([{ file: 'x.dl', text: 'a(1).' }])));
  json.entries[0].items = [];
  const path = fresh();
  writeFileSync(path, JSON.stringify(json));
  const parse = bundledParser(path);
  const items = (file: string, text: string): number => E.getOrElseW(() => { throw new Error('parse failed'); })(parse(file, text)).items.length;
  t.is(items('x.dl', 'a(1).'), 0);          // from the cache
  t.is(items('x.dl', 'a(2).'), 1);          // other text: parsed
  t.is(items('y.dl', 'a(1).'), 1);          // other name: parsed
});

test('a cache for another format or grammar, a malformed one and a missing one are ignored', (t) => {
  const good = JSON.parse(E.getOrElse(() => '')(buildRuleCache([{ file: 'x.dl', text: 'a(1).' }])));
  good.entries[0].items = [];
  const variants: Record<string, string> = {
    format: JSON.stringify({ ...good, format: RULE_CACHE_FORMAT + 1 }),
    grammar: JSON.stringify({ ...good, grammar: '0'.repeat(64) }),
    shape: JSON.stringify({ ...good, entries: [{ file: 'x.dl', items: [] }] }),
    json: '{"format": 1, "entr',
  };
  for (const [what, text] of Object.entries(variants)) {
    const path = fresh();
    writeFileSync(path, text);
    const r = bundledParser(path)('x.dl', 'a(1).');
    t.true(E.isRight(r) && r.right.items.length === 1, what);
  }
  const missing = bundledParser(join(dir, 'none.json'))('x.dl', 'a(1).');
  t.true(E.isRight(missing) && missing.right.items.length === 1);
});

test('a syntax error in a cached file name still comes from the parser, with its position', (t) => {
  const path = fresh();
  writeRuleCache([{ file: 'x.dl', text: 'a(1).' }], path);
  const r = bundledParser(path)('x.dl', 'a(1');
  t.true(E.isLeft(r));
  if (E.isLeft(r)) t.is(r.left[0]!.code, 'E001');
});

test('the analysis rules load the same through the cache as through the parser', (t) => {
  const texts = new Map(bundledRuleTexts().filter((x) => x.file !== ANALYSIS_ROOT).map((x) => [x.file, x.text]));
  const read = (p: string): string | undefined => (p === ANALYSIS_ROOT ? analysisRootText() : texts.get(p));
  const path = fresh();
  writeRuleCache(bundledRuleTexts(), path);
  const viaCache = loadProgram(ANALYSIS_ROOT, read, bundledParser(path));
  const viaParser = loadProgram(ANALYSIS_ROOT, read);
  t.true(E.isRight(viaParser));
  t.deepEqual(viaCache, viaParser);
  t.true(E.isRight(analysisRules()));
});

test('the analysis REPL compiles its rules with the bundled parser', (t) => {
  let seen: ParseFile | undefined;
  openAnalysisReplWith((_text, o) => { seen = o.parse; return E.left([]); }, 'examples/bpf/callee_reads_caller.s', undefined);
  t.is(seen, bundledParser());
});

test('the build\'s own cache (dist/rules-ast.json, when built) answers every bundled text as the parser does', (t) => {
  if (!existsSync(ruleCachePath())) return t.pass('no build: the analyses parse the rule files');
  const parse = bundledParser(ruleCachePath());
  for (const { file, text } of bundledRuleTexts()) t.deepEqual(parse(file, text), parseSource(file, text), file);
});
