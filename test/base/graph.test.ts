import test from 'ava';
import fc from 'fast-check';
import { loopComponents, scc, topoOrder } from '../../src/base/graph.js';

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

/** Loop ids the long way: scc's components in completion order, keeping the loops. */
function loopsViaScc(n: number, edges: number[][], roots: number[]): number[] {
  const r = scc(n, adj(edges), roots);
  const ids = new Array<number>(n).fill(0);
  let next = 1;
  for (const g of r.members) {
    if (g.length === 1 && !edges[g[0]!]!.includes(g[0]!)) continue;
    for (const v of g) ids[v] = next;
    next++;
  }
  return ids;
}

test('loopComponents over CSR equals the loops of scc, numbered in completion order (property)', t => {
  const graph = fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(
    fc.constant(n),
    fc.array(fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 3 }), { minLength: n, maxLength: n }),
    fc.subarray(Array.from({ length: n }, (_, i) => i), { minLength: 1 }),
  ));
  fc.assert(fc.property(graph, ([n, edges, roots]) => {
    const from = [0];
    for (const e of edges) from.push(from[from.length - 1]! + e.length);
    const ids = loopComponents(n, { from, to: edges.flat() }, roots);
    return JSON.stringify([...ids]) === JSON.stringify(loopsViaScc(n, edges, roots));
  }));
  t.deepEqual([...loopComponents(4, { from: [0, 1, 2, 4, 5], to: [1, 2, 0, 3, 3] }, [0, 1, 2, 3])], [2, 2, 2, 1]);
});
