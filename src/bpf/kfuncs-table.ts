/**
 * The built-in kfunc table of the oracle kernel (kfuncs-data.ts, generated), decoded once and
 * looked up by name.
 */
import { KFUNC_ROWS } from './kfuncs-data.js';
import { type KfuncMeta, parseKfuncRow } from './kfuncs.js';

let table: ReadonlyMap<string, KfuncMeta> | undefined;

/**
 * The built-in metadata of a kfunc of the oracle kernel (kfuncs-data.ts), by name; undefined
 * for a name the table does not know (its accesses stay UNKNOWN).
 *
 * @example
 * kfuncMeta('bpf_iter_num_new')?.params.length // 3
 */
export function kfuncMeta(name: string): KfuncMeta | undefined {
  if (table === undefined) {
    const m = new Map<string, KfuncMeta>();
    for (const row of KFUNC_ROWS) {
      const meta = parseKfuncRow(row);
      if (meta === undefined) throw new Error(`kfuncs-data.ts: malformed row ${JSON.stringify(row)}`);
      m.set(meta.name, meta);
    }
    table = m;
  }
  return table.get(name);
}
