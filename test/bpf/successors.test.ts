import test from 'ava';
import fc from 'fast-check';
import { Successors, successorFn } from '../../src/bpf/successors.js';

const lists = fc.array(fc.array(fc.nat(50), { maxLength: 3 }), { maxLength: 60 });

test('Successors: the table gives back every list, built at once or slot by slot', (t) => {
  fc.assert(fc.property(lists, fc.integer({ min: 0, max: 5 }), (ls, extra) => {
    const a = Successors.fromLists(ls);
    const b = Successors.builder(ls.length + extra);
    ls.forEach((l, i) => { if (l.length > 0) b.add(i, ...l); });
    const bt = b.done();
    if (a.length !== ls.length || bt.length !== ls.length + extra) return false;
    for (let i = 0; i < ls.length; i++) {
      const want = ls[i]!;
      if (a.count(i) !== want.length || bt.of(i).join() !== want.join()) return false;
      if (want.some((w, k) => a.at(i, k) !== w)) return false;
    }
    for (let i = ls.length; i < bt.length; i++) if (bt.count(i) !== 0) return false;
    return JSON.stringify(a.lists()) === JSON.stringify(ls);
  }));
  t.pass();
});

test('successorFn reads a table and plain lists alike', (t) => {
  const ls = [[1, 2], [], [0]];
  t.deepEqual(successorFn(Successors.fromLists(ls))(0), [1, 2]);
  t.deepEqual(successorFn(ls)(2), [0]);
  t.deepEqual(successorFn(ls)(7), []);
});
