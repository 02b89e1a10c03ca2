/**
 * Generic directed-graph algorithms over dense node numbers `0 .. n-1`, with successors given
 * by a function (so callers keep their own adjacency representation).
 *
 * `scc` is Tarjan's algorithm, written iteratively (BPF programs reach 10^6 instructions):
 *
 *     index(v)  = DFS discovery number, low(v) = min index reachable via tree edges + one
 *                 back/cross edge into the current stack;
 *     v is the root of a component  <=>  low(v) = index(v) when v finishes;
 *     the component is then popped off the Tarjan stack down to v.
 *
 * Roots are tried in increasing node order and successors in the order `succ` returns them,
 * so components are completed (and numbered) deterministically, in the same order as a
 * recursive DFS would complete them. Components are numbered `0, 1, ...` in completion order,
 * which is a reverse topological order of the condensation (a component is completed after
 * every component reachable from it).
 *
 * `loopComponents` runs the same traversal over a graph in CSR form (`to[from[v] .. from[v+1])`
 * are v's successors, in order) with typed arrays only, and keeps just the loops:
 *
 *     id(v) = k  if v's component is the k-th loop completed (k = 1, 2, ...)
 *     id(v) = 0  otherwise           (a loop: two or more nodes, or one node with a self-edge)
 *
 * Both run one traversal (`tarjan`) over typed arrays: `scc` first copies its successor
 * function into that form and collects every component; `loopComponents` allocates nothing
 * per node (at a million instructions the per-node arrays of the list form were ~300 MB).
 *
 * `topoOrder` is a DFS postorder (leaves first): every node appears after all nodes it reaches,
 * except along cycles, where the DFS order decides.
 */

/** Result of `scc`: component id per node and the members of each component. */
export interface SccResult {
  /** `comp[v]` = component id of v (0-based, completion order), -1 if v was not visited. */
  readonly comp: Int32Array;
  /** Members of each component, in the order Tarjan popped them. */
  readonly members: readonly (readonly number[])[];
}

/** A graph in compressed sparse row form: the successors of v are `to[from[v] .. from[v+1])`. */
export interface CsrGraph {
  readonly from: ArrayLike<number>;
  readonly to: ArrayLike<number>;
}

/**
 * Tarjan's traversal (see the file header) over `g` from `roots` in order. Each completed
 * component is `stack[k .. sp)`, rooted at v; `done` sees it before it is popped.
 */
function tarjan(
  n: number, g: CsrGraph, roots: Iterable<number>,
  done: (stack: Int32Array, k: number, sp: number, v: number) => void,
): void {
  const { from, to } = g;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const frameNode = new Int32Array(n);
  const framePos = new Int32Array(n);
  let sp = 0, fp = 0, counter = 0;
  const start = (v: number): void => {
    index[v] = low[v] = counter++;
    stack[sp++] = v;
    onStack[v] = 1;
    frameNode[fp] = v;
    framePos[fp++] = from[v]!;
  };
  for (const r of roots) {
    if (index[r] !== -1) continue;
    start(r);
    while (fp > 0) {
      const v = frameNode[fp - 1]!;
      const pos = framePos[fp - 1]!;
      if (pos < from[v + 1]!) {
        framePos[fp - 1] = pos + 1;
        const w = to[pos]!;
        if (index[w] === -1) start(w);
        else if (onStack[w] && index[w]! < low[v]!) low[v] = index[w]!;
        continue;
      }
      fp--;
      if (fp > 0) {
        const parent = frameNode[fp - 1]!;
        if (low[v]! < low[parent]!) low[parent] = low[v]!;
      }
      if (low[v] !== index[v]) continue;
      let k = sp - 1;
      while (stack[k] !== v) k--;
      done(stack, k, sp, v);
      for (let j = k; j < sp; j++) onStack[stack[j]!] = 0;
      sp = k;
    }
  }
}

/**
 * Strongly connected components (Tarjan, iterative).
 *
 * @param n number of nodes
 * @param succ successors of a node
 * @param roots nodes to start from, in order (default: every node `0..n-1`)
 * @example
 * scc(3, v => [[1], [0], []][v]!).comp // Int32Array [1, 1, 0]... (ids by completion order)
 */
export function scc(n: number, succ: (v: number) => readonly number[], roots?: Iterable<number>): SccResult {
  const from = new Int32Array(n + 1);
  const to: number[] = [];
  for (let v = 0; v < n; v++) {
    for (const w of succ(v)) to.push(w);
    from[v + 1] = to.length;
  }
  const comp = new Int32Array(n).fill(-1);
  const members: number[][] = [];
  tarjan(n, { from, to }, roots ?? Array.from({ length: n }, (_, i) => i), (stack, k, sp) => {
    const group: number[] = [];
    for (let j = sp - 1; j >= k; j--) {   // in the order they are popped
      comp[stack[j]!] = members.length;
      group.push(stack[j]!);
    }
    members.push(group);
  });
  return { comp, members };
}

/**
 * Loop ids (see the file header): Tarjan from `roots` in order, over `g`'s n nodes.
 *
 * @example
 * loopComponents(3, { from: [0, 1, 3, 3], to: [1, 0, 2] }, [0, 1, 2]) // Int32Array [1, 1, 0]
 */
export function loopComponents(n: number, g: CsrGraph, roots: Iterable<number>): Int32Array {
  const ids = new Int32Array(n);
  let next = 1;
  tarjan(n, g, roots, (stack, k, sp, v) => {
    let loop = sp - k > 1;
    for (let e = g.from[v]!; !loop && e < g.from[v + 1]!; e++) loop = g.to[e] === v;
    if (!loop) return;
    for (let j = k; j < sp; j++) ids[stack[j]!] = next;
    next++;
  });
  return ids;
}

/**
 * DFS postorder from `roots` (default all nodes in order): leaves first. Each node once.
 *
 * @example
 * topoOrder(3, v => [[1, 2], [2], []][v]!) // [2, 1, 0]
 */
export function topoOrder(n: number, succ: (v: number) => readonly number[], roots?: Iterable<number>): number[] {
  const seen = new Uint8Array(n);
  const out: number[] = [];
  const nodes: number[] = [];
  const lists: (readonly number[])[] = [];
  const pos: number[] = [];
  const rootList = roots ?? Array.from({ length: n }, (_, i) => i);
  for (const r of rootList) {
    if (seen[r]) continue;
    seen[r] = 1;
    nodes.push(r);
    lists.push(succ(r));
    pos.push(0);
    while (nodes.length > 0) {
      const top = nodes.length - 1;
      const p = pos[top]!;
      const ss = lists[top]!;
      if (p < ss.length) {
        pos[top] = p + 1;
        const w = ss[p]!;
        if (!seen[w]) {
          seen[w] = 1;
          nodes.push(w);
          lists.push(succ(w));
          pos.push(0);
        }
        continue;
      }
      out.push(nodes.pop()!);
      lists.pop();
      pos.pop();
    }
  }
  return out;
}
