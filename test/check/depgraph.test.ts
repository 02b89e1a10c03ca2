import test from 'ava';
import fc from 'fast-check';
import { orderedSccs, shortestPath } from '../../src/check/depgraph.js';

const graphArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.array(fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 4 }), { minLength: n, maxLength: n }),
);

/** Brute-force reachability (Floyd–Warshall closure, reflexive). */
function closure(adj: number[][]): boolean[][] {
  const n = adj.length;
  const r = adj.map((succ, v) => Array.from({ length: n }, (_, w) => v === w || succ.includes(w)));
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (r[i]![k] && r[k]![j]) r[i]![j] = true;
  return r;
}

test('orderedSccs: components are exactly the mutual-reachability classes', (t) => {
  fc.assert(
    fc.property(graphArb, (adj) => {
      const r = closure(adj);
      const sccs = orderedSccs(adj);
      const comp = new Map<number, number>();
      sccs.forEach((c, i) => c.forEach((v) => comp.set(v, i)));
      if (comp.size !== adj.length || sccs.flat().length !== adj.length) return false;
      for (let v = 0; v < adj.length; v++)
        for (let w = 0; w < adj.length; w++) if ((comp.get(v) === comp.get(w)) !== (r[v]![w]! && r[w]![v]!)) return false;
      return true;
    }),
  );
  t.pass();
});

test('orderedSccs: every edge goes forward or stays in its component; members ascending', (t) => {
  fc.assert(
    fc.property(graphArb, (adj) => {
      const sccs = orderedSccs(adj);
      const pos = new Map<number, number>();
      sccs.forEach((c, i) => c.forEach((v) => pos.set(v, i)));
      const sorted = sccs.every((c) => c.every((v, i) => i === 0 || c[i - 1]! < v));
      return sorted && adj.every((succ, v) => succ.every((w) => pos.get(v)! <= pos.get(w)!));
    }),
  );
  t.pass();
});

test('orderedSccs: independent components follow vertex order', (t) => {
  t.deepEqual(orderedSccs([[], [], []]), [[0], [1], [2]]);
  t.deepEqual(orderedSccs([[], [0], [1, 2]]), [[2], [1], [0]]);
  t.deepEqual(orderedSccs([[1], [0], [0]]), [[2], [0, 1]]);
});

test('shortestPath: found iff reachable by at least one edge, and is a real path', (t) => {
  fc.assert(
    fc.property(graphArb, fc.nat(), fc.nat(), (adj, a, b) => {
      const n = adj.length;
      const from = a % n;
      const to = b % n;
      const r = closure(adj);
      const oneStep = adj[from]!.some((w) => r[w]![to]);
      const p = shortestPath(adj, from, to);
      if (p === undefined) return !oneStep;
      if (!oneStep || p[0] !== from || p[p.length - 1] !== to || p.length < 2) return false;
      return p.every((v, i) => i === 0 || adj[p[i - 1]!]!.includes(v));
    }),
  );
  t.pass();
});
