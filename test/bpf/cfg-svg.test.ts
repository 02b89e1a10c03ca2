import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { buildCfg } from '../../src/bpf/cfg.js';
import { cfgToSvg } from '../../src/bpf/cfg-svg.js';
import { I, input, prog } from './cfg-build.js';

test('cfgToSvg renders every instruction node with WASM Graphviz', async t => {
  const cfg = buildCfg(input(), prog(I.movImm(1, 0), I.jeqImm(1, 0, 1), I.movImm(0, 1), I.exit()));
  if (E.isLeft(cfg)) return t.fail();
  const svg = await cfgToSvg(cfg.right);
  t.true(svg.includes('<svg'));
  for (const n of ['n0', 'n1', 'n2', 'n3']) t.true(svg.includes(`<title>${n}</title>`), n);
  t.true(svg.includes('<title>n1&#45;&gt;n3</title>'), 'jump edge');
});
