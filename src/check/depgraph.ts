/**
 * Graph helpers the stratifier needs on top of base/graph.ts:
 *
 *  - `orderedSccs`: the condensation of a graph in topological order. base/graph.ts `scc`
 *    numbers components in reverse topological order; here the condensation DAG is ordered
 *    with Kahn's algorithm, always taking the ready component whose smallest vertex is
 *    smallest, so for every edge u→v comp(u) comes no later than comp(v) and the order
 *    follows declaration order wherever the dependencies allow.
 *  - `shortestPath`: breadth-first search inside a vertex subset (used to name a cycle).
 */
import { scc } from '../base/graph.js';

/**
 * SCCs (vertices ascending) ordered so that every edge goes forward or stays inside.
 *
 * @example
 * orderedSccs([[], [0], [1, 2]]) // [[2], [1], [0]]
 */
export function orderedSccs(adj: readonly (readonly number[])[]): number[][] {
  const n = adj.length;
  const { comp, members } = scc(n, (v) => adj[v] ?? []);
  const comps = members.map((m) => [...m].sort((a, b) => a - b));
  const succ = comps.map(() => new Set<number>());
  const indeg = comps.map(() => 0);
  for (let v = 0; v < n; v++)
    for (const w of adj[v] ?? []) {
      const a = comp[v]!;
      const b = comp[w]!;
      if (a !== b && !succ[a]!.has(b)) (succ[a]!.add(b), indeg[b]!++);
    }
  const ready = comps.map((_, i) => i).filter((i) => indeg[i] === 0);
  const out: number[][] = [];
  while (ready.length > 0) {
    let best = 0;
    for (let i = 1; i < ready.length; i++) if (comps[ready[i]!]![0]! < comps[ready[best]!]![0]!) best = i;
    const c = ready.splice(best, 1)[0]!;
    out.push(comps[c]!);
    for (const d of succ[c]!) if (--indeg[d]! === 0) ready.push(d);
  }
  return out;
}

/**
 * Shortest path `from … to` (both included) through vertices accepted by `allowed`; a path
 * from a vertex to itself needs at least one edge. Undefined when there is none.
 *
 * @example
 * shortestPath([[1], [2], [0]], 0, 0) // [0, 1, 2, 0]
 */
export function shortestPath(
  adj: readonly (readonly number[])[],
  from: number,
  to: number,
  allowed: (v: number) => boolean = () => true,
): number[] | undefined {
  const prev = new Map<number, number>();
  const queue = [from];
  for (let qi = 0; qi < queue.length; qi++) {
    const v = queue[qi]!;
    for (const w of adj[v] ?? []) {
      if (!allowed(w) || prev.has(w)) continue;
      prev.set(w, v);
      if (w === to) {
        const path = [to];
        for (let cur = v; cur !== from; cur = prev.get(cur)!) path.push(cur);
        path.push(from);
        return path.reverse();
      }
      queue.push(w);
    }
  }
  return undefined;
}
