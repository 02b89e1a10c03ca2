/**
 * Plan printer (`bpfdl explain-plan rules.dl`). One block per stratum, one per clause, one
 * per version, one line per operation, in join order; then the indexes per relation.
 *
 *     stratum 1 [tc] recursive
 *       clause 1: tc(x, z) :- e(x, y), tc(y, z).
 *         delta tc@1:
 *           scan Δtc(y, z)
 *           lookup e(x, y) on [1] full
 *           insert tc(x, z)
 *     indexes
 *       e: [1]
 */
import type { Atom, Literal, Term } from '../lang/ast.js';
import type { CLiteral } from '../check/checked.js';
import type { Op, Plan, RuleVersion } from './plan.js';

/** Prints a term in rule syntax. */
export function showTerm(t: Term): string {
  switch (t.kind) {
    case 'var': return t.name;
    case 'anon': return '_';
    case 'num': return (t.radix === 16 ? '0x' + t.value.toString(16) : t.radix === 2 ? '0b' + t.value.toString(2) : String(t.value)) + (t.unsigned ? 'u' : '');
    case 'str': return JSON.stringify(t.value);
    case 'nil': return 'nil';
    case 'binop': return /^[a-z]/.test(t.op) ? `(${showTerm(t.left)} ${t.op} ${showTerm(t.right)})` : `(${showTerm(t.left)}${t.op}${showTerm(t.right)})`;
    case 'unop': return t.op === '-' ? `-${showTerm(t.arg)}` : `${t.op}(${showTerm(t.arg)})`;
    case 'call': return `${t.at ? '@' : ''}${t.name}(${t.args.map(showTerm).join(', ')})`;
    case 'record': return `[${t.args.map(showTerm).join(', ')}]`;
    case 'aggregate': return `${t.fn}${t.target ? ' ' + showTerm(t.target) : ''} : { ${t.body.map(showLiteral).join(', ')} }`;
  }
}

/** Prints an atom. */
export function showAtom(a: Atom): string {
  return `${a.rel}(${a.args.map(showTerm).join(', ')})`;
}

/** Prints a body literal. */
export function showLiteral(l: Literal | CLiteral): string {
  switch (l.kind) {
    case 'atom': return showAtom(l);
    case 'neg': return '!' + showAtom(l.atom);
    case 'cmp': return `${showTerm(l.left)} ${l.op} ${showTerm(l.right)}`;
    case 'gen': return `${l.target.name} in ${showTerm(l.call)}`;
    case 'bool': return l.value ? 'true' : 'false';
    case 'group': return '(' + l.body.alts.map((a) => a.map(showLiteral).join(', ')).join('; ') + ')';
  }
}

function showOp(op: Op, indent: string, out: string[]): void {
  switch (op.kind) {
    case 'scan': {
      const src = op.source === 'delta' ? 'Δ' : '';
      const how = op.bound.length === 0 ? 'scan' : 'lookup';
      const on = op.bound.length === 0 ? '' : ` on [${op.bound.join(',')}]`;
      const tag = op.source === 'delta' ? '' : ` ${op.source}`;
      out.push(`${indent}${how} ${src}${showAtom(op.atom)}${on}${tag}`);
      break;
    }
    case 'neg': out.push(`${indent}not ${showAtom(op.atom)}${op.bound.length ? ` on [${op.bound.join(',')}]` : ''}`); break;
    case 'filter': out.push(`${indent}filter ${showLiteral(op.cmp)}`); break;
    case 'bind': out.push(`${indent}bind ${showTerm(op.pattern)} = ${showTerm(op.expr)}`); break;
    case 'gen': out.push(`${indent}for ${op.gen.target.name} in ${showTerm(op.gen.call)}`); break;
    case 'agg': {
      out.push(`${indent}aggregate ${showTerm(op.result)} = ${op.agg.fn}${op.agg.target ? ' ' + showTerm(op.agg.target) : ''} over`);
      for (const o of op.body) showOp(o, indent + '  ', out);
      break;
    }
  }
}

function showVersion(v: RuleVersion, indent: string, out: string[]): void {
  out.push(`${indent}${v.label}:`);
  for (const op of v.ops) showOp(op, indent + '  ', out);
  out.push(`${indent}  insert ${showAtom(v.head)}`);
}

/**
 * Renders a plan as text.
 *
 * @example
 * printPlan(plan(checked, registry)).split('\n')[0] // 'stratum 0 [e]'
 */
export function printPlan(p: Plan): string {
  const out: string[] = [];
  for (const s of p.strata) {
    out.push(`stratum ${s.index} [${s.relations.join(', ')}]${s.recursive ? ' recursive' : ''}`);
    for (const c of s.clauses) {
      const cl = c.clause;
      const body = cl.body.length ? ' :- ' + cl.body.map(showLiteral).join(', ') : '';
      out.push(`  clause ${c.id} (rule ${cl.ruleIndex}): ${showAtom(cl.head)}${body}.`);
      if (c.rerunFull) out.push('    (aggregate over the stratum: full version rerun every iteration)');
      showVersion(c.full, '    ', out);
      for (const v of c.deltas.values()) showVersion(v, '    ', out);
    }
  }
  const idx = [...p.relations.values()].filter((r) => r.indexes.length > 0);
  if (idx.length > 0) {
    out.push('indexes');
    for (const r of idx) out.push(`  ${r.info.name}: ${r.indexes.map((c) => `[${c.join(',')}]`).join(' ')}`);
  }
  return out.join('\n') + '\n';
}
