/**
 * Printers for the CFG: a line-oriented text form (golden tests, `bpfdl cfg --format text`) and
 * Graphviz DOT (one cluster per subprogram; fall-through edges solid, jump targets bold,
 * call edges dashed to the callee's entry).
 *
 * Text form:
 *
 *     cfg t.o: section 'xdp': program 'f': 5 slots, 1 subprograms
 *     subprog 0 'f' [0, 5) global
 *       postorder: 4 3 2 1 0
 *       0 (b7): -> 1
 *       2 (15) loop 1: -> 3 5
 */
import { formatWhere } from '../base/diagnostic.js';
import type { Cfg } from './cfg.js';
import { flowKind } from './cfg-kind.js';
import type { Insn } from './insn.js';

/** How to show one instruction (default: its opcode byte in hex). */
export type InsnShow = (insn: Insn) => string;

const hex = (insn: Insn): string => `(${insn.code.toString(16).padStart(2, '0')})`;

/**
 * Renders the CFG as text.
 *
 * @example
 * printCfg(cfg) // "cfg t.o: ...\nsubprog 0 'f' [0, 3) global\n  postorder: 2 1 0\n..."
 */
export function printCfg(cfg: Cfg, show: InsnShow = hex): string {
  const out = [`cfg ${formatWhere(cfg.where)}: ${cfg.prog.length} slots, ${cfg.subprogs.length} subprograms`];
  for (const s of cfg.subprogs) {
    out.push(`subprog ${s.index} '${s.name}' [${s.start}, ${s.end})${s.global ? ' global' : ''}`);
    out.push(`  postorder: ${cfg.postorder.slice(cfg.postorderStart[s.index], cfg.postorderStart[s.index + 1]).join(' ')}`);
    for (let i = s.start; i < s.end; i++) {
      const insn = cfg.prog.insns.at(i);
      if (insn === undefined) continue;
      const loop = cfg.scc[i] ? ` loop ${cfg.scc[i]}` : '';
      const k = flowKind(insn);
      const call = k.kind === 'call' && k.target !== undefined ? ` call ${k.target}` : k.kind === 'next' && k.funcRef !== undefined ? ` func ${k.funcRef}` : '';
      const succ = cfg.succ.of(i);
      out.push(`  ${i}${loop}: ${show(insn)}  ${succ.length ? `-> ${succ.join(' ')}` : '(no successor)'}${call}`);
    }
  }
  return out.join('\n') + '\n';
}

const esc = (s: string): string => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/**
 * Renders the CFG as Graphviz DOT.
 *
 * @example
 * cfgToDot(cfg) // 'digraph cfg {\n  subgraph cluster_0 { ... } ... }'
 */
export function cfgToDot(cfg: Cfg, show: InsnShow = hex): string {
  const out = ['digraph cfg {', `  label="${esc(`${cfg.where.program ?? ''}`)}";`, '  node [shape=box, fontname="monospace"];'];
  const edges: string[] = [];
  for (const s of cfg.subprogs) {
    out.push(`  subgraph cluster_${s.index} {`, `    label="${esc(`${s.name} [${s.start}, ${s.end})`)}";`);
    for (let i = s.start; i < s.end; i++) {
      const insn = cfg.prog.insns.at(i);
      if (insn === undefined) continue;
      const loop = cfg.scc[i] ? `, style=filled, fillcolor="#ffeecc"` : '';
      out.push(`    n${i} [label="${esc(`${i}: ${show(insn)}`)}"${loop}];`);
      const k = flowKind(insn);
      cfg.succ.of(i).forEach((j, order) => {
        const jump = (k.kind === 'cond' && order === 1) || k.kind === 'ja';
        edges.push(`  n${i} -> n${j}${jump ? ' [style=bold]' : ''};`);
      });
      if (k.kind === 'call' && k.target !== undefined) edges.push(`  n${i} -> n${k.target} [style=dashed];`);
      if (k.kind === 'next' && k.funcRef !== undefined) edges.push(`  n${i} -> n${k.funcRef} [style=dotted];`);
    }
    out.push('  }');
  }
  return [...out, ...edges, '}'].join('\n') + '\n';
}
