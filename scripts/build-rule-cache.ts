/**
 * Part of `npm run build`: writes dist/rules-ast.json, the parsed items of the bundled rule
 * texts (src/analysis/rule-cache.ts explains the cache and when it is used).
 */
import * as E from 'fp-ts/lib/Either.js';
import { writeRuleCache } from '../src/analysis/rule-cache.js';
import { bundledRuleTexts } from '../src/analysis/rule-texts.js';

const texts = bundledRuleTexts();
const r = writeRuleCache(texts);
if (E.isLeft(r)) {
  for (const d of r.left) console.error(`${d.span ? `${d.span.file}:${d.span.line}:${d.span.col}: ` : ''}${d.message}`);
  process.exit(1);
}
console.log(`rule cache: ${texts.length} texts parsed into dist/rules-ast.json`);
