/**
 * Per-subprogram postorder of the CFG, with the kernel's exact algorithm (cfg.c,
 * `compute_postorder`), because forward/backward sweeps and join order depend on it.
 *
 * For each subprogram S, in subprogram order, an iterative DFS from `start(S)`:
 *
 *     push start; mark it seen
 *     while the stack is not empty:
 *       t = top
 *       if t is explored:  emit t; pop
 *       else:              for each successor w of t, in successor order:
 *                            if w was never seen: mark seen; push w
 *                          mark t explored          (t stays on the stack)
 *
 * Seen marks are global over the program. Because instructions are marked when pushed, this
 * is not a strict DFS postorder: an instruction pushed early by one predecessor can finish
 * after another predecessor that reaches it later, so RPO may order a forward edge backwards
 * outside any loop (e.g. 0 -> {1, 3}, 3 -> 1 gives 4 3 2 1 0). S owns the contiguous range
 * `order[start[S] .. start[S+1])`. A forward analysis walks that range backwards (RPO), a
 * backward analysis forwards. Instructions never reached from their subprogram's start are
 * not in the order.
 */
import { Successors, type SuccessorLists } from './successors.js';

/** A postorder split per subprogram. */
export interface Postorder {
  /** All instructions, subprogram after subprogram. */
  readonly order: readonly number[];
  /** `start[S]` = first position of subprogram S in `order`; `start[subprogCount]` = order.length. */
  readonly start: readonly number[];
}

/**
 * Computes the kernel's postorder.
 *
 * @param length number of instruction slots
 * @param succ successors per slot (in kernel order)
 * @param starts first instruction of each subprogram, in subprogram order
 * @example
 * computePostorder(3, [[1], [2], []], [0]) // { order: [2, 1, 0], start: [0, 3] }
 */
export function computePostorder(length: number, succ: SuccessorLists, starts: readonly number[]): Postorder {
  const table = succ instanceof Successors ? succ : Successors.fromLists(succ);
  const { from, to } = table;
  const SEEN = 1;
  const EXPLORED = 2;
  const state = new Uint8Array(length);
  const order: number[] = [];
  const start: number[] = [];
  const stack: number[] = [];
  for (const s of starts) {
    start.push(order.length);
    if (state[s]) continue;
    state[s] = SEEN;
    stack.push(s);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (state[top]! & EXPLORED) {
        order.push(top);
        stack.pop();
        continue;
      }
      for (let e = from[top] ?? 0, end = top < table.length ? from[top + 1]! : e; e < end; e++) {
        const w = to[e]!;
        if (state[w]) continue;
        state[w] = SEEN;
        stack.push(w);
      }
      state[top] = state[top]! | EXPLORED;
    }
  }
  start.push(order.length);
  return { order, start };
}
