/**
 * Unboxed 128-bit masks in generated code (gen.ts): a mask term becomes four int32 words,
 * computed word by word instead of through `Mask` objects. For words i = 0..3:
 *
 *     mask_empty()     = 0                      mask_all()       = -1
 *     mask_not(a)      = ~a_i                   mask_bits(w)     = w | 0, 0, 0, 0
 *     mask_union(a, b) = a_i | b_i              mask_inter(a, b) = a_i & b_i
 *     mask_diff(a, b)  = a_i & ~b_i
 *     mask_single(k)   = 1 << (k & 31) in word k >>> 5, 0 in the others (k ∉ 0..127: ∅)
 *
 * An unboxed variable is its four words; any other term (a user functor, a boxed value) is
 * evaluated as a `Mask` and its words `w0..w3` read. Only the built-in functors are unboxed:
 * a user may register a functor of the same name, which is then called as written.
 */
import type { Term } from '../lang/ast.js';
import { builtinFunctors } from './functors.js';
import { termJs, type TermEnv } from './terms-js.js';

/** What the word emitter needs from the code generator. */
export interface WordEnv extends TermEnv {
  /** The words of an unboxed mask variable, if it is one. */
  maskWordsOf(name: string): readonly string[] | undefined;
  fresh(prefix: string): string;
  line(s: string): void;
}

/**
 * Emits the four int32 words of the mask term `t` as constants and returns their names.
 *
 * @example
 * emitWords(gen, maskUnionTerm) // ['w3$0', 'w3$1', 'w3$2', 'w3$3'], after `const w3$0 = (a$0 | b$0);` ...
 */
export function emitWords(g: WordEnv, t: Term): string[] {
  const w = wordExprs(g, t);
  const x = g.fresh('w');
  if (w) {
    w.forEach((e, i) => g.line(`const ${x}$${i} = ${e};`));
  } else {
    g.line(`const ${x} = ${termJs(t, g, 'lattice')};`);
    for (let i = 0; i < 4; i++) g.line(`const ${x}$${i} = ${x}.w${i};`);
  }
  return [0, 1, 2, 3].map((i) => `${x}$${i}`);
}

/** The word expressions of `t` (see the file header), or undefined when it is not unboxed. */
function wordExprs(g: WordEnv, t: Term): string[] | undefined {
  if (t.kind === 'var') return g.maskWordsOf(t.name)?.slice();
  if (t.kind !== 'call' || !t.at || g.registry.functors.get(t.name) !== builtinFunctors.get(t.name)) return undefined;
  const sub = (a: Term): string[] => wordExprs(g, a) ?? emitWords(g, a);
  switch (t.name) {
    case 'mask_empty': return ['0', '0', '0', '0'];
    case 'mask_all': return ['-1', '-1', '-1', '-1'];
    case 'mask_not': { const a = sub(t.args[0]!); return a.map((x) => `(~${x})`); }
    case 'mask_single': { // word i holds bit k & 31 when k >>> 5 = i (k outside 0..127: empty)
      const k = g.fresh('k');
      g.line(`const ${k} = ${termJs(t.args[0]!, g, 'number')};`);
      return [0, 1, 2, 3].map((i) => `((${k} >>> 5) === ${i} ? 1 << (${k} & 31) : 0)`);
    }
    case 'mask_bits': return [`(${termJs(t.args[0]!, g, 'number')} | 0)`, '0', '0', '0'];
    case 'mask_union': case 'mask_inter': case 'mask_diff': {
      const a = sub(t.args[0]!), b = sub(t.args[1]!);
      const op = t.name === 'mask_union' ? (i: number): string => `(${a[i]} | ${b[i]})` : t.name === 'mask_inter' ? (i: number): string => `(${a[i]} & ${b[i]})` : (i: number): string => `(${a[i]} & ~${b[i]})`;
      return [0, 1, 2, 3].map(op);
    }
    default: return undefined;
  }
}
