import test from 'ava';
import fc from 'fast-check';
import { Relation, HASH_INIT, hashStep, hashFinal } from '../../src/eval/relation.js';
import { maskLattice, Mask } from '../../src/eval/lattices/index.js';
import { RecordTable, SymbolTable, encode, decode } from '../../src/eval/values.js';
import { divS, modS, divU, powI } from '../../src/eval/arith.js';
import { Database } from '../../src/eval/database.js';
import { planOf, rowSet } from './helpers.js';

test('insert deduplicates and find locates rows', (t) => {
  const r = new Relation('r', 2);
  t.is(r.insert([1, 2]), 0);
  t.is(r.insert([2, 1]), 1);
  t.is(r.insert([1, 2]), -1);
  t.is(r.size, 2);
  t.is(r.find([2, 1]), 1);
  t.is(r.find([3, 3]), -1);
});

test('set and index agree with a model under many inserts (growth and rehash)', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -3, max: 3 })), { maxLength: 400 }), (rows) => {
      const r = new Relation('r', 2);
      const ix = r.index([1]);
      const model = new Set<string>();
      for (const row of rows) {
        const isNew = !model.has(row.join());
        model.add(row.join());
        if ((r.insert(row) >= 0) !== isNew) return false;
      }
      if (r.size !== model.size) return false;
      for (let k = -3; k <= 3; k++) {
        const got: string[] = [];
        for (let x = ix.first(r, [0, k]); x >= 0; x = ix.next[x]!) got.push(`${r.at(x, 0)},${r.at(x, 1)}`);
        const want = [...model].filter((s) => s.endsWith(',' + k));
        if (got.sort().join(';') !== want.sort().join(';')) return false;
      }
      return true;
    }),
  );
  t.pass();
});

test('index chains are newest first, so rows before a limit are a suffix', (t) => {
  const r = new Relation('r', 2);
  const ix = r.index([1]);    // (column 0 is the chain column: its chains would stand in for the index)
  for (let i = 0; i < 5; i++) r.insert([i, 7]);
  const rows: number[] = [];
  for (let x = ix.first(r, [0, 7]); x >= 0; x = ix.next[x]!) rows.push(x);
  t.deepEqual(rows, [4, 3, 2, 1, 0]);
});

test('an index built lazily over existing rows equals one maintained incrementally', (t) => {
  const a = new Relation('a', 2);
  const ia = a.index([1]);
  const b = new Relation('b', 2);
  for (let i = 0; i < 100; i++) { a.insert([i, i % 7]); b.insert([i, i % 7]); }
  const ib = b.index([1]);
  for (let k = 0; k < 7; k++) {
    const ca: number[] = []; const cb: number[] = [];
    for (let x = ia.first(a, [0, k]); x >= 0; x = ia.next[x]!) ca.push(x);
    for (let x = ib.first(b, [0, k]); x >= 0; x = ib.next[x]!) cb.push(x);
    t.deepEqual(ca, cb);
  }
});

test('lattice rows: join is logged only when the stored value changes', (t) => {
  const r = new Relation('live', 1, maskLattice);
  t.true(r.joinInto([5], Mask.of(1)));
  t.false(r.joinInto([5], Mask.of(1)));
  t.true(r.joinInto([5], Mask.of(2)));
  t.is(String(r.valueAt(0)), '{1,2}');
  t.not(r.mw, null, 'mask values are stored unboxed');
  t.deepEqual([...r.mw!.subarray(0, 4)], [6, 0, 0, 0]);
  r.setDeltaFromLog(0);
  t.is(r.dLen, 1);
  t.is(r.logLen, 2);
});

test('symbols and records round-trip through the int32 encoding', (t) => {
  const ctx = { symbols: new SymbolTable(), records: new RecordTable() };
  const rec = { kind: 'record' as const, name: 'P', fields: [{ kind: 'primitive' as const, carrier: 'symbol' as const, name: 'symbol' }, { kind: 'primitive' as const, carrier: 'unsigned' as const, name: 'unsigned' }] };
  const a = encode(ctx, rec, ['x', 4294967295]);
  const b = encode(ctx, rec, ['x', 4294967295]);
  t.is(a, b);
  t.deepEqual(decode(ctx, rec, a), ['x', 4294967295]);
  t.is(encode(ctx, rec, null), 0);
  t.is(decode(ctx, rec, 0), null);
});

test('integer arithmetic wraps and truncates like C', (t) => {
  t.is(divS(-7, 2), -3);
  t.is(modS(-7, 2), -1);
  t.is(divS(-2147483648, -1), -2147483648);
  t.is(divS(5, 0), 0);
  t.is(divU(-1, 2) >>> 0, 2147483647);
  t.is(powI(2, 31), -2147483648);
  t.is(powI(3, 4), 81);
  t.is(powI(2, -1), 0);
});

test('pending tuples are deduplicated and inserted by flush (large and small batches)', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(40), fc.nat(40)), { maxLength: 3000 }), fc.array(fc.tuple(fc.nat(40), fc.nat(40)), { maxLength: 50 }), (pending, pre) => {
      const r = new Relation('r', 2);
      const model = new Set<string>();
      for (const p of pre) { r.insert(p); model.add(p.join()); }
      for (const [x, y] of pending) {
        if (r.pendLen === r.pendCap) r.makeRoom();
        const h = hashFinal(hashStep(hashStep(HASH_INIT, x), y));
        const b = r.pendLen * 3;
        r.pend[b] = h; r.pend[b + 1] = x; r.pend[b + 2] = y;
        r.pendLen++;
        model.add(`${x},${y}`);
      }
      r.flush();
      if (r.size !== model.size || r.pendLen !== 0) return false;
      for (const k of model) if (r.find(k.split(',').map(Number)) < 0) return false;
      return true;
    }),
    { numRuns: 50 },
  );
  t.pass();
});

test('one-column relations find keys through the dense table and the hash set alike', (t) => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.nat(3000), fc.integer({ min: -5, max: 5 }), fc.integer({ min: 1 << 24, max: (1 << 24) + 10 })), { maxLength: 500 }), (keys) => {
      const r = new Relation('r', 1, maskLattice);
      const model = new Set<number>();
      for (const k of keys) { r.joinInto([k], Mask.of(k & 127)); model.add(k); }
      if (r.size !== model.size) return false;
      for (const k of model) if (r.find([k]) < 0 || r.at(r.find([k]), 0) !== k) return false;
      for (const k of [-7, 2999, 4000, (1 << 24) + 20]) if (!model.has(k) && r.find([k]) >= 0) return false;
      return true;
    }),
  );
  t.pass();
});

/** Pushes tuples into the pending buffer as the generated code does, then flushes. */
function derive(r: Relation, rows: readonly (readonly [number, number])[]): void {
  for (const [a, b] of rows) {
    if (r.pendLen === r.pendCap) r.makeRoom();
    const h = hashFinal(hashStep(hashStep(HASH_INIT, a), b));
    r.pend.set([h, a, b], r.pendLen * 3);
    r.pendLen++;
  }
  r.flush();
}

test('two-column relations switch to a presence bitmap when dense, and back when not', (t) => {
  const r = new Relation('tc', 2, undefined, [], true);
  const ix = r.index([1]);
  const rows: [number, number][] = [];
  for (let a = 0; a < 60; a++) for (let b = 0; b < 40; b++) rows.push([a, b]);
  derive(r, rows);
  t.not(r.pb, null, '2,400 rows over 64 × 64 keys: bitmap');
  t.is(r.size, 2400);
  derive(r, rows.slice(0, 500));
  t.is(r.size, 2400, 'duplicates are dropped through the bitmap');
  t.is(r.find([59, 39]), 0);
  t.is(r.find([60, 0]), -1);
  derive(r, [[100, 3], [3, 100]]);
  t.not(r.pb, null, 'growing to 128 × 128 keys stays dense enough');
  t.is(r.find([100, 3]), 0);
  let n = 0;
  for (let q = ix.first(r, [0, 3]); q >= 0; q = ix.next[q]!) n++;
  t.is(n, 61, 'the index saw every row');
  derive(r, [[1 << 20, 5]]);
  t.is(r.pb, null, 'a key that would need a sparse bitmap returns to the hash set');
  t.true(r.find([100, 3]) >= 0);
  t.is(r.insert([1 << 20, 5]), -1);
  t.is(r.insert([-1, 5]), r.size - 1);
  t.is(r.size, 2404);
});

test('a two-column relation starts in chain mode on column 0 and leaves it for the bitmap; the index the chains stood for is built then', (t) => {
  const r = new Relation('p', 2, undefined, [], true);
  const ix = r.index([0]);
  derive(r, [[3, 1], [3, 2], [5, 1]]);
  t.is(r.dcol, 0, 'few rows: chains on column 0');
  t.is(r.pb, null);
  t.is(ix.first(r, [3, 0]), -1, 'the index is deferred while the chains stand in for it');
  const rows: [number, number][] = [];
  for (let a = 0; a < 60; a++) for (let b = 0; b < 40; b++) rows.push([a, b]);
  derive(r, rows);
  t.is(r.dcol, -1);
  t.not(r.pb, null, 'dense pairs: bitmap');
  t.is(r.size, 2400, 'the three earlier rows are among them');
  const seen: number[] = [];
  for (let q = ix.first(r, [3, 0]); q >= 0; q = ix.next[q]!) seen.push(r.at(q, 1));
  t.deepEqual(seen.sort((x, y) => x - y), Array.from({ length: 40 }, (_, b) => b), 'the index has every row of key 3');
  t.is(r.find([5, 1]), 0);
  t.is(r.find([0, 41]), -1);
});

test('bitmap and hash set agree with a model (property)', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: -2, max: 300 }), fc.integer({ min: 0, max: 40 })), { minLength: 0, maxLength: 3000 }), (rows) => {
      const r = new Relation('r', 2, undefined, [], true);
      const model = new Set<string>();
      for (let i = 0; i < rows.length; i += 500) {
        const batch = rows.slice(i, i + 500);
        derive(r, batch);
        for (const x of batch) model.add(x.join());
      }
      if (r.size !== model.size) return false;
      for (const x of rows) if (r.find(x) < 0) return false;
      return r.find([301, 41]) < 0 && r.find([-3, 0]) < 0;
    }),
    { numRuns: 60 },
  );
  t.pass();
});

test('one-column relations keep their keys in the dense table alone until a key does not fit', (t) => {
  const r = new Relation('insn', 1);
  for (let k = 0; k < 3000; k++) t.is(r.insert([k]), k);
  t.true(r.denseOnly);
  t.is(r.insert([17]), -1);
  t.is(r.find([2999]), 2999);
  t.is(r.find([3000]), -1);
  t.is(r.insert([-5]), 3000, 'a negative key ends dense mode');
  t.false(r.denseOnly);
  t.is(r.find([-5]), 3000);
  t.is(r.find([17]), 17, 'earlier keys are found through the rebuilt hash set or the dense table');
  t.is(r.insert([1 << 26]), 3001);
  t.is(r.insert([1 << 26]), -1);
  t.is(r.size, 3002);
  const l = new Relation('live', 1, maskLattice);
  t.true(l.joinInto([40], Mask.of(3)));
  t.true(l.joinInto([1 << 30], Mask.of(4)));
  t.false(l.denseOnly);
  t.true(l.joinInto([40], Mask.of(5)));
  t.is(String(l.valueAt(l.find([40]))), '{3,5}');
  t.is(String(l.valueAt(l.find([1 << 30]))), '{4}');
});

test('a single-column index keeps its chains in the dense table until a key does not fit', (t) => {
  const r = new Relation('succ', 2);
  const ix = r.index([1]);
  for (let i = 0; i < 2000; i++) { r.insert([i, i + 1]); r.insert([i + 5000, i + 1]); }
  t.true(ix.denseOnly);
  const chain = (k: number): number[] => { const out: number[] = []; for (let q = ix.first(r, [0, k]); q >= 0; q = ix.next[q]!) out.push(r.at(q, 0)); return out; };
  t.deepEqual(chain(7), [5006, 6]);
  r.insert([3, -9]);
  t.false(ix.denseOnly, 'a negative key ends dense mode');
  t.deepEqual(chain(7), [5006, 6]);
  t.deepEqual(chain(-9), [3]);
  r.insert([4, 7]);
  t.deepEqual(chain(7), [4, 5006, 6], 'new rows are prepended in either mode');
  const late = r.index([0]);
  t.true(late.denseOnly, 'column 0 has no key beyond what the dense table may cover');
  r.insert([1 << 28, 1]);
  t.false(late.denseOnly);
  t.is(r.at(late.first(r, [1 << 28, 0]), 1), 1);
  t.is(r.at(late.first(r, [5006, 0]), 1), 7);
});

test('insertColumns: bulk insertion deduplicates against the rows present and within the batch, like insert', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: 0, max: 5 }), fc.integer()), { maxLength: 300 }),
      fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: 0, max: 5 }), fc.integer()), { maxLength: 300 }),
      (before, batch) => {
        const bulk = new Relation('b', 3);
        const one = new Relation('o', 3);
        for (const row of before) { bulk.insert(row); one.insert(row); }
        const ix = bulk.index([1]);
        bulk.insertColumns([0, 1, 2].map((c) => Int32Array.from(batch, (r) => r[c]!)), batch.length);
        for (const row of batch) one.insert(row);
        if (bulk.size !== one.size) return false;
        for (let r = 0; r < one.size; r++) if (bulk.find([one.at(r, 0), one.at(r, 1), one.at(r, 2)]) < 0) return false;
        let indexed = 0;
        for (let k = 0; k <= 5; k++) for (let x = ix.first(bulk, [0, k]); x >= 0; x = ix.next[x]!) indexed++;
        return indexed === bulk.size;
      },
    ),
  );
  t.pass();
});

test('insertColumns: more rows than one chunk of the pending buffer (2^20)', (t) => {
  const n = (1 << 20) + 5000;
  const a = Int32Array.from({ length: n }, (_, i) => i % 700_000);
  const b = Int32Array.from({ length: n }, (_, i) => (i % 700_000) * 3);
  const r = new Relation('r', 2);
  r.insertColumns([a, b], n);
  t.is(r.size, 700_000);
  t.true(r.find([699_999, 2_099_997]) >= 0);
  t.is(r.find([699_999, 1]), -1);
});

test('lattice relations with two or more key columns: chain mode agrees with a model, and leaves for keys it cannot cover', (t) => {
  const key = fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 30 }) },
    { weight: 1, arbitrary: fc.constantFrom(-5, 1 << 25, 3_000_000) },
  );
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), key, fc.integer({ min: 0, max: 9 })), { maxLength: 200 }), (ops) => {
      const r = new Relation('r', 2, maskLattice);
      const model = new Map<string, Set<number>>();
      let covered = true;
      for (const [a, b, bit] of ops) {
        if (b < 0 || b >= 1 << 21) covered = false;
        const k = `${a},${b}`;
        const had = model.get(k);
        const changed = r.joinInto([a, b], Mask.of(bit));
        if (changed !== !(had?.has(bit) ?? false)) return false;
        model.set(k, new Set([...(had ?? []), bit]));
      }
      if (r.size !== model.size) return false;
      if ((r.dcol >= 0) !== covered) return false;                 // left exactly when a key could not be covered
      for (const [k, bits] of model) {
        const row = r.find(k.split(',').map(Number));
        if (row < 0 || String(r.valueAt(row)) !== String(Mask.of(...bits))) return false;
      }
      return r.find([99, 99]) < 0 && r.find([0, -7]) < 0;
    }),
  );
  t.pass();
});

test('chain mode ends when chains get long (here: 2,000 rows on one value of the last column)', (t) => {
  const r = new Relation('r', 3, maskLattice);
  for (let i = 0; i < 1000; i++) r.joinInto([i, 0, 5], Mask.of(1));
  t.is(r.dcol, 2);
  for (let i = 1000; i < 2000; i++) r.joinInto([i, 0, 5], Mask.of(1));
  t.is(r.dcol, -1);
  t.is(r.size, 2000);
  for (const i of [0, 999, 1000, 1999]) t.true(r.find([i, 0, 5]) >= 0);
  t.is(r.find([5, 0, 5]), 5);
  t.false(r.joinInto([7, 0, 5], Mask.of(1)));
  t.true(r.joinInto([7, 0, 5], Mask.of(2)));
});

test('dropLog: later changes still make exact deltas; a delta from before the drop is refused', (t) => {
  const r = new Relation('r', 2, maskLattice);
  r.joinInto([1, 1], Mask.of(1));
  r.joinInto([2, 1], Mask.of(1));
  r.dropLog();
  t.is(r.logLen, 2);
  const from = r.logLen;
  r.joinInto([1, 1], Mask.of(2));      // a change of row 0
  r.joinInto([3, 1], Mask.of(1));      // a new row 2
  r.joinInto([1, 1], Mask.of(3));      // row 0 again: one delta row
  r.setDeltaFromLog(from);
  t.deepEqual([...r.dRows.subarray(0, r.dLen)], [0, 2]);
  r.setDeltaFromLog(from + 1);
  t.deepEqual([...r.dRows.subarray(0, r.dLen)], [2, 0]);
  t.throws(() => r.setDeltaFromLog(1), { message: /dropped/ });
});

test('adoptRows takes ascending row-major rows as they are; the relation then behaves as if they were inserted', (t) => {
  const data = new Int32Array(16 * 3);                           // room for 16 rows, 3 given
  data.set([0, 10, 1, 3, 11, 1, 7, 12, 2]);                      // (I, a, b) with I = 0, 3, 7
  const r = new Relation('insn', 3);
  t.true(r.adoptRows(data, 3));
  t.is(r.data, data);                                            // no copy
  t.is(r.size, 3);
  t.is(r.find([3, 11, 1]), 1);
  t.is(r.find([3, 11, 2]), -1);
  t.is(r.insert([7, 12, 2]), -1);                                // present: deduplicated
  t.is(r.insert([7, 13, 0]), 3);                                 // same key, other row: appended on its chain
  t.is(r.find([7, 13, 0]), 3);
  for (let i = 0; i < 100; i++) r.insert([100 + i, i, i]);       // grows past the adopted array
  t.is(r.size, 104);
  t.is(r.find([3, 11, 1]), 1);
  const ix = r.index([1]);                                       // newest first: (111, 11, 11), then (3, 11, 1)
  t.is(ix.first(r, [0, 11, 0]), 15);
  t.is(ix.next[15], 1);
});

test('adoptRows refuses (and changes nothing) a duplicate row, a descending or negative key, or a non-empty or indexed relation', (t) => {
  const refused = (make: () => Relation, data: Int32Array, n: number): boolean => {
    const r = make();
    const before = r.size;
    return !r.adoptRows(data, n) && r.size === before;
  };
  t.true(refused(() => new Relation('r', 3, undefined, [], false), Int32Array.of(1, 0, 0, 1, 5, 0, 1, 0, 0), 3));  // duplicate row
  t.true(refused(() => new Relation('r', 2, undefined, [], false), Int32Array.of(2, 0, 1, 5), 2));   // descending
  t.true(refused(() => new Relation('r', 2, undefined, [], false), Int32Array.of(-1, 0), 1));        // negative key
  t.true(refused(() => { const r = new Relation('r', 2); r.insert([0, 0]); return r; }, Int32Array.of(1, 0), 1));
  t.true(refused(() => new Relation('r', 2, undefined, [[1]]), Int32Array.of(1, 0), 1));              // index built
  t.true(refused(() => new Relation('r', 1), Int32Array.of(1, 2), 2));                                 // one column: no chains
});

test('adoptRows links the rows of one key into one chain, newest first, as appending them would', (t) => {
  const rows = [[0, 1, 0], [0, 5, 1], [2, 3, 0], [2, 4, 1], [2, 9, 2], [7, 8, 0]];
  const r = new Relation('succ', 3);
  t.true(r.adoptRows(Int32Array.from(rows.flat()), rows.length));
  const one = new Relation('one', 3);
  for (const row of rows) one.insert(row);
  t.deepEqual([...r.dense.subarray(0, 8)], [...one.dense.subarray(0, 8)]);
  t.deepEqual([...r.dnext.subarray(0, 6)], [...one.dnext.subarray(0, 6)]);
  for (const row of rows) t.true(r.find(row) >= 0);
  t.is(r.find([2, 3, 1]), -1);
  t.is(r.insert([2, 9, 2]), -1);
});

test('adoptRows into a pairable relation notes its keys: the relation still moves to the bitmap when dense', (t) => {
  const n = 5000;
  const data = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) { data[2 * i] = i; data[2 * i + 1] = i % 7; }
  const r = new Relation('code', 2, undefined, [], true);
  t.true(r.adoptRows(data, n));
  // the check a flush makes before inserting (white box): the noted ranges make the pairs dense
  (r as unknown as { maybeEnterBits(extra: number): void }).maybeEnterBits(0);
  t.not(r.pb, null);
  t.is(r.find([4999, 4999 % 7]), 0);                               // bitmap: 0 = present
  t.is(r.find([3, 4]), -1);
  t.is(r.insert([n, 1]), n);
  t.is(r.insert([n, 1]), -1);
});

test('insertRowMajor equals insertColumns, whether the rows are adopted or not (property)', (t) => {
  const p = planOf('.decl e(a:number, b:number, c:number)\n.decl out(a:number, c:number)\nout(a, c) :- e(a, _, c).\n');
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: -3, max: 3 }), fc.integer()), { maxLength: 120 }), fc.boolean(), (rows, sorted) => {
      const rs = sorted ? [...new Map(rows.map((r) => [r[0], r])).values()].sort((x, y) => x[0] - y[0]) : rows;
      const a = new Database(p);
      a.insertRowMajor('e', Int32Array.from(rs.flat()), rs.length);
      const b = new Database(p);
      b.insertColumns('e', [0, 1, 2].map((c) => Int32Array.from(rs, (r) => r[c]!)));
      a.run();
      b.run();
      return ['e', 'out'].every((rel) => JSON.stringify(rowSet(a.relation(rel)!.rows())) === JSON.stringify(rowSet(b.relation(rel)!.rows())));
    }),
  );
  t.pass();
});

test('adoptRows: a lattice relation refuses; a cleared relation keeps its larger capacity', (t) => {
  t.false(new Relation('l', 2, maskLattice).adoptRows(Int32Array.of(0, 1), 1));
  const r = new Relation('r', 2);
  for (let i = 0; i < 100; i++) r.insert([i, i]);
  r.clear();
  const cap = r.cap;
  t.true(r.adoptRows(Int32Array.of(0, 5, 1, 6), 2));
  t.is(r.cap, cap);                                              // copied into room for `cap` rows
  t.is(r.find([1, 6]), 1);
  t.is(r.find([50, 50]), -1);                                    // nothing left over from before the clear
  for (let i = 2; i < 100; i++) t.is(r.insert([i, i]), i);
});
