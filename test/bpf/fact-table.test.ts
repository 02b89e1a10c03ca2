import test from 'ava';
import { FactTable } from '../../src/bpf/fact-table.js';

test('FactTable: rows come back in insertion order, column views are exact', t => {
  const tab = new FactTable(3, 1);
  tab.push3(0, 1, 0);
  tab.push(1, -2147483648, 4294967295);   // UNKNOWN_BYTES and a u32 constant above 2^31
  tab.push3(2, 3, 1);
  t.is(tab.length, 3);
  t.deepEqual(tab.rows(), [[0, 1, 0], [1, -2147483648, 4294967295], [2, 3, 1]]);
  t.deepEqual([...tab.column(2)], [0, 4294967295, 1]);
  t.deepEqual(tab.row(1), [1, -2147483648, 4294967295]);
  // a column widens to Float64Array at its first value that is not an int32, keeping the rows before
  t.true(tab.column(1) instanceof Int32Array);
  t.true(tab.column(2) instanceof Float64Array);
});

test('FactTable: grows past its capacity and keeps every row', t => {
  const tab = new FactTable(2, 4);
  for (let i = 0; i < 1000; i++) tab.push2(i, i * 3);
  t.is(tab.length, 1000);
  t.is(tab.column(0).length, 1000);
  t.deepEqual(tab.row(999), [999, 2997]);
  t.is([...tab.column(1)].reduce((s, v) => s + v, 0), 3 * (999 * 1000) / 2);
  t.true(tab.column(1) instanceof Int32Array);
});

test('FactTable.setColumns takes whole columns as the content', t => {
  const tab = new FactTable(2);
  tab.push2(9, 9);
  tab.setColumns([Int32Array.of(1, 2, 0), Int32Array.of(3, 4, 0)], 2);
  t.deepEqual(tab.rows(), [[1, 3], [2, 4]]);
  t.throws(() => tab.setColumns([Int32Array.of(1)], 1), { instanceOf: RangeError });
});

test('FactTable: a row of the wrong width is refused', t => {
  const tab = new FactTable(2);
  t.throws(() => tab.push(1, 2, 3), { instanceOf: RangeError, message: /3 columns, expected 2/ });
  t.is(tab.length, 0);
});

test('FactTable.rowMajor: rows and columns read from the one array; an append moves it to columns', t => {
  const data = Int32Array.of(0, 7, 1, 8, 5, 9, 99, 99);   // 3 rows of 2, then spare room
  const tab = FactTable.rowMajor(2, data, 3);
  t.is(tab.rowMajorData(), data);
  t.deepEqual(tab.rows(), [[0, 7], [1, 8], [5, 9]]);
  t.deepEqual([...tab.column(1)], [7, 8, 9]);
  t.deepEqual(tab.row(2), [5, 9]);
  tab.push2(6, -1);
  t.is(tab.rowMajorData(), undefined);
  t.deepEqual(tab.rows(), [[0, 7], [1, 8], [5, 9], [6, -1]]);
  t.throws(() => FactTable.rowMajor(3, data, 3), { instanceOf: RangeError });
});
