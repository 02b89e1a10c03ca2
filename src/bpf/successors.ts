/**
 * Successor lists of every instruction slot in one table (compressed sparse rows):
 *
 *     successors of i = to[from[i] .. from[i + 1]),  in kernel order (fall-through first)
 *
 * Two int32 arrays instead of an array object per slot: on a million-instruction program the
 * per-slot arrays were ~65 MB and two million objects of heap, which every full garbage
 * collection during the analysis had to trace.
 */

/** The successor table of a program (see the file header). */
export class Successors {
  private constructor(readonly from: Int32Array, readonly to: Int32Array) {}

  /**
   * The table of the given lists (lists[i] = successors of slot i).
   *
   * @example
   * Successors.fromLists([[1, 2], [], [0]]).of(0) // [1, 2]
   */
  static fromLists(lists: readonly (readonly number[])[]): Successors {
    const from = new Int32Array(lists.length + 1);
    let m = 0;
    lists.forEach((l, i) => { from[i] = m; m += l.length; });
    from[lists.length] = m;
    const to = new Int32Array(m);
    lists.forEach((l, i) => to.set(l, from[i]!));
    return new Successors(from, to);
  }

  /** A table built slot by slot: `add(i, ...targets)` for i = 0, 1, ... in order, then `done()`. */
  static builder(slots: number): { add(i: number, ...targets: number[]): void; done(): Successors } {
    const from = new Int32Array(slots + 1);
    let to = new Int32Array(Math.max(16, slots + (slots >> 2)));
    let m = 0, next = 0;
    return {
      add(i: number, ...targets: number[]): void {
        while (next <= i) from[next++] = m;
        if (m + targets.length > to.length) {
          const t = new Int32Array(2 * to.length + targets.length);
          t.set(to);
          to = t;
        }
        for (const t of targets) to[m++] = t;
      },
      done(): Successors {
        while (next <= slots) from[next++] = m;
        return new Successors(from, to.slice(0, m));
      },
    };
  }

  /** Number of slots. */
  get length(): number {
    return this.from.length - 1;
  }

  /** Number of successors of slot i. */
  count(i: number): number {
    return this.from[i + 1]! - this.from[i]!;
  }

  /** The k-th successor of slot i. */
  at(i: number, k: number): number {
    return this.to[this.from[i]! + k]!;
  }

  /** The successors of slot i, as a new array. */
  of(i: number): number[] {
    const a = this.from[i]!, n = this.from[i + 1]! - a;
    const out = new Array<number>(n);
    for (let k = 0; k < n; k++) out[k] = this.to[a + k]!;
    return out;
  }

  /** Every slot's successors as arrays (for a rewrite). */
  lists(): number[][] {
    return Array.from({ length: this.length }, (_, i) => this.of(i));
  }
}

/** Successors given as a table or as one list per slot (the graph algorithms take either). */
export type SuccessorLists = Successors | readonly (readonly number[])[];

/** The successor function of either form. */
export function successorFn(s: SuccessorLists): (v: number) => readonly number[] {
  return s instanceof Successors ? (v) => s.of(v) : (v) => s[v] ?? [];
}
