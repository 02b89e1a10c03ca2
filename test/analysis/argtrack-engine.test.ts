/**
 * End-to-end: the `argval` lattice and the argtrack functors registered with the rule engine.
 * A toy forward analysis joins pointer values from two predecessors (a true lattice: the
 * result does not depend on evaluation order) and records reads with `at_may_read`.
 */
import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { compile } from '../../src/index.js';
import { argtrackFunctors, argtrackLattices } from '../../src/analysis/argtrack-functors.js';
import { type ArgVal, showKernel } from '../../src/analysis/argtrack-value.js';
import type { Mask } from '../../src/eval/lattices/mask-value.js';
import { fmtSlotMask } from '../../src/analysis/log/slot-mask.js';

const rules = `
.decl at(i: number, v: <argval>) inflationary
// 0: r1 = r10; 1: r1 += -8 / 2: r1 += -16 (two branches); 3: join with a non-pointer path
at(0, @at_fp(0)).
at(1, @at_padd(v, -8)) :- at(0, v).
at(2, @at_padd(v, -16)) :- at(0, v).
at(3, v) :- at(1, v).
at(3, v) :- at(2, v).
at(3, @at_none()) :- at(0, _).
// 4: r1 += r2 (scalar) -> offset unknown
at(4, @at_alu64(v, @at_none())) :- at(3, v).
.decl rd(i: number, m: <mask>)
rd(i, @at_may_read(v, -8, 8, 0, 0)) :- at(i, v), i > 0.
.decl wr(i: number, m: <mask>)
wr(i, @at_must_write(v, 0, -8, 0, 0)) :- at(i, v), i > 0.
.decl slot(i: number, t: number)
slot(i, t) :- at(i, v), t in @at_fill_slots(v, 0, 0).
`;

test('argval and the argtrack functors run inside the rule engine', (t) => {
  const prog = compile(rules, { lattices: argtrackLattices as never, functors: argtrackFunctors });
  if (E.isLeft(prog)) return t.fail(JSON.stringify(prog.left.map((d) => d.message)));
  const db = prog.right.run();
  if (E.isLeft(db)) return t.fail(JSON.stringify(db.left.map((d) => d.message)));
  const at = db.right.relation<[number, ArgVal]>('at').rows().map(([i, v]) => `${i}: ${showKernel(v)}`);
  t.deepEqual(at, ['0: fp0+0', '1: fp0-8', '2: fp0-16', '3: fp0-16|fp0-8', '4: fp0 ?']);
  const rd = db.right.relation<[number, Mask]>('rd').rows().map(([i, m]) => `${i}: ${fmtSlotMask(0, m)}`);
  t.deepEqual(rd, ['1: fp0-16', '2: fp0-24', '3: fp0-16 fp0-24', '4: fp0-8..-512']);
  const wr = db.right.relation<[number, Mask]>('wr').rows().map(([i, m]) => `${i}: ${fmtSlotMask(0, m)}`);
  t.deepEqual(wr, ['1: fp0-8', '2: fp0-16', '3: ', '4: ']);
  t.deepEqual(db.right.relation<[number, number]>('slot').rows(), [[1, 0], [2, 1], [3, 1], [3, 0]].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!));
});
