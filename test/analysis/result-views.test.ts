import test from 'ava';
import { RowView } from '../../src/analysis/result-views.js';

// insns 10..14, two relations per insn: rows[(i - 10) * 2 + j] = row + 1
const rows = Int32Array.from([0, 0, 5, 0, 0, 0, 0, 7, 3, 4]);
const view = new RowView(10, rows, 2, (t, b) => `${t[b]}/${t[b + 1]}`);

test('RowView: get and has follow the row table; insns outside the range are absent', t => {
  t.is(view.get(10), undefined);
  t.is(view.get(11), '5/0');
  t.is(view.get(13), '0/7');
  t.is(view.get(14), '3/4');
  t.false(view.has(12));
  t.true(view.has(14));
  t.is(view.get(9), undefined);
  t.is(view.get(15), undefined);
  t.is(view.get(11.5), undefined);
});

test('RowView: iteration is in instruction order and agrees with size, keys, values and forEach', t => {
  t.deepEqual([...view], [[11, '5/0'], [13, '0/7'], [14, '3/4']]);
  t.is(view.size, 3);
  t.deepEqual([...view.keys()], [11, 13, 14]);
  t.deepEqual([...view.values()], ['5/0', '0/7', '3/4']);
  const seen: string[] = [];
  view.forEach((v, k, m) => { seen.push(`${k}=${v}`); t.is(m, view); });
  t.deepEqual(seen, ['11=5/0', '13=0/7', '14=3/4']);
  t.deepEqual(new Map(view), new Map([[11, '5/0'], [13, '0/7'], [14, '3/4']]));
});
