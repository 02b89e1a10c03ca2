/**
 * Directives of the BPF assembly text:
 *
 *     .type TYPE                 program type (libbpf name: xdp, sched_cls, socket_filter, ...)
 *     .section NAME              ELF-like section name (also gives the type, the libbpf way)
 *     .name NAME                 program name (default: the main function's label, else the file name)
 *     .map NAME type=T key=K value=V entries=N [flags=F] [readonly]
 *                                a map; T is a BPF_MAP_TYPE_* name in lower case without the
 *                                prefix (hash, array, ringbuf, ...) or a number
 *     .subprog NAME [global]     the next instruction starts subprogram NAME (also a label)
 *
 * Parsing produces a `Directive` value; the assembler applies them.
 */
import type { MapDef } from '../object.js';
import type { Word } from './lexer.js';
import { AsmSyntaxError } from './parse-insn.js';

/** BPF_MAP_TYPE_* numbers of Linux 6.18 (`enum bpf_map_type`), by lower-case short name. */
export const MAP_TYPES: ReadonlyMap<string, number> = new Map([
  ['unspec', 0], ['hash', 1], ['array', 2], ['prog_array', 3], ['perf_event_array', 4],
  ['percpu_hash', 5], ['percpu_array', 6], ['stack_trace', 7], ['cgroup_array', 8],
  ['lru_hash', 9], ['lru_percpu_hash', 10], ['lpm_trie', 11], ['array_of_maps', 12],
  ['hash_of_maps', 13], ['devmap', 14], ['sockmap', 15], ['cpumap', 16], ['xskmap', 17],
  ['sockhash', 18], ['cgroup_storage', 19], ['reuseport_sockarray', 20],
  ['percpu_cgroup_storage', 21], ['queue', 22], ['stack', 23], ['sk_storage', 24],
  ['devmap_hash', 25], ['struct_ops', 26], ['ringbuf', 27], ['inode_storage', 28],
  ['task_storage', 29], ['bloom_filter', 30], ['user_ringbuf', 31], ['cgrp_storage', 32],
  ['arena', 33],
]);

/** A parsed directive. */
export type Directive =
  | { readonly kind: 'type'; readonly value: string; readonly start: number; readonly end: number }
  | { readonly kind: 'section'; readonly value: string; readonly start: number; readonly end: number }
  | { readonly kind: 'name'; readonly value: string; readonly start: number; readonly end: number }
  | { readonly kind: 'map'; readonly map: MapDef; readonly start: number; readonly end: number }
  | { readonly kind: 'subprog'; readonly name: string; readonly global: boolean; readonly start: number; readonly end: number };

const E_DIRECTIVE = 'E705';

function fail(message: string, t: { start: number; end: number }): never {
  throw new AsmSyntaxError(message, t.start, t.end, E_DIRECTIVE);
}

function oneName(rest: readonly Word[], head: Word): { value: string; start: number; end: number } {
  const n = rest[0];
  if (!n) fail(`${head.v} needs a name`, head);
  if (rest.length > 1) fail(`unexpected '${rest[1]!.v}' (${head.v} takes one name)`, rest[1]!);
  return { value: n.v, start: n.start, end: n.end };
}

function ident(w: Word | undefined, head: Word, what: string): Word {
  if (!w) fail(`${head.v} needs ${what}`, head);
  if (!/^[A-Za-z_.$][A-Za-z0-9_.$]*$/.test(w.v)) fail(`'${w.v}' is not a valid ${what}`, w);
  return w;
}

function intArg(v: string, t: { start: number; end: number }, key: string): number {
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(v)) fail(`${key}= needs a number, not '${v}'`, t);
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n > 0xffffffff) fail(`${key}=${v} is out of range`, t);
  return n;
}

/**
 * Parses a directive statement, given as its white-space separated words (the first is the
 * directive's name, e.g. `.map`).
 *
 * @example
 * parseDirective(words('.map m type=hash key=4 value=8 entries=16'))
 * // { kind: 'map', map: { name: 'm', type: 1, keySize: 4, ... } }
 */
export function parseDirective(words: readonly Word[]): Directive {
  const head = words[0]!;
  const rest = words.slice(1);
  const span = { start: head.start, end: rest.length ? rest[rest.length - 1]!.end : head.end };
  switch (head.v) {
    case '.type':
      return { kind: 'type', ...oneName(rest, head) };
    case '.section':
      return { kind: 'section', ...oneName(rest, head) };
    case '.name':
      return { kind: 'name', ...oneName(rest, head) };
    case '.subprog': {
      const n = ident(rest[0], head, 'subprogram name');
      const g = rest[1];
      if (g && g.v !== 'global') fail(`unexpected '${g.v}' (only 'global' may follow)`, g);
      if (rest.length > 2) fail(`unexpected '${rest[2]!.v}'`, rest[2]!);
      return { kind: 'subprog', name: n.v, global: !!g, ...span };
    }
    case '.map': {
      const n = ident(rest[0], head, 'map name');
      const fields = new Map<string, Word>();
      let readonly = false;
      for (const w of rest.slice(1)) {
        if (w.v === 'readonly') {
          readonly = true;
          continue;
        }
        const kv = /^([a-z_]+)=(\S+)$/.exec(w.v);
        if (!kv) fail(`expected key=value, found '${w.v}'`, w);
        if (!['type', 'key', 'value', 'entries', 'flags'].includes(kv[1]!)) fail(`unknown map attribute '${kv[1]}'`, w);
        if (fields.has(kv[1]!)) fail(`duplicate map attribute '${kv[1]}'`, w);
        fields.set(kv[1]!, { v: kv[2]!, start: w.start, end: w.end });
      }
      const need = (k: string): Word => fields.get(k) ?? fail(`.map ${n.v} needs ${k}=`, span);
      const t = need('type');
      const tname = t.v.toLowerCase().replace(/^bpf_map_type_/, '');
      const type = MAP_TYPES.get(tname) ?? (/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(t.v) ? intArg(t.v, t, 'type') : undefined);
      if (type === undefined) fail(`unknown map type '${t.v}'`, t);
      const num = (k: string, dflt?: number): number => {
        const f = fields.get(k);
        if (!f) return dflt ?? intArg('', need(k), k);
        return intArg(f.v, f, k);
      };
      const map: MapDef = {
        name: n.v, type, keySize: num('key'), valueSize: num('value'), maxEntries: num('entries'),
        flags: num('flags', 0), origin: 'btf', section: '.maps', readonly,
      };
      return { kind: 'map', map, ...span };
    }
    default:
      return fail(`unknown directive '${head.v}'`, head);
  }
}
