/**
 * Rewords Ohm's "expected" list for syntax errors. Ohm lists every token that could start
 * the construct that failed (`"(", "_", a letter, "0x", "@", "count", ...`); this collapses
 * such sets into what a user thinks in: "an identifier", "a term", "a body literal",
 * "an operator", "a directive, fact, rule or query".
 */

const TERM_START = new Set([
  '"("', '"_"', '"?"', '"nil"', '"0b"', '"0x"', '"["', '"@"', '"-"', '"lnot"', '"bnot"',
  '"count"', '"sum"', '"min"', '"max"', '"mean"', '"join"', '"meet"', '"\\""',
  'an identifier', 'a number', 'a string', 'a digit', 'a letter',
]);
const LITERAL_START = new Set(['"!"', '"true"', '"false"', 'a term']);
const ITEM_START = new Set([
  '".decl"', '".type"', '".functor"', '".input"', '".output"', '".printsize"', '".include"',
  '".number_type"', '".symbol_type"', '"."', '"#"', '"?-"', 'an identifier', '"_"', '"?"',
]);

const OPERATOR = new Set([
  '"^"', '"%"', '"/"', '"*"', '"-"', '"+"', '"bshl"', '"bshr"', '"bshru"', '"band"', '"bor"', '"bxor"',
  '"land"', '"lor"', '"lxor"',
]);

/** Splits Ohm's `a, b, or c` text into its entries (quoted strings keep their quotes). */
function entries(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/"(?:[^"\\]|\\.)*"|[^",]+/g)) {
    const parts = m[0].startsWith('"') ? [m[0]] : m[0].split(/(?:^|\s)or(?:\s|$)/);
    for (const p of parts) {
      const e = p.trim();
      if (e !== '' && !out.includes(e)) out.push(e);
    }
  }
  return out;
}

function collapse(list: string[], members: ReadonlySet<string>, witnesses: readonly string[], name: string): string[] {
  if (!witnesses.every((w) => list.includes(w))) return list;
  const first = list.findIndex((e) => members.has(e));
  const kept = list.filter((e) => !members.has(e));
  kept.splice(first < 0 ? kept.length : Math.min(first, kept.length), 0, name);
  return kept;
}

function join(list: readonly string[]): string {
  if (list.length <= 1) return list[0] ?? 'something else';
  return `${list.slice(0, -1).join(', ')} or ${list[list.length - 1] ?? ''}`;
}

/**
 * Rewords Ohm's expected-text.
 *
 * @example
 * rewordExpected('"(", "_", a letter, "@", "[", a digit, or "!"') // 'a body literal'
 */
export function rewordExpected(text: string): string {
  let list = entries(text);
  list = collapse(list, new Set(['a letter', '"_"', '"?"']), ['a letter'], 'an identifier');
  list = collapse(list, ITEM_START, ['".decl"', '"?-"'], 'a directive, fact, rule or query');
  list = collapse(list, TERM_START, ['"@"', '"["'], 'a term');
  list = collapse(list, LITERAL_START, ['a term', '"!"'], 'a body literal');
  list = collapse(list, OPERATOR, ['"+"', '"*"'], 'an operator');
  if (list.includes('a directive, fact, rule or query')) list = list.filter((e) => e !== 'end of input');
  return join(list);
}
