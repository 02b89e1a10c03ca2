/**
 * Evaluation statistics: iterations per stratum, tuples per relation, and per rule version
 * the number of runs and the time spent (milliseconds, measured only when requested).
 */
import type { Plan } from '../plan/plan.js';
import { showAtom } from '../plan/print.js';

/** Counters of one rule version. */
export interface VersionStats {
  readonly clause: number;
  readonly rule: number;
  readonly version: string;
  readonly text: string;
  runs: number;
  ms: number;
}

/** All statistics of a database. */
export interface EvalStats {
  /** Iterations per stratum index (summed over runs). */
  readonly iterations: number[];
  readonly tuples: Map<string, number>;
  /** Keyed by `${clauseId}/${versionLabel}`. */
  readonly versions: Map<string, VersionStats>;
}

/** Fresh zeroed statistics for a plan. */
export function emptyStats(plan: Plan): EvalStats {
  return { iterations: plan.strata.map(() => 0), tuples: new Map(), versions: new Map() };
}

/** The counters of a version, created on first use. */
export function versionStats(s: EvalStats, clause: number, rule: number, version: string, head: Parameters<typeof showAtom>[0]): VersionStats {
  const key = `${clause}/${version}`;
  let v = s.versions.get(key);
  if (!v) {
    v = { clause, rule, version, text: showAtom(head), runs: 0, ms: 0 };
    s.versions.set(key, v);
  }
  return v;
}

/**
 * Renders statistics as a table (slowest versions first).
 *
 * @example
 * printStats(db.stats())
 */
export function printStats(s: EvalStats): string {
  const out: string[] = [];
  out.push('iterations per stratum: ' + s.iterations.map((n, i) => `${i}:${n}`).join(' '));
  out.push('tuples:');
  for (const [k, n] of [...s.tuples].sort((a, b) => a[0].localeCompare(b[0]))) out.push(`  ${k} ${n}`);
  const perRule = new Map<number, { ms: number; runs: number; text: string }>();
  for (const v of s.versions.values()) {
    const r = perRule.get(v.rule) ?? { ms: 0, runs: 0, text: v.text };
    r.ms += v.ms;
    r.runs += v.runs;
    perRule.set(v.rule, r);
  }
  out.push('rules (ms, runs):');
  for (const [rule, r] of [...perRule].sort((a, b) => b[1].ms - a[1].ms)) out.push(`  ${r.ms.toFixed(1).padStart(9)} ${String(r.runs).padStart(6)}  rule ${rule} ${r.text}`);
  out.push('rule versions (ms, runs):');
  for (const v of [...s.versions.values()].sort((a, b) => b.ms - a.ms)) {
    out.push(`  ${v.ms.toFixed(1).padStart(9)} ${String(v.runs).padStart(6)}  clause ${v.clause} (rule ${v.rule}) ${v.text} [${v.version}]`);
  }
  return out.join('\n') + '\n';
}
