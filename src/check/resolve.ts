/**
 * Resolution of declarations: `.type`, `.decl`, `.functor` and IO directives.
 *
 * Types. Built-in primitives are `number`, `unsigned`, `float`, `symbol`. User types:
 *
 *     .type A <: B          A is a new subtype of primitive B (edge A → B)
 *     .type A = B           alias: A is the very same type as B
 *     .type U = A | B       union: edges A → U, B → U and U → carrier(A); A, B of one carrier
 *     .type R = [f: T, ...] record (may be recursive: fields are filled in after creation)
 *
 * `supers(T)` is the reflexive-transitive closure of those edges; two primitive types are
 * *comparable* when one is in the other's supers (Soufflé's subtyping: `A <: number` is
 * compatible with `number`, two different subtypes of `number` are not).
 *
 * Relations. Every column resolves to a ColumnType; a lattice column `m: <L>` needs L in the
 * registry, must be the last column and the only lattice column. The non-lattice columns of a
 * lattice-valued relation are its key.
 *
 * Functors. `@name` resolves against the registry (`.functor` declarations are optional for
 * registered functors, but a declared one must be registered with the same signature).
 */
import { error, type Diagnostic } from '../base/diagnostic.js';
import type { Span } from '../base/span.js';
import type { Column, FunctorDecl, IoDirective, Item, RelDecl, TypeDecl, TypeRef } from '../lang/ast.js';
import type { ColumnType, IoSpec, RelationColumn, RelationInfo } from './checked.js';
import type { Registry } from './registry.js';
import { didYouMean } from './suggest.js';

/** A resolved functor signature (undefined entries could not be resolved and are not checked). */
export interface FunSig {
  readonly name: string;
  readonly params: readonly (ColumnType | undefined)[];
  readonly result: ColumnType | undefined;
  readonly generator: boolean;
  /**
   * Argument positions in which the functor is monotone, when the registered spec declares
   * them (an optional `monotone: number[]` property of the FunctorSpec object).
   */
  readonly monotone?: readonly number[];
}

/** Everything the later passes need to know about names. */
export interface Env {
  readonly types: ReadonlyMap<string, ColumnType>;
  /** Reflexive-transitive supertypes of every primitive type name. */
  readonly supers: ReadonlyMap<string, ReadonlySet<string>>;
  readonly relations: ReadonlyMap<string, RelationInfo>;
  /** Relation names in declaration order. */
  readonly relationOrder: readonly string[];
  readonly functors: ReadonlyMap<string, FunSig>;
  readonly registry: Registry;
}

const PRIMS = ['number', 'unsigned', 'float', 'symbol'] as const;

/** The primitive type of a carrier. @example prim('number') */
export function prim(carrier: 'number' | 'unsigned' | 'float' | 'symbol'): ColumnType {
  return { kind: 'primitive', carrier, name: carrier };
}

/**
 * Stands for a type that could not be resolved (already reported): compatible with everything,
 * so one unknown type name does not cascade into mismatches. Only in rejected programs.
 *
 * @example
 * relation.columns[0].type === UNKNOWN_TYPE // after "unknown type 'Nod'"
 */
export const UNKNOWN_TYPE: ColumnType = { kind: 'primitive', carrier: 'number', name: '<unknown>' };

/** A lattice column type. @example latticeType('mask') */
export function latticeType(name: string): ColumnType {
  return { kind: 'lattice', lattice: name, name };
}

class TypeResolver {
  readonly types = new Map<string, ColumnType>();
  readonly edges = new Map<string, Set<string>>();
  private readonly decls = new Map<string, TypeDecl>();
  private readonly inProgress = new Set<string>();
  private readonly failed = new Set<string>();

  constructor(
    items: readonly Item[],
    private readonly registry: Registry,
    private readonly diags: Diagnostic[],
  ) {
    for (const p of PRIMS) (this.types.set(p, prim(p)), this.edges.set(p, new Set()));
    for (const it of items) {
      if (it.kind !== 'type') continue;
      const prev = this.decls.get(it.name);
      if (prev || (PRIMS as readonly string[]).includes(it.name)) {
        diags.push(
          error('E103', `type '${it.name}' is already declared`, it.span, prev ? [{ message: 'previous declaration', span: prev.span }] : []),
        );
        continue;
      }
      this.decls.set(it.name, it);
    }
    for (const name of this.decls.keys()) this.resolveName(name);
  }

  private addEdge(from: string, to: string): void {
    let s = this.edges.get(from);
    if (!s) this.edges.set(from, (s = new Set()));
    s.add(to);
  }

  private resolveName(name: string): ColumnType | undefined {
    const done = this.types.get(name);
    if (done) return done;
    const decl = this.decls.get(name);
    if (!decl || this.failed.has(name)) return undefined;
    if (this.inProgress.has(name)) {
      this.diags.push(error('E104', `type '${name}' is defined in terms of itself`, decl.span));
      this.failed.add(name);
      return undefined;
    }
    this.inProgress.add(name);
    const t = this.define(decl);
    this.inProgress.delete(name);
    if (t) this.types.set(name, t);
    else this.failed.add(name);
    return t;
  }

  private define(decl: TypeDecl): ColumnType | undefined {
    const def = decl.def;
    switch (def.kind) {
      case 'subtype': {
        const base = this.ref(def.base);
        if (!base) return undefined;
        if (base.kind !== 'primitive') {
          this.diags.push(error('E105', `type '${decl.name}' can only be a subtype of a primitive type, not '${base.name}'`, def.base.span));
          return undefined;
        }
        this.addEdge(decl.name, base.name);
        return { kind: 'primitive', carrier: base.carrier, name: decl.name };
      }
      case 'union': {
        const members = def.members.map((m) => this.ref(m));
        if (members.some((m) => m === undefined)) return undefined;
        const ms = members as ColumnType[];
        if (ms.length === 1) return ms[0];
        const first = ms[0]!;
        for (let i = 0; i < ms.length; i++) {
          const m = ms[i]!;
          if (m.kind !== 'primitive' || first.kind !== 'primitive' || m.carrier !== first.carrier) {
            this.diags.push(error('E105', `union type '${decl.name}' mixes '${first.name}' and '${m.name}'`, def.members[i]!.span));
            return undefined;
          }
        }
        if (first.kind !== 'primitive') return undefined;
        for (const m of ms) this.addEdge(m.name, decl.name);
        this.addEdge(decl.name, first.carrier);
        return { kind: 'primitive', carrier: first.carrier, name: decl.name };
      }
      case 'record': {
        const fields: ColumnType[] = [];
        const rec: ColumnType = { kind: 'record', name: decl.name, fields };
        this.types.set(decl.name, rec); // early: records may refer to themselves
        for (const f of def.fields) {
          const t = f.lattice ? this.latticeRef(f.type) : this.ref(f.type);
          fields.push(t ?? UNKNOWN_TYPE);
        }
        return rec;
      }
    }
  }

  private latticeRef(ref: TypeRef): ColumnType | undefined {
    if (this.registry.lattices.has(ref.name)) return latticeType(ref.name);
    this.diags.push(error('E106', `unknown lattice '${ref.name}'${didYouMean(ref.name, this.registry.lattices.keys())}`, ref.span));
    return undefined;
  }

  /** Resolves a type reference, reporting unknown names. */
  ref(ref: TypeRef): ColumnType | undefined {
    const t = this.resolveName(ref.name);
    if (t) return t;
    if (this.decls.has(ref.name)) return undefined; // already reported
    if (this.registry.lattices.has(ref.name)) {
      this.diags.push(error('E113', `'${ref.name}' is a lattice; declare the column as \`name: <${ref.name}>\``, ref.span));
    } else {
      this.diags.push(error('E102', `unknown type '${ref.name}'${didYouMean(ref.name, [...this.types.keys(), ...this.decls.keys()])}`, ref.span));
    }
    return undefined;
  }

  /** Resolves a lattice column's type. */
  lattice(ref: TypeRef): ColumnType | undefined {
    return this.latticeRef(ref);
  }

  supers(): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const [name, t] of this.types) {
      if (t.kind !== 'primitive') continue;
      const seen = new Set<string>([name]);
      const stack = [name];
      while (stack.length) for (const n of this.edges.get(stack.pop()!) ?? []) if (!seen.has(n)) (seen.add(n), stack.push(n));
      out.set(name, seen);
    }
    return out;
  }
}

function relationColumns(d: RelDecl, tr: TypeResolver, diags: Diagnostic[]): { columns: RelationColumn[]; lattice?: string } {
  const columns: RelationColumn[] = [];
  let lattice: string | undefined;
  const seen = new Map<string, Column>();
  d.columns.forEach((c, i) => {
    const prev = seen.get(c.name);
    if (prev && c.name !== '_') diags.push(error('E114', `column '${c.name}' is declared twice`, c.span, [{ message: 'first declared here', span: prev.span }]));
    seen.set(c.name, c);
    let t: ColumnType | undefined;
    if (c.lattice) {
      t = tr.lattice(c.type);
      if (lattice !== undefined) diags.push(error('E108', `relation '${d.names[0]}' has more than one lattice column`, c.span));
      else if (i !== d.columns.length - 1) diags.push(error('E107', `lattice column '${c.name}' must be the last column`, c.span));
      if (t && lattice === undefined) lattice = c.type.name;
    } else {
      t = tr.ref(c.type);
    }
    columns.push({ name: c.name, type: t ?? UNKNOWN_TYPE });
  });
  return lattice !== undefined ? { columns, lattice } : { columns };
}

function sigOfSpec(params: readonly string[], result: string, generator: boolean, name: string, env: (n: string) => ColumnType | undefined): FunSig {
  return { name, params: params.map(env), result: env(result), generator };
}

function sameType(a: ColumnType | undefined, b: ColumnType | undefined): boolean {
  if (!a || !b) return true;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'primitive' && b.kind === 'primitive') return a.carrier === b.carrier;
  return a.name === b.name;
}

function checkFunctorDecl(f: FunctorDecl, sig: FunSig | undefined, tr: TypeResolver, diags: Diagnostic[]): void {
  if (!sig) {
    diags.push(error('E110', `functor '${f.name}' is declared but not registered`, f.span));
    return;
  }
  if (sig.params.length !== f.params.length) {
    diags.push(error('E111', `functor '${f.name}' is registered with ${sig.params.length} parameter(s), declared with ${f.params.length}`, f.span));
    return;
  }
  f.params.forEach((p, i) => {
    const t = p.lattice ? tr.lattice(p.type) : tr.ref(p.type);
    if (!sameType(t, sig.params[i])) diags.push(error('E111', `parameter '${p.name}' of '${f.name}' is registered as '${sig.params[i]!.name}'`, p.span));
  });
  const r = tr.ref(f.result);
  if (!sameType(r, sig.result)) diags.push(error('E111', `result of '${f.name}' is registered as '${sig.result!.name}'`, f.result.span));
}

/** Qualifiers accepted after `.decl`: Soufflé's (kept, mostly ignored) and bpfdl's `inflationary`. */
export const KNOWN_QUALIFIERS: readonly string[] = [
  'brie', 'btree', 'btree_delete', 'eqrel', 'inline', 'no_inline', 'magic', 'no_magic', 'override',
  'input', 'output', 'printsize', 'inflationary',
];

function checkQualifiers(d: RelDecl, lattice: string | undefined, diags: Diagnostic[]): void {
  for (const q of d.qualifiers) {
    if (!KNOWN_QUALIFIERS.includes(q)) diags.push(error('E115', `unknown qualifier '${q}'${didYouMean(q, KNOWN_QUALIFIERS)}`, d.span));
    else if (q === 'inflationary' && lattice === undefined)
      diags.push(error('E116', `'inflationary' needs a lattice column (\`name: <lattice>\` last)`, d.span));
  }
}

interface MutableRel {
  info: Omit<RelationInfo, 'inputs' | 'outputs' | 'printsize'>;
  inputs: IoSpec[];
  outputs: IoSpec[];
  printsize: boolean;
}

function applyIo(io: IoDirective, rels: Map<string, MutableRel>, diags: Diagnostic[]): void {
  const params = new Map<string, string | number | boolean>(io.params.map((p) => [p.key, p.value]));
  for (const name of io.rels) {
    const r = rels.get(name);
    if (!r) {
      diags.push(error('E109', `.${io.io} of undeclared relation '${name}'${didYouMean(name, rels.keys())}`, io.span));
      continue;
    }
    const spec: IoSpec = { params, span: io.span };
    if (io.io === 'input') r.inputs.push(spec);
    else if (io.io === 'output') r.outputs.push(spec);
    else r.printsize = true;
  }
}

/**
 * Resolves all declarations of a program, appending problems to `diags`.
 *
 * @example
 * const env = resolve(items, registry, diags); env.relations.get('edge')?.columns
 */
export function resolve(items: readonly Item[], registry: Registry, diags: Diagnostic[]): Env {
  const tr = new TypeResolver(items, registry, diags);
  const rels = new Map<string, MutableRel>();
  const order: string[] = [];
  for (const it of items) {
    if (it.kind !== 'decl') continue;
    const cols = relationColumns(it, tr, diags);
    checkQualifiers(it, cols.lattice, diags);
    for (const name of it.names) {
      const prev = rels.get(name);
      if (prev) {
        diags.push(error('E101', `relation '${name}' is already declared`, it.span, [{ message: 'previous declaration', span: prev.info.span }]));
        continue;
      }
      order.push(name);
      const q = (k: string): IoSpec[] => (it.qualifiers.includes(k) ? [{ params: new Map(), span: it.span }] : []);
      const infl = it.qualifiers.includes('inflationary') ? { inflationary: true } : {};
      rels.set(name, {
        info: { name, ...cols, span: it.span, qualifiers: it.qualifiers, ...infl },
        inputs: q('input'),
        outputs: q('output'),
        printsize: it.qualifiers.includes('printsize'),
      });
    }
  }
  for (const it of items) if (it.kind === 'io') applyIo(it, rels, diags);

  const typeOf = (n: string): ColumnType | undefined => tr.types.get(n) ?? (registry.lattices.has(n) ? latticeType(n) : undefined);
  const functors = new Map<string, FunSig>();
  for (const [name, spec] of registry.functors) {
    const sig = sigOfSpec(spec.params, spec.result, spec.generator === true, name, typeOf);
    const mono: unknown = (spec as { readonly monotone?: unknown }).monotone;
    const ok = Array.isArray(mono) && mono.every((i) => Number.isInteger(i));
    functors.set(name, ok ? { ...sig, monotone: mono as number[] } : sig);
  }
  const declared = new Map<string, Span>();
  for (const it of items) {
    if (it.kind !== 'functor') continue;
    const prev = declared.get(it.name);
    if (prev) {
      diags.push(error('E112', `functor '${it.name}' is already declared`, it.span, [{ message: 'previous declaration', span: prev }]));
      continue;
    }
    declared.set(it.name, it.span);
    checkFunctorDecl(it, functors.get(it.name), tr, diags);
  }

  const relations = new Map<string, RelationInfo>();
  for (const name of order) {
    const r = rels.get(name)!;
    relations.set(name, { ...r.info, inputs: r.inputs, outputs: r.outputs, printsize: r.printsize });
  }
  return { types: tr.types, supers: tr.supers(), relations, relationOrder: order, functors, registry };
}
