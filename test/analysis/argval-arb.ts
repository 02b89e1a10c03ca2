/** fast-check generator of argument-tracking values, shared by the analysis tests. */
import fc from 'fast-check';
import { type ArgVal, NONE, UNVISITED, imp, off, ptr } from '../../src/analysis/argtrack-value.js';

const frame = fc.integer({ min: 0, max: 2 });
const offset = fc.constantFrom(0, -8, -16, -24, -32, -40, -4, 8, -512, 32767, -32768);
/** Values biased to collide: few frames, few offsets, every kind. */
export const argValArb: fc.Arbitrary<ArgVal> = fc.oneof(
  fc.constantFrom<ArgVal>(UNVISITED, NONE),
  fc.tuple(frame, fc.array(offset, { minLength: 1, maxLength: 4 }), fc.boolean()).map(([f, os, m]) => ptr(f, os, m)),
  frame.map((f) => off(f)),
  fc.integer({ min: 1, max: 7 }).map((m) => imp(m)),
);

