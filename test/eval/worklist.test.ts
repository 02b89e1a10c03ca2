import test from 'ava';
import fc from 'fast-check';
import { Worklist } from '../../src/eval/worklist.js';
import { flowDirection, flowEdges } from '../../src/eval/flow-order.js';
import { planOf } from './helpers.js';

type Step = { push: [number, number] } | { pop: true };
const steps = fc.array(fc.oneof(
  fc.record({ push: fc.tuple(fc.nat(500), fc.integer({ min: -20, max: 120 })) }),
  fc.record({ pop: fc.constant(true as const) }),
), { maxLength: 300 });

/** Runs `ops` on `wl` and on a model; every pop must give a row whose value is the best queued. */
function agrees(wl: Worklist, ops: Step[], better: (a: number, b: number) => boolean, lifo: boolean): boolean {
  const model: [number, number][] = [];
  const seen = new Set<number>();
  for (const op of ops) {
    if ('push' in op) {
      const [r, v] = op.push;
      if (seen.has(r)) continue;                     // a row is queued at most once (inWl)
      seen.add(r);
      wl.push(r, v);
      model.push([r, v]);
    } else if (model.length > 0) {
      const r = wl.pop();
      seen.delete(r);
      const i = model.findIndex(([q]) => q === r);
      if (i < 0) return false;
      const v = model[i]![1];
      if (lifo ? i !== model.length - 1 : model.some(([, w]) => better(w, v))) return false;
      model.splice(i, 1);
    }
    if (wl.len !== model.length) return false;
  }
  return true;
}

test('Worklist: the stack pops the newest row', (t) => {
  fc.assert(fc.property(steps, (ops) => agrees(new Worklist(), ops, () => false, true)));
  t.pass();
});

for (const [name, span] of [['heap', 0], ['bucket queue (values up to 100, others move it to the heap)', 101]] as const) {
  test(`Worklist: the ${name} pops a row with the smallest value, or the largest when descending`, (t) => {
    fc.assert(fc.property(steps, fc.boolean(), (ops, desc) => {
      const wl = new Worklist();
      wl.prioritise(0, desc, span);
      return agrees(wl, ops, desc ? (a, b) => a > b : (a, b) => a < b, false);
    }));
    t.pass();
  });
}

test('Worklist: top() orders stacks first, then ascending values, then descending ones by ~value', (t) => {
  const s = new Worklist();
  s.push(1, 0);
  const asc = new Worklist();
  asc.prioritise(0, false, 64);
  asc.push(2, 7);
  asc.push(3, 5);
  const desc = new Worklist();
  desc.prioritise(0, true, 64);
  desc.push(4, 9);
  desc.push(5, 12);
  t.true(s.top() < asc.top());
  t.is(asc.top(), 5);
  t.is(desc.top(), ~12);
  t.is(desc.pop(), 5);
  t.is(asc.pop(), 3);
  t.throws(() => asc.prioritise(0, true), { message: /not empty/ });
});

test('flowEdges finds the column a recursive rule moves along and the relation linking the values', (t) => {
  const p = planOf(`.decl succ(i:number, j:number)
.decl seed(n:number, i:number, m:<mask>)
.decl live(n:number, i:number, m:<mask>)
live(n, i, m) :- seed(n, i, m).
live(n, i, m) :- succ(i, j), live(n, j, m).
`);
  const versions = p.strata.flatMap((s) => s.clauses.flatMap((c) => [...c.deltas.values()]));
  const edges = flowEdges(versions, (r) => p.relations.get(r)!.keyArity, (r) => r === 'succ');
  t.deepEqual(edges, [{ rel: 'live', col: 1, via: 'succ', headPos: 0, deltaPos: 1 }]);
  t.deepEqual(flowEdges(versions, (r) => p.relations.get(r)!.keyArity, () => false), []);
});

test('flowDirection reads the direction and the value range from the linking rows', (t) => {
  const rows = (pairs: number[][]) => ({ data: Int32Array.from(pairs.flat()), arity: 2, size: pairs.length });
  t.deepEqual(flowDirection(rows([[0, 1], [1, 2], [2, 0]]), 0, 1), { order: 'desc', min: 0, max: 2 });
  t.deepEqual(flowDirection(rows([[0, 1], [1, 2], [2, 0]]), 1, 0), { order: 'asc', min: 0, max: 2 });
  t.is(flowDirection(rows([[0, 1], [1, 0]]), 0, 1), undefined);
  t.is(flowDirection(rows([]), 0, 1), undefined);
});
