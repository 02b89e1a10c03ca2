/**
 * Printer of a CheckedProgram (golden tests, `bpfdl check --print`):
 *
 *     relations
 *       edge(x: number, y: number)  .input
 *       live(i: number, m: <mask>)  key(i)
 *     strata
 *       0 [edge]
 *       1 [path] recursive
 *         path(x, y) :- edge(x, y).        % x: number, y: number
 *     facts
 *       edge(1, 2).
 *     queries
 *       ?- path(1, X).                     % vars X
 *
 * Clauses use the canonical text of lang/print.ts; variable types follow in a comment.
 */
import { printAtom, printLiteral, printTerm } from '../lang/print.js';
import type { CheckedProgram, Clause, ColumnType, RelationInfo } from './checked.js';

/** Name of a column type as written in a declaration. @example showType(prim('number')) // 'number' */
export function showType(t: ColumnType): string {
  return t.kind === 'lattice' ? `<${t.lattice}>` : t.name;
}

function relLine(r: RelationInfo): string {
  const cols = r.columns.map((c) => `${c.name}: ${showType(c.type)}`).join(', ');
  const tags: string[] = [];
  if (r.lattice) tags.push(`key(${r.columns.slice(0, -1).map((c) => c.name).join(', ')})`);
  if (r.inputs.length) tags.push('.input');
  if (r.outputs.length) tags.push('.output');
  if (r.printsize) tags.push('.printsize');
  if (r.inflationary) tags.push('inflationary');
  return `  ${r.name}(${cols})${tags.length ? '  ' + tags.join(' ') : ''}`;
}

/** Canonical text of one clause with its variable types. @example printClause(c) // 'p(x) :- q(x).  % x: number' */
export function printClause(c: Clause): string {
  const text = c.body.length ? `${printAtom(c.head)} :- ${c.body.map(printLiteral).join(', ')}.` : `${printAtom(c.head)}.`;
  const types = [...c.varTypes].map(([n, t]) => `${n}: ${showType(t)}`).join(', ');
  return types ? `${text}  % ${types}` : text;
}

/**
 * Renders a checked program as text (deterministic; one trailing newline).
 *
 * @example
 * printChecked(program).startsWith('relations\n') // true
 */
export function printChecked(p: CheckedProgram): string {
  const out: string[] = ['relations'];
  for (const r of p.relations.values()) out.push(relLine(r));
  out.push('strata');
  for (const s of p.strata) {
    out.push(`  ${s.index} [${s.relations.join(', ')}]${s.recursive ? ' recursive' : ''}`);
    for (const c of s.clauses) out.push(`    ${printClause(c)}`);
  }
  if (p.facts.length) {
    out.push('facts');
    for (const f of p.facts) out.push(`  ${f.rel}(${f.args.map(printTerm).join(', ')}).`);
  }
  if (p.queries.length) {
    out.push('queries');
    for (const q of p.queries) {
      const body = q.body.map((alt) => alt.map(printLiteral).join(', ')).join(' ; ');
      out.push(`  ?- ${body}.  % vars ${q.vars.map((v) => v.name).join(', ') || '-'}`);
    }
  }
  return out.join('\n') + '\n';
}
