import test from 'ava';
import fc from 'fast-check';
import { Mask } from '../../src/eval/lattices/mask-value.js';
import { NONE, UNVISITED, imp, off, ptr } from '../../src/analysis/argtrack-value.js';
import { UNKNOWN_BYTES, access, accessFrames, recordImp, recordOff, recordPtr } from '../../src/analysis/argtrack-record.js';

const r = (off: number, n: number): string => recordOff(off, n).mayRead.toString();
const w = (off: number, n: number): string => recordOff(off, n).mustWrite.toString();

test('recordOff: the examples of spec §4', (t) => {
  t.is(r(-8, 8), '{0,1}');
  t.is(r(-8, 4), '{1}');
  t.is(r(-4, 4), '{0}');
  t.is(w(-8, -4), '{1}');
  t.is(w(-4, -2), '{}');
  t.is(w(-4, -1), '{}');
  t.is(w(-6, -8), '{0}');
  t.is(r(-6, 4), '{0,1}');
  t.is(r(-264, 8), '{64,65}');
  t.is(w(-8, -8), '{0,1}');
  t.is(r(-8, -8), '{}'); // a write reads nothing
});

test('recordOff: edges', (t) => {
  t.is(r(0, 8), '{}');
  t.is(r(8, 8), '{}');
  t.is(r(-16, UNKNOWN_BYTES), '{0,1,2,3}');
  t.is(r(-4, 8), '{0}'); // crosses fp: clipped at 0
  t.is(r(-520, 8), '{}'); // beyond the frame: clipped away
  t.is(r(-516, 8), '{127}');
  t.is(r(-8, 512), '{0,1}');
  t.is(recordOff(-512, 512).mayRead, Mask.ALL);
  t.is(recordOff(-8, 0).mayRead, Mask.EMPTY);
});

test('recordOff: kept results equal the formulas of the file header, whatever the order of the calls', (t) => {
  const trunc = Math.trunc;
  const expected = (o: number, n: number): [Mask, Mask] => {
    if (o >= 0 || n === 0) return [Mask.EMPTY, Mask.EMPTY];
    if (n === UNKNOWN_BYTES) return [Mask.range(0, trunc((-o - 1) / 4)), Mask.EMPTY];
    if (n > 0) return [Mask.range(Math.max(0, trunc((-o - n) / 4)), trunc((-o - 1) / 4)), Mask.EMPTY];
    const lo = Math.max(0, trunc((-o + n + 3) / 4)), hi = trunc(-o / 4) - 1;
    return [Mask.EMPTY, lo <= hi ? Mask.range(lo, hi) : Mask.EMPTY];
  };
  const pair = fc.tuple(fc.integer({ min: -600, max: 8 }), fc.oneof(fc.integer({ min: -16, max: 16 }), fc.constant(UNKNOWN_BYTES), fc.integer({ min: -(2 ** 22), max: 2 ** 22 })));
  fc.assert(fc.property(fc.array(pair, { maxLength: 30 }), (calls) => {
    for (const [o, n] of [...calls, ...calls]) {
      const got = recordOff(o, n);
      const [rd, wr] = expected(o, n);
      if (!got.mayRead.equals(rd) || !got.mustWrite.equals(wr)) return false;
    }
    return true;
  }));
  t.pass();
});

test('recordPtr / recordImp (spec §4)', (t) => {
  t.is(recordPtr(off(0), 8).mayRead, Mask.ALL);
  t.is(recordPtr(off(0), UNKNOWN_BYTES).mayRead, Mask.ALL);
  t.is(recordPtr(off(0), -8).mustWrite, Mask.EMPTY);
  t.is(recordPtr(off(0), -8).mayRead, Mask.EMPTY);
  t.is(recordPtr(ptr(0, [-32, -24]), -8).mustWrite, Mask.EMPTY);
  t.is(recordPtr(ptr(0, [-8], true), -8).mustWrite, Mask.EMPTY); // maybe-none never defines
  t.is(recordPtr(ptr(0, [-8], true), 8).mayRead.toString(), '{0,1}');
  t.is(recordPtr(ptr(0, [-32, -24]), 8).mayRead.toString(), '{4,5,6,7}');
  t.is(recordPtr(ptr(0, [-8]), -8).mustWrite.toString(), '{0,1}');
  t.is(recordPtr(ptr(0, [-8]), 0).mayRead, Mask.EMPTY);
  t.is(recordImp(3, 1, 0).mayRead, Mask.ALL);
  t.is(recordImp(3, 0, 1).mayRead, Mask.EMPTY); // frame beyond depth
  t.is(recordImp(2, 1, 0).mayRead, Mask.EMPTY);
});

test('access resolution of §4.1', (t) => {
  // {-16, 0} with off -8 (kernel would also read fp-8 via its fake 0; we keep maybe-none)
  t.is(access(ptr(0, [-16], true), -8, 8, 0, 0).mayRead.toString(), '{4,5}');
  t.is(access(ptr(0, [-16, 0]), -8, 8, 0, 0).mayRead.toString(), '{0,1,4,5}');
  t.is(access(ptr(0, [-32768]), -8, 8, 0, 0).mayRead, Mask.ALL); // overflow -> O
  t.is(access(ptr(0, [-8]), 0, -8, 1, 0).mustWrite.toString(), '{0,1}'); // parent frame def
  t.is(access(ptr(1, [-8]), 0, 8, 0, 1).mayRead, Mask.EMPTY); // frame above depth
  t.is(access(ptr(0, [-8]), 0, 8, 1, 1).mayRead, Mask.EMPTY); // other frame
  t.is(access(imp(3), 0, -8, 1, 1).mayRead, Mask.ALL); // writes through IMP are reads
  t.is(access(NONE, 0, 8, 0, 0).mayRead, Mask.EMPTY);
  t.is(access(UNVISITED, 0, 8, 0, 0).mayRead, Mask.EMPTY);
  t.deepEqual(accessFrames(imp(5), 2), [0, 2]);
  t.deepEqual(accessFrames(imp(5), 1), [0]);
  t.deepEqual(accessFrames(ptr(1, [-8]), 1), [1]);
  t.deepEqual(accessFrames(ptr(2, [-8]), 1), []);
  t.deepEqual(accessFrames(NONE, 1), []);
});
