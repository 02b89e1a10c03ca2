/**
 * Operator precedence, shared by the parser (precedence climbing over the flat operator
 * chains of the grammar) and the printer (minimal parentheses). Larger binds tighter; Soufflé's
 * order:
 *
 *     lor 1 < lxor 2 < land 3 < bor 4 < bxor 5 < band 6 < bshl bshr bshru 7 < + - 8 < * / % 9
 *       < unary - bnot lnot 10 < ^ 11 (right-associative) < atoms 12
 */
import type { BinOpName } from './ast.js';

/** Binding strength of each binary operator. */
export const binPrec: Readonly<Record<BinOpName, number>> = {
  lor: 1,
  lxor: 2,
  land: 3,
  bor: 4,
  bxor: 5,
  band: 6,
  bshl: 7,
  bshr: 7,
  bshru: 7,
  '+': 8,
  '-': 8,
  '*': 9,
  '/': 9,
  '%': 9,
  '^': 11,
};
/** Binding strength of the unary operators. */
export const UNARY_PREC = 10;
/** Binding strength of anything that is not an operator application. */
export const ATOMIC_PREC = 12;

/** One operand of an operator chain with its source offsets. */
export interface Operand<T> {
  readonly value: T;
  readonly start: number;
  readonly end: number;
}

/**
 * Groups `x0 op1 x1 op2 x2 ...` (all left-associative) by precedence climbing:
 *
 *     parse(min) = lhs := next operand;
 *                  while prec(next op) >= min: op := take; rhs := parse(prec(op) + 1); lhs := op(lhs, rhs)
 *
 * @example
 * climb([1, 2, 3].map(v => ({ value: v, start: 0, end: 0 })), ['+', '*'], (op, l, r) => ({ ...l, value: `(${l.value}${op}${r.value})` }))
 * // value '(1+(2*3))'
 */
export function climb<T>(
  operands: readonly Operand<T>[],
  ops: readonly BinOpName[],
  make: (op: BinOpName, left: Operand<T>, right: Operand<T>) => Operand<T>,
): Operand<T> {
  let i = 0;
  const parse = (min: number): Operand<T> => {
    let lhs = operands[i] as Operand<T>;
    while (i < ops.length && binPrec[ops[i] as BinOpName] >= min) {
      const op = ops[i] as BinOpName;
      i++;
      const rhs = parse(binPrec[op] + 1);
      lhs = make(op, lhs, rhs);
    }
    return lhs;
  };
  const out = parse(0);
  if (i !== ops.length || operands.length !== ops.length + 1) throw new Error('bpfdl: malformed operator chain');
  return out;
}
