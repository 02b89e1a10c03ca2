/**
 * Hash-consing of argval vectors (the register vectors of argtrack-regvec.ts and the stack
 * vectors of argtrack-stackvec.ts): every vector a transfer function or a join builds is
 * replaced by the first vector built with the same entries, so that one array stands for
 * each distinct content.
 *
 *     key(v)     = hash of the ids of v's entries (argvals are interned: id ↔ value)
 *     intern(v)  = the array u in bucket key(v) with u[i] = v[i] for all i, else v (added)
 *     memo(a, b) = M[a][b], computed as f(a, b) on the first call (PairMemo: the joins of two
 *                  canonical vectors, and the state of two canonical parts, keyed by
 *                  identity, which for them is the content)
 *
 * Why: the fixpoint keeps one state per (instance, insn), and most of them are equal without
 * being the same object (a join or a spill along two paths builds two copies). On cilium's
 * `tail_nodeport_nat_ipv6` (8,005 insns) the 7,456 `at_state` rows held 6,362 stack vectors
 * with 3 distinct contents and 2,606 register vectors with 56: about 3.6 MB per analysis that
 * the young-generation collector copied. Equal vectors being identical also lets the joins
 * and the relation's change test stop at `a === b`.
 *
 * The tables only grow with distinct contents (pairs); past `limit` entries a table starts
 * again (correctness never depends on identity: equality of vectors compares entries, and a
 * memo keyed by a non-canonical array only misses more often).
 */
import { H0, hashFinal, hashStep } from '../eval/hash.js';
import type { ArgVal } from './argtrack-value.js';

/** A hash-consing table of argval vectors. */
export class VectorTable {
  private readonly buckets = new Map<number, (readonly ArgVal[])[]>();
  private count = 0;

  constructor(private readonly limit: number) {}

  /**
   * The canonical vector with the entries of `v` (`v` itself the first time; the caller must
   * not change `v` afterwards).
   *
   * @example
   * const t = new VectorTable(1000); t.intern([NONE, NONE]) === t.intern([NONE, NONE]) // true
   */
  intern(v: readonly ArgVal[]): readonly ArgVal[] {
    let h = H0;
    for (let i = 0; i < v.length; i++) h = hashStep(h, v[i]!.id);
    h = hashFinal(h);
    const bucket = this.buckets.get(h);
    if (bucket !== undefined) {
      for (let b = 0; b < bucket.length; b++) {
        const u = bucket[b]!;
        if (sameEntries(u, v)) return u;
      }
      bucket.push(v);
    } else {
      if (this.count >= this.limit) { this.buckets.clear(); this.count = 0; }
      this.buckets.set(h, [v]);
    }
    this.count++;
    return v;
  }
}

function sameEntries(a: readonly ArgVal[], b: readonly ArgVal[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Memo of a binary function, keyed by the identities of its two arguments (canonical
 * vectors: one per content, so a hit is the same content). Joins along a program meet the
 * same few vectors again and again; a hit costs two map lookups instead of building and
 * interning the result. The states of argtrack-state.ts use it too: one object per pair of
 * canonical parts. Starts again past `limit` entries.
 */
export class PairMemo<A, B = A, R = A> {
  private readonly byFirst = new Map<A, Map<B, R>>();
  private count = 0;

  constructor(private readonly limit: number) {}

  /**
   * `f(a, b)`, computed once per pair.
   *
   * @example
   * const m = new PairMemo<ArgStack>(1000); m.get(a, b, joinRaw) === m.get(a, b, joinRaw) // true
   */
  get(a: A, b: B, f: (a: A, b: B) => R): R {
    let m = this.byFirst.get(a);
    if (m !== undefined) {
      const hit = m.get(b);
      if (hit !== undefined) return hit;
    } else {
      if (this.count >= this.limit) { this.byFirst.clear(); this.count = 0; }
      this.byFirst.set(a, (m = new Map()));
    }
    const r = f(a, b);
    m.set(b, r);
    this.count++;
    return r;
  }
}
