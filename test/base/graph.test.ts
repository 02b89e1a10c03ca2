import test from 'ava';
import fc from 'fast-check';
import { scc, topoOrder } from '../../src/base/graph.js';

const adj = (edges: number[][]) => (v: number): readonly number[] => edges[v] ?? [];

test('scc finds a cycle and singletons, numbered in completion order', t => {
  const g = adj([[1], [2], [0, 3], []]);
  const r = scc(4, g);
  t.is(r.comp[3], 0);
  t.deepEqual([r.comp[0], r.comp[1], r.comp[2]], [1, 1, 1]);
  t.is(r.members.length, 2);
});

test('topoOrder lists leaves first', t => {
  t.deepEqual(topoOrder(3, adj([[1, 2], [2], []])), [2, 1, 0]);
});

test('scc: u and v share a component iff each reaches the other (property)', t => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 9 }).chain(n => fc.tuple(fc.constant(n), fc.array(fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 3 }), { minLength: n, maxLength: n }))), ([n, edges]) => {
      const reach = (a: number): Set<number> => {
        const s = new Set([a]);
        const q = [a];
        while (q.length) for (const w of edges[q.pop()!]!) if (!s.has(w)) { s.add(w); q.push(w); }
        return s;
      };
      const r = scc(n, adj(edges));
      const R = Array.from({ length: n }, (_, i) => reach(i));
      for (let u = 0; u < n; u++) for (let v = 0; v < n; v++) {
        if ((r.comp[u] === r.comp[v]) !== (R[u]!.has(v) && R[v]!.has(u))) return false;
      }
      // completion order is reverse topological: an edge u->v never goes to a later component
      for (let u = 0; u < n; u++) for (const v of edges[u]!) if (r.comp[v]! > r.comp[u]!) return false;
      return true;
    }),
  );
  t.pass();
});
