/**
 * The pruning query `stackSlotAlive` (spec liveness.md §6.4) on the worked examples of §6.5,
 * and the analysis limits of §5.2 (more than 8 frames: E950).
 */
import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { analyzeLoaded } from '../../src/analysis/live-file.js';
import type { Analysis } from '../../src/analysis/analyze.js';
import { assemble } from '../../src/bpf/asm/assemble.js';

function analyzeText(text: string): E.Either<string, Analysis> {
  const prog = assemble('q.s', text);
  if (E.isLeft(prog)) return E.left(prog.left.map((d) => d.message).join('; '));
  const a = analyzeLoaded(prog.right);
  return E.isLeft(a) ? E.left(a.left.map((d) => `${d.code} ${d.message}`).join('; ')) : E.right(a.right);
}

// §6.5 "normal call": main writes fp-8, passes it to f at insn 4, reads it again at insn 5 (or not).
const normal = (readAfter: boolean): string => `
.type socket_filter
  r1 = 0
  *(u64 *)(r10 -8) = r1
  r1 = r10
  r1 += -8
  call f
  ${readAfter ? 'r0 = *(u64 *)(r10 -8)' : 'r0 = 0'}
  exit
.subprog f
  r0 = *(u64 *)(r1 +0)
  r0 += 1
  r0 += 2
  exit
`;

test('normal call: a caller slot read after the return stays alive inside the callee', (t) => {
  const a = analyzeText(normal(true));
  if (E.isLeft(a)) return t.fail(a.left);
  // inside f (insns 7..10), after its read at 7: frame 0 half-slots 0/1 (fp-8) alive via main's insn 5
  t.true(a.right.stackSlotAlive([4], 8, 0, 1));
  t.true(a.right.stackSlotAlive([4], 8, 0, 0));
  // before f's read the callee itself needs it
  t.true(a.right.stackSlotAlive([4], 7, 0, 1));
  // fp-16 is never read: dead everywhere
  t.false(a.right.stackSlotAlive([4], 8, 0, 3));
});

test('normal call: without the read after the call the slot dies after the callee read', (t) => {
  const a = analyzeText(normal(false));
  if (E.isLeft(a)) return t.fail(a.left);
  t.true(a.right.stackSlotAlive([4], 7, 0, 1));
  t.false(a.right.stackSlotAlive([4], 8, 0, 1));
  t.false(a.right.stackSlotAlive([4], 8, 0, 0));
});

// §6.5 "callback": bpf_loop with r3 = fp-8; the callback reads *(r2 - 8) = main's fp-16.
const callback = `
.type socket_filter
  r1 = 0
  *(u64 *)(r10 -8) = r1
  *(u64 *)(r10 -16) = r1
  r1 = 4
  r2 = func[cb]
  r3 = r10
  r3 += -8
  r4 = 0
  call bpf_loop#181
  r0 = 0
  exit
.subprog cb
  r0 = *(u64 *)(r2 -8)
  r0 = 0
  exit
`;

test('callback: the caller slot the callback reads stays alive inside it (alive before the helper call)', (t) => {
  const a = analyzeText(callback);
  if (E.isLeft(a)) return t.fail(a.left);
  const call = a.right.input.decoded.insns.toArray().findIndex((i) => i !== undefined && i.code === 0x85 && i.imm === 181);
  const cbStart = a.right.input.prog.subprogs[1]!.start;
  t.true(call > 0);
  t.truthy(a.right.instance({ callsite: call, depth: 1 }), 'the callback is analysed in the context of the call');
  // after the callback's own read, main's fp-16 (half-slots 2, 3) is still alive: the loop may call again
  t.true(a.right.stackSlotAlive([call], cbStart + 1, 0, 3));
  t.true(a.right.stackSlotAlive([call], cbStart + 1, 0, 2));
  // main's fp-8 is passed but never read by anyone: dead inside the callback
  t.false(a.right.stackSlotAlive([call], cbStart + 1, 0, 1));
});

// §6.5 "detached root": A is called without pointer args (a root), A passes its fp-8 to B.
const detached = `
.type socket_filter
  r1 = 0
  call a
  r0 = 0
  exit
.subprog a
  r1 = 7
  *(u64 *)(r10 -8) = r1
  r1 = r10
  r1 += -8
  call b
  r0 = *(u64 *)(r10 -8)
  exit
.subprog b
  r0 = *(u64 *)(r1 +0)
  r0 = 0
  exit
`;

test('detached root: frames above the root instance count as alive; the root frame uses its own results', (t) => {
  const a = analyzeText(detached);
  if (E.isLeft(a)) return t.fail(a.left);
  const subs = a.right.input.prog.subprogs;
  const aStart = subs[1]!.start, bStart = subs[2]!.start;
  const callA = 1, callB = aStart + 4;
  t.truthy(a.right.instance({ callsite: aStart, depth: 0 }), 'A is a root');
  t.truthy(a.right.instance({ callsite: callB, depth: 1 }), 'B is analysed in A\'s context');
  // verifier state main -> A -> B at B's second insn: main's slots (frame 0) are always alive
  t.true(a.right.stackSlotAlive([callA, callB], bStart + 1, 0, 0));
  // A's fp-8 (frame 1) is read by A after the call: alive
  t.true(a.right.stackSlotAlive([callA, callB], bStart + 1, 1, 1));
  // A's fp-16 is never read: dead
  t.false(a.right.stackSlotAlive([callA, callB], bStart + 1, 1, 3));
});

test('a stack pointer passed through more than 8 frames is rejected with E950 at the call', (t) => {
  const levels = 9;
  const lines = ['.type socket_filter'];
  for (let k = 0; k < levels; k++) {
    if (k > 0) lines.push(`.subprog f${k}`);
    if (k < levels - 1) lines.push('  r1 = r10', '  r1 += -8', `  call f${k + 1}`);
    else lines.push('  r0 = *(u64 *)(r1 +0)');
    lines.push('  r0 = 0', '  exit');
  }
  const a = analyzeText(lines.join('\n') + '\n');
  t.true(E.isLeft(a));
  if (E.isLeft(a)) t.regex(a.left, /E950 .*depth 7/);
});

test('more than 10,000 analyses (every path of the instance tree counts) is rejected with E951', (t) => {
  // main and f1..f6 each call the next level 4 times with a stack pointer: 4^7 = 16,384 chains
  const lines = ['.type socket_filter', '  r6 = r10', '  r6 += -8'];
  for (let k = 0; k < 7; k++) {
    if (k > 0) lines.push(`.subprog f${k}`, '  r6 = r1');
    for (let c = 0; c < 4; c++) lines.push('  r1 = r6', `  call f${k + 1}`);
    lines.push('  r0 = 0', '  exit');
  }
  lines.push('.subprog f7', '  r0 = *(u64 *)(r1 +0)', '  exit');
  const a = analyzeText(lines.join('\n') + '\n');
  t.true(E.isLeft(a));
  if (E.isLeft(a)) t.regex(a.left, /E951 liveness analysis exceeded complexity limit \(\d+ calls/);
});
