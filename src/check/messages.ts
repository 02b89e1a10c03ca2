/**
 * The checker's message catalogue: every diagnostic code it can emit, with a one-line
 * explanation. docs/diagnostics.md lists the same table; a test keeps them in sync.
 *
 * Ranges: E1xx declarations, E2xx relations and functors, E3xx types, E4xx range restriction
 * (safety) and facts, E5xx stratification and lattice monotonicity; W-codes are warnings.
 */

/** Code → one-line explanation. @example MESSAGES.E201 // 'a rule, fact or query uses a relation that is not declared' */
export const MESSAGES = {
  E101: 'a relation is declared twice',
  E102: 'a type name is neither built in nor declared with .type',
  E103: 'a type is declared twice',
  E104: 'a .type definition refers to itself',
  E105: 'a union type mixes members of different kinds (e.g. number and symbol)',
  E106: 'a lattice column names a lattice that is not registered',
  E107: 'the lattice column of a relation must be its last column',
  E108: 'a relation has more than one lattice column',
  E109: '.input/.output/.printsize names a relation that is not declared',
  E110: 'a .functor declaration has no TypeScript implementation in the registry',
  E111: 'a .functor declaration disagrees with the registered functor (arity or types)',
  E112: 'a functor is declared twice',
  E113: 'a lattice name is used as a plain column type (write `name: <lattice>` as the last column)',
  E114: 'a relation declares the same column name twice',
  E115: 'a relation qualifier is not one bpfdl knows (Soufflé\'s brie, btree, eqrel, ... or inflationary)',
  E116: '`inflationary` is only meaningful for a lattice-valued relation',
  E201: 'a rule, fact or query uses a relation that is not declared',
  E202: 'an atom has a different number of arguments than its declaration',
  E203: 'a functor call names no registered functor nor intrinsic',
  E204: 'a functor is called with the wrong number of arguments',
  E205: 'a generator is used as a value, or a plain functor after `in`',
  E206: 'a rule body is too large or uses a construct the checker cannot normalise',
  E301: 'a term does not have the type its position requires',
  E302: 'arithmetic or bitwise operators need numeric operands of one kind',
  E303: 'the two sides of a comparison have incompatible types',
  E304: 'a record constructor has the wrong number of fields',
  E305: 'a variable is used at positions of incompatible types',
  E306: 'the type of a variable cannot be deduced (e.g. it is only bound to a record constructor or nil)',
  E307: 'an aggregate target has a type the aggregate cannot combine',
  E401: 'a variable is not bound by a positive atom, a generator or an equality (range restriction)',
  E402: '`_` may not appear in a rule head',
  E403: '`_` may not appear in a comparison, functor argument or aggregate target',
  E404: 'a fact argument is not a constant expression',
  E501: 'negation of a relation inside its own recursive cycle (not stratifiable)',
  E502: 'a non-monotone aggregate (count/sum/min/max/mean) over a relation of its own recursive cycle',
  E503: 'a lattice value of the rule\'s own recursive stratum is used non-monotonically',
  W401: 'a variable occurs only once in a rule (write `_` or a name starting with `_`)',
} as const;

/** A diagnostic code of the checker. @example const c: CheckCode = 'E401' */
export type CheckCode = keyof typeof MESSAGES;
