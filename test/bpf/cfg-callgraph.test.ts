import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { buildCfg } from '../../src/bpf/cfg.js';
import { callGraph, callbackConvention } from '../../src/bpf/callgraph.js';
import { constFold } from '../../src/bpf/constfold.js';
import { I, input, prog, type Slot } from './cfg-build.js';

function graph(parts: Slot[][], relocs: { insn: number; kind: 'kfunc'; symbol: string }[] = []) {
  const cfg = buildCfg(input([0]), prog(...parts));
  if (E.isLeft(cfg)) throw new Error(JSON.stringify(cfg.left));
  return callGraph(cfg.right, constFold(cfg.right, []), relocs);
}

test('pseudo calls and a resolved bpf_loop callback build the graph; topo is leaves first', t => {
  const g = graph([
    I.callPseudo(5), // 0 -> A at 6
    I.movImm(1, 3), // 1
    I.ldFunc(2, 6), // 2,3 -> B at 9
    I.call(181), // 4 bpf_loop(3, B, r3)
    I.exit(), // 5
    I.callPseudo(2), // 6 (A) -> B at 9
    I.movImm(0, 0), // 7
    I.exit(), // 8
    I.movImm(0, 0), // 9 (B)
    I.exit(), // 10
  ]);
  t.deepEqual(g.callees, [[1, 2], [2], []]);
  t.deepEqual(g.topo, [2, 1, 0]);
  const loop = g.sites.find(s => s.insn === 4);
  t.true(loop?.kind === 'helper' && loop.callsCallback && loop.callback?.start === 9 && loop.callback.callee === 2);
});

test('unknown callback register and kfunc callbacks: calls_callback without a callee', t => {
  const g = graph([I.movImm(1, 3), I.call(181), I.kfunc(77), I.exit()], [{ insn: 2, kind: 'kfunc', symbol: 'bpf_rbtree_add_impl' }]);
  const loop = g.sites.find(s => s.insn === 1);
  t.true(loop?.kind === 'helper' && loop.callsCallback && loop.callback === undefined);
  const kf = g.sites.find(s => s.insn === 2);
  t.true(kf?.kind === 'kfunc' && kf.callsCallback && kf.name === 'bpf_rbtree_add_impl');
  t.deepEqual(g.callees, [[]]);
});

test('callback conventions of the four helpers', t => {
  t.deepEqual(callbackConvention(181), { callbackReg: 2, ctxReg: 3, calleeCtxReg: 2 });
  t.deepEqual(callbackConvention(164), { callbackReg: 2, ctxReg: 3, calleeCtxReg: 4 });
  t.deepEqual(callbackConvention(180), { callbackReg: 3, ctxReg: 4, calleeCtxReg: 3 });
  t.deepEqual(callbackConvention(209), { callbackReg: 2, ctxReg: 3, calleeCtxReg: 2 });
  t.is(callbackConvention(1), undefined);
});
