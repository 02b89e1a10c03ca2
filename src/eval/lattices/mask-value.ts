/**
 * `Mask`: an immutable set of half-slot indices 0..127, stored as four int32 words.
 *
 * Layout: bit k lives in word `k >> 5` (w0 holds 0..31, w1 32..63, w2 64..95, w3 96..127) at
 * bit position `k & 31`. Words are kept as signed int32 (`| 0`), so bit 31 makes a word
 * negative; comparisons are word-wise `===`.
 *
 * Speed contract (hot path of the liveness analyses):
 *   - the empty and full masks are hash-consed (`Mask.EMPTY`, `Mask.ALL`); `make` returns them
 *     whenever the words match, so `m === Mask.EMPTY` is a valid emptiness test;
 *   - `union`, `inter`, `diff`, `add` return an argument unchanged (same object) when the
 *     result equals it: a join that adds nothing allocates nothing, and `equals` then succeeds
 *     on the identity check before comparing words.
 *
 * Text form (`show`/`parse`): set notation `{0,1,5}` (sorted, no spaces; `{}` is empty).
 * `parse` also accepts spaces, inclusive ranges `{0-7,9}` and a hex number `0x...` whose bit k
 * is slot k (at most 32 hex digits).
 */

function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** The bits of `lo..hi` that fall in the word starting at bit `base`. */
function rangeWord(lo: number, hi: number, base: number): number {
  const a = Math.max(lo, base) - base;
  const b = Math.min(hi, base + 31) - base;
  if (a > b) return 0;
  const upper = b === 31 ? -1 : (1 << (b + 1)) - 1;   // bits a..b of the word
  return upper & ~((1 << a) - 1);
}

/**
 * An immutable 128-bit set of slots.
 *
 * @example
 * const m = Mask.of(0, 1, 5).union(Mask.single(64));
 * m.has(64);     // true
 * m.toString();  // '{0,1,5,64}'
 */
export class Mask {
  /** The empty set (the only empty Mask produced by `make`). */
  static readonly EMPTY: Mask = new Mask(0, 0, 0, 0);
  /** All 128 slots. */
  static readonly ALL: Mask = new Mask(-1, -1, -1, -1);

  private constructor(
    readonly w0: number,
    readonly w1: number,
    readonly w2: number,
    readonly w3: number,
  ) {}

  /**
   * Builds a mask from four words (low word first), returning the shared constants when possible.
   *
   * @example
   * Mask.make(1, 0, 0, 0).toString() // '{0}'
   */
  static make(w0: number, w1: number, w2: number, w3: number): Mask {
    w0 |= 0; w1 |= 0; w2 |= 0; w3 |= 0;
    if ((w0 | w1 | w2 | w3) === 0) return Mask.EMPTY;
    if ((w0 & w1 & w2 & w3) === -1) return Mask.ALL;
    return new Mask(w0, w1, w2, w3);
  }

  /**
   * The set `{k}`; indices outside 0..127 give the empty mask.
   *
   * @example
   * Mask.single(33).toString() // '{33}'
   */
  static single(k: number): Mask {
    return Mask.EMPTY.add(k);
  }

  /**
   * The set of the given indices (outside 0..127 ignored).
   *
   * @example
   * Mask.of(3, 1).toString() // '{1,3}'
   */
  static of(...ks: readonly number[]): Mask {
    const w = [0, 0, 0, 0];
    for (const k of ks) if (Number.isInteger(k) && k >= 0 && k < 128) w[k >> 5]! |= 1 << (k & 31);
    return Mask.make(w[0]!, w[1]!, w[2]!, w[3]!);
  }

  /**
   * The inclusive range `lo..hi` clipped to 0..127; `lo > hi` gives the empty mask.
   *
   * @example
   * Mask.range(2, 4).toString() // '{2,3,4}'
   */
  static range(lo: number, hi: number): Mask {
    lo = Math.max(0, Math.ceil(lo));
    hi = Math.min(127, Math.floor(hi));
    if (!(lo <= hi)) return Mask.EMPTY;
    return Mask.make(rangeWord(lo, hi, 0), rangeWord(lo, hi, 32), rangeWord(lo, hi, 64), rangeWord(lo, hi, 96));
  }

  /**
   * Membership of slot k (false outside 0..127).
   *
   * @example
   * Mask.of(5).has(5) // true
   */
  has(k: number): boolean {
    if (!(k >= 0 && k < 128)) return false;
    const i = k | 0;
    const w = i < 32 ? this.w0 : i < 64 ? this.w1 : i < 96 ? this.w2 : this.w3;
    return ((w >>> (i & 31)) & 1) === 1;
  }

  /**
   * This set plus k (the same object when k is already a member or out of range).
   *
   * @example
   * Mask.EMPTY.add(7).toString() // '{7}'
   */
  add(k: number): Mask {
    if (!(k >= 0 && k < 128) || this.has(k)) return this;
    const i = k | 0;
    const bit = 1 << (i & 31);
    const q = i >> 5;
    return Mask.make(
      q === 0 ? this.w0 | bit : this.w0,
      q === 1 ? this.w1 | bit : this.w1,
      q === 2 ? this.w2 | bit : this.w2,
      q === 3 ? this.w3 | bit : this.w3,
    );
  }

  /**
   * Set union; returns `this` or `o` itself when the result equals one of them.
   *
   * @example
   * Mask.of(1).union(Mask.of(2)).toString() // '{1,2}'
   */
  union(o: Mask): Mask {
    if (this === o) return this;
    const a0 = this.w0 | o.w0, a1 = this.w1 | o.w1, a2 = this.w2 | o.w2, a3 = this.w3 | o.w3;
    if (a0 === this.w0 && a1 === this.w1 && a2 === this.w2 && a3 === this.w3) return this;
    if (a0 === o.w0 && a1 === o.w1 && a2 === o.w2 && a3 === o.w3) return o;
    return Mask.make(a0, a1, a2, a3);
  }

  /**
   * Set intersection; returns `this` or `o` itself when the result equals one of them.
   *
   * @example
   * Mask.of(1, 2).inter(Mask.of(2, 3)).toString() // '{2}'
   */
  inter(o: Mask): Mask {
    if (this === o) return this;
    const a0 = this.w0 & o.w0, a1 = this.w1 & o.w1, a2 = this.w2 & o.w2, a3 = this.w3 & o.w3;
    if (a0 === this.w0 && a1 === this.w1 && a2 === this.w2 && a3 === this.w3) return this;
    if (a0 === o.w0 && a1 === o.w1 && a2 === o.w2 && a3 === o.w3) return o;
    return Mask.make(a0, a1, a2, a3);
  }

  /**
   * Set difference `this \ o`; returns `this` when nothing is removed.
   *
   * @example
   * Mask.of(1, 2).diff(Mask.of(2)).toString() // '{1}'
   */
  diff(o: Mask): Mask {
    const a0 = this.w0 & ~o.w0, a1 = this.w1 & ~o.w1, a2 = this.w2 & ~o.w2, a3 = this.w3 & ~o.w3;
    if (a0 === this.w0 && a1 === this.w1 && a2 === this.w2 && a3 === this.w3) return this;
    return Mask.make(a0, a1, a2, a3);
  }

  /**
   * `this ∪ (b \ d)` in one step (the dataflow transfer `use ∪ (out \ def)`), without the
   * intermediate mask; returns `this` when nothing is added.
   *
   * @example
   * Mask.of(1).unionDiff(Mask.of(2, 3), Mask.of(3)).toString() // '{1,2}'
   */
  unionDiff(b: Mask, d: Mask): Mask {
    const a0 = this.w0 | (b.w0 & ~d.w0), a1 = this.w1 | (b.w1 & ~d.w1), a2 = this.w2 | (b.w2 & ~d.w2), a3 = this.w3 | (b.w3 & ~d.w3);
    if (a0 === this.w0 && a1 === this.w1 && a2 === this.w2 && a3 === this.w3) return this;
    if (a0 === b.w0 && a1 === b.w1 && a2 === b.w2 && a3 === b.w3) return b;
    return Mask.make(a0, a1, a2, a3);
  }

  /**
   * Complement within 0..127.
   *
   * @example
   * Mask.EMPTY.not() === Mask.ALL // true
   */
  not(): Mask {
    return Mask.make(~this.w0, ~this.w1, ~this.w2, ~this.w3);
  }

  /**
   * Word-wise equality (identity first).
   *
   * @example
   * Mask.of(1).equals(Mask.single(1)) // true
   */
  equals(o: Mask): boolean {
    return this === o || (this.w0 === o.w0 && this.w1 === o.w1 && this.w2 === o.w2 && this.w3 === o.w3);
  }

  /**
   * Subset test `this ⊆ o`.
   *
   * @example
   * Mask.of(1).subsetOf(Mask.of(1, 2)) // true
   */
  subsetOf(o: Mask): boolean {
    return (this.w0 & ~o.w0) === 0 && (this.w1 & ~o.w1) === 0 && (this.w2 & ~o.w2) === 0 && (this.w3 & ~o.w3) === 0;
  }

  /**
   * True for the empty set.
   *
   * @example
   * Mask.EMPTY.isEmpty() // true
   */
  isEmpty(): boolean {
    return (this.w0 | this.w1 | this.w2 | this.w3) === 0;
  }

  /**
   * Number of members.
   *
   * @example
   * Mask.range(0, 127).count() // 128
   */
  count(): number {
    return popcount32(this.w0) + popcount32(this.w1) + popcount32(this.w2) + popcount32(this.w3);
  }

  /**
   * Members in increasing order.
   *
   * @example
   * Mask.of(9, 2).members() // [2, 9]
   */
  members(): number[] {
    const out: number[] = [];
    const ws = [this.w0, this.w1, this.w2, this.w3];
    for (let i = 0; i < 4; i++) {
      let w = ws[i]!;
      while (w !== 0) {
        const low = w & -w;
        out.push(i * 32 + 31 - Math.clz32(low));
        w ^= low;
      }
    }
    return out;
  }

  /**
   * Set notation, e.g. `{0,1,5}`.
   *
   * @example
   * Mask.of(5, 0).toString() // '{0,5}'
   */
  toString(): string {
    return `{${this.members().join(',')}}`;
  }

  /**
   * 32-digit hex, most significant word first (bit k = slot k).
   *
   * @example
   * Mask.of(0, 4).toHex() // '0x00000000000000000000000000000011'
   */
  toHex(): string {
    const h = (w: number): string => (w >>> 0).toString(16).padStart(8, '0');
    return `0x${h(this.w3)}${h(this.w2)}${h(this.w1)}${h(this.w0)}`;
  }

  /**
   * Parses `{0,1,5}`, `{0-7}` or `0x...` (see the file header); undefined when malformed.
   *
   * @example
   * Mask.parse('{1, 3-4}')?.toString() // '{1,3,4}'
   */
  static parse(text: string): Mask | undefined {
    const s = text.trim();
    const hex = /^0x([0-9a-fA-F]{1,32})$/.exec(s);
    if (hex) {
      const digits = hex[1]!.padStart(32, '0');
      const word = (i: number): number => parseInt(digits.slice(32 - 8 * (i + 1), 32 - 8 * i), 16) | 0;
      return Mask.make(word(0), word(1), word(2), word(3));
    }
    if (!s.startsWith('{') || !s.endsWith('}')) return undefined;
    const inner = s.slice(1, -1).trim();
    if (inner === '') return Mask.EMPTY;
    let m = Mask.EMPTY;
    for (const part of inner.split(',')) {
      const r = /^\s*(\d{1,3})\s*(?:-\s*(\d{1,3})\s*)?$/.exec(part);
      if (!r) return undefined;
      const lo = Number(r[1]);
      const hi = r[2] === undefined ? lo : Number(r[2]);
      if (lo > 127 || hi > 127 || lo > hi) return undefined;
      m = m.union(Mask.range(lo, hi));
    }
    return m;
  }
}
