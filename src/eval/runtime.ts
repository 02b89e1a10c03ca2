/**
 * The helper object generated rule code calls (`rt.*`): symbol and record tables, value
 * decoding for functor arguments, and the arithmetic of arith.ts.
 */
import type { ColumnType } from '../check/checked.js';
import type { RuntimeHelpers } from './compile.js';
import { divS, divU, modS, modU, powI, substr, toNumber } from './arith.js';
import { decode, f2i, i2f, type ValueContext } from './values.js';

/**
 * Builds the runtime helpers over a value context.
 *
 * @example
 * const rt = makeRuntime({ symbols: new SymbolTable(), records: new RecordTable() });
 * rt.str(rt.sym('a')) // 'a'
 */
export function makeRuntime(ctx: ValueContext): RuntimeHelpers {
  return {
    str: (id) => ctx.symbols.str(id),
    sym: (s) => ctx.symbols.intern(s),
    rec: (fields) => ctx.records.intern(fields, fields.length),
    field: (arity, id, i) => ctx.records.field(arity, id, i),
    decode: (t: ColumnType, v) => decode(ctx, t, v),
    f2i, i2f, divS, modS, divU, modU, powI, substr, toNumber,
  };
}
