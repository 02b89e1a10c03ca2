import test from 'ava';
import { give, pooled, take } from '../../src/eval/scratch-pool.js';

test('scratch pool: a handed-back buffer serves the next request it fits, smallest first', (t) => {
  const before = pooled();
  const big = take(1 << 16), small = take(1 << 13);
  give(big);
  give(small);
  t.is(pooled(), before + big.byteLength + small.byteLength);
  t.not(take(5000 >> 2), small, 'a small request gets a new buffer');
  const other = take(9000);
  t.true(other !== big && other !== small, 'nor is a buffer more than 4x the request handed out');
  t.is(take(5000), small, 'the smallest buffer that fits');
  t.is(take(20000), big);
  t.not(take(20000), big, 'a buffer is handed out once');
  t.is(pooled(), before);
});

test('scratch pool: small buffers are not kept, and the pool stays under its byte limit', (t) => {
  const before = pooled();
  give(new Int32Array(100));
  t.is(pooled(), before);
  for (let i = 0; i < 10; i++) give(new Int32Array(4 << 20));   // 16 MB each
  t.true(pooled() <= 96 << 20);
  while (pooled() > 0) take(4 << 20);
});
