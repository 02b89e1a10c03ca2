/**
 * Relations between types: compatibility, greatest lower bound, and the inferred type `Ty` of
 * a term before it is matched against its position.
 *
 *     comparable(A, B) <=> same carrier ∧ (A ∈ supers(B) ∨ B ∈ supers(A))    (primitives)
 *                      <=> same name                                          (records)
 *                      <=> same lattice family                                (lattices)
 *     glb(A, B)        =  the lower of two comparable types (used to type a variable that
 *                         occurs at several columns); incomparable types have no glb (E305)
 *
 * Integer literals are polymorphic (`anynum` fits number, unsigned and float columns), `nil`
 * fits every record type, and a record constructor without a known type is typed
 * structurally (`rec`) until it meets a record column.
 *
 * Lattice families: `mask_meet` stores the same 128-bit masks as `mask` (only the join
 * differs), so mask functors accept both; otherwise lattices are compatible only with
 * themselves. Numeric lattices (those whose `bottom` is a JS number, e.g. `max`, `min`) hold
 * plain numbers: their values are compatible with `number` both ways, so `d + 1` on a `<min>`
 * value is well typed.
 */
import type { ColumnType } from './checked.js';
import { UNKNOWN_TYPE, type Env } from './resolve.js';

/** The inferred type of a term. */
export type Ty =
  | ColumnType
  | { readonly kind: 'anynum' }
  | { readonly kind: 'nil' }
  | { readonly kind: 'rec'; readonly fields: readonly (Ty | undefined)[] };

const LATTICE_FAMILY: Readonly<Record<string, string>> = { mask_meet: 'mask' };

/** The family a lattice's values belong to. @example latticeFamily('mask_meet') // 'mask' */
export function latticeFamily(name: string): string {
  return Object.hasOwn(LATTICE_FAMILY, name) ? LATTICE_FAMILY[name]! : name;
}

/** True for number, unsigned and float types (and polymorphic literals). @example isNumeric(prim('number')) */
export function isNumeric(t: Ty): boolean {
  return t.kind === 'anynum' || (t.kind === 'primitive' && t.carrier !== 'symbol');
}

/** True when the lattice's values are plain numbers. @example isNumericLattice(env, 'max') // true */
export function isNumericLattice(env: Env, name: string): boolean {
  return typeof env.registry.lattices.get(name)?.bottom === 'number';
}

/** Whether two column types are compatible (see the file header). @example comparable(env, a, b) */
export function comparable(env: Env, a: ColumnType, b: ColumnType): boolean {
  if (a === UNKNOWN_TYPE || b === UNKNOWN_TYPE) return true;
  const numLat = (x: ColumnType, y: ColumnType): boolean =>
    x.kind === 'lattice' && isNumericLattice(env, x.lattice) && y.kind === 'primitive' && y.carrier === 'number';
  if (numLat(a, b) || numLat(b, a)) return true;
  if (a.kind === 'primitive' && b.kind === 'primitive') {
    if (a.carrier !== b.carrier) return false;
    return (env.supers.get(a.name)?.has(b.name) ?? false) || (env.supers.get(b.name)?.has(a.name) ?? false) || a.name === b.name;
  }
  if (a.kind === 'record' && b.kind === 'record') return a.name === b.name;
  if (a.kind === 'lattice' && b.kind === 'lattice') return latticeFamily(a.lattice) === latticeFamily(b.lattice);
  return false;
}

/** The lower of two comparable types, undefined if incomparable. @example glb(env, node, number) // node */
export function glb(env: Env, a: ColumnType, b: ColumnType): ColumnType | undefined {
  if (a === UNKNOWN_TYPE) return b;
  if (b === UNKNOWN_TYPE) return a;
  if (!comparable(env, a, b)) return undefined;
  if (a.kind === 'primitive' && b.kind === 'primitive') return env.supers.get(a.name)?.has(b.name) ? a : b;
  return a;
}

/** Whether an inferred type fits a position of column type `expected`. @example fits(env, {kind: 'anynum'}, prim('float')) */
export function fits(env: Env, t: Ty, expected: ColumnType): boolean {
  if (expected === UNKNOWN_TYPE) return true;
  switch (t.kind) {
    case 'anynum':
      return isNumeric(expected) || (expected.kind === 'lattice' && isNumericLattice(env, expected.lattice));
    case 'nil':
      return expected.kind === 'record';
    case 'rec':
      return (
        expected.kind === 'record' &&
        expected.fields.length === t.fields.length &&
        t.fields.every((f, i) => f === undefined || fits(env, f, expected.fields[i]!))
      );
    default:
      return comparable(env, t, expected);
  }
}

/** Whether two inferred types may be compared with `=`. @example compatible(env, {kind: 'nil'}, rec) */
export function compatible(env: Env, a: Ty, b: Ty): boolean {
  if (a.kind === 'anynum') return isNumeric(b);
  if (b.kind === 'anynum') return isNumeric(a);
  if (a.kind === 'nil') return b.kind === 'nil' || b.kind === 'rec' || b.kind === 'record';
  if (b.kind === 'nil') return a.kind === 'rec' || a.kind === 'record';
  if (a.kind === 'rec' && b.kind === 'rec')
    return a.fields.length === b.fields.length && a.fields.every((f, i) => !f || !b.fields[i] || compatible(env, f, b.fields[i]!));
  if (a.kind === 'rec') return fits(env, a, b as ColumnType);
  if (b.kind === 'rec') return fits(env, b, a);
  return comparable(env, a, b);
}

/** A readable name of an inferred type. @example showTy({kind: 'anynum'}) // 'number' */
export function showTy(t: Ty): string {
  switch (t.kind) {
    case 'anynum':
      return 'number';
    case 'nil':
      return 'nil';
    case 'rec':
      return `[${t.fields.map((f) => (f ? showTy(f) : '?')).join(', ')}]`;
    case 'lattice':
      return `<${t.lattice}>`;
    default:
      return t.name;
  }
}

/** The base primitive of a numeric type (arithmetic forgets subtypes). */
export function baseOf(t: ColumnType): ColumnType {
  return t.kind === 'primitive' ? { kind: 'primitive', carrier: t.carrier, name: t.carrier } : t;
}

/** Converts an inferred type to a column type when it is definite. */
export function definite(t: Ty | undefined): ColumnType | undefined {
  if (!t) return undefined;
  if (t.kind === 'anynum') return { kind: 'primitive', carrier: 'number', name: 'number' };
  if (t.kind === 'nil' || t.kind === 'rec') return undefined;
  return t;
}
