/**
 * Atomics are the one kind of instruction that changes both parts of the argument-tracking
 * state (at_state): the stack slots they write (cleared, spec §3.5 clearStores) and the
 * register a fetch, xchg or cmpxchg loads (NONE).
 */
import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { analyzeLoaded } from '../../src/analysis/live-file.js';
import { assemble } from '../../src/bpf/asm/assemble.js';
import { showKernel } from '../../src/analysis/argtrack-value.js';

const text = `
.type socket_filter
  r6 = r1
  r1 = r10
  r1 += -16
  *(u64 *)(r10 -8) = r1
  *(u64 *)(r10 -24) = r1
  r2 = r10
  r2 += -8
  r3 = r1
  r3 = atomic_xchg((u64 *)(r10 -24), r3)
  lock *(u64 *)(r2 +0) += r1
  r4 = r1
  r4 = atomic_fetch_add((u64 *)(r6 +0), r4)
  r0 = 0
  exit
`;

test('atomics: the slot written is cleared and the register loaded becomes NONE, both in one step', (t) => {
  const prog = assemble('atomics.s', text);
  if (E.isLeft(prog)) return t.fail(prog.left.map((d) => d.message).join('; '));
  const a = analyzeLoaded(prog.right);
  if (E.isLeft(a)) return t.fail(a.left.map((d) => d.message).join('; '));
  const root = { callsite: 0, depth: 0 };
  const at = (insn: number): string => {
    const s = a.right.argState(root, insn)!;
    const regs = [1, 2, 3, 4].map((r) => `r${r}=${showKernel(s.regs[r]!)}`);
    const slots = [0, 1, 2].map((k) => `fp${-8 * (k + 1)}=${showKernel(s.stack[k]!)}`);
    return [...regs, ...slots].join(' ');
  };
  // before the xchg (insn 8): both spills hold fp0-16, r3 too
  t.is(at(8), 'r1=fp0-16 r2=fp0-8 r3=fp0-16 r4=_ fp-8=fp0-16 fp-16=_ fp-24=fp0-16');
  // xchg on fp-24 through r10: the slot is cleared and r3 (loaded) is NONE
  t.is(at(9), 'r1=fp0-16 r2=fp0-8 r3=_ r4=_ fp-8=fp0-16 fp-16=_ fp-24=_');
  // lock add through r2 = fp0-8: clears fp-8, no register loaded
  t.is(at(10), 'r1=fp0-16 r2=fp0-8 r3=_ r4=_ fp-8=_ fp-16=_ fp-24=_');
  // fetch_add through the context pointer (not the stack): the slots stay, r4 becomes NONE
  t.is(at(11), 'r1=fp0-16 r2=fp0-8 r3=_ r4=fp0-16 fp-8=_ fp-16=_ fp-24=_');
  t.is(at(12), 'r1=fp0-16 r2=fp0-8 r3=_ r4=_ fp-8=_ fp-16=_ fp-24=_');
});
