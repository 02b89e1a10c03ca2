/**
 * Helpers for the selftest catalogue (test/fixtures/catalogue): assemble a `.s` file and get
 * the kernel disassembly text per instruction index, and read the expectation files.
 * Run as a script to print a listing: `npx tsx test/analysis/catalogue-util.ts <file.s>`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { assemble } from '../../src/bpf/asm/assemble.js';
import { decodeRaw } from '../../src/bpf/decode.js';
import { disasmInsn } from '../../src/bpf/disasm.js';

/** Folder of the catalogue. */
export const catalogueDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/catalogue');

/** One expected use/def annotation (spec §7.2) of an instance. */
export interface ExpectLine {
  readonly insn: number;
  /** §7.1 list text of may_read over frames depth..0 ('' = none). */
  readonly use?: string;
  /** §7.1 list text of must_write ('' = none). */
  readonly def?: string;
  /** The exact §7.2 line. */
  readonly line: string;
}

/** Expectations of one catalogue program. */
export interface CatalogueExpect {
  readonly name: string;
  readonly theme: string;
  readonly description: string;
  /** Kernel verdict: 'accept' or the expected reject message fragment. */
  readonly verdict: 'accept' | { readonly reject: string };
  /** Log lines the kernel must print (e.g. `6: safe`). */
  readonly messages?: readonly string[];
  /** Per instance (subprog, depth, callsite): the annotated lines given by the catalogue. */
  readonly instances?: readonly {
    readonly subprog: number; readonly depth: number; readonly callsite: number;
    readonly lines: readonly ExpectLine[];
  }[];
  /** Arg-tracking expectations: exact post-convergence dump lines or trace lines. */
  readonly argTrack?: readonly { readonly subprog: number; readonly depth: number; readonly kind: 'dump' | 'transfer'; readonly line: string }[];
  /** Exact `Live regs before insn:` rows. */
  readonly liveRegs?: readonly string[];
  /** Capabilities needed beyond the program text (e.g. 'kfunc-metadata'). */
  readonly requires?: readonly string[];
  /** Why bpfdl's lattice intentionally gives a different result than the kernel here. */
  readonly divergence?: string;
}

/** Assembled program: subprogram starts and the kernel text per slot (undefined for ld_imm64 halves). */
export interface Listing {
  readonly subprogs: readonly { readonly start: number; readonly name: string }[];
  readonly text: readonly (string | undefined)[];
  readonly type: string;
}

/**
 * Assembles a catalogue file; throws with the diagnostics on failure.
 *
 * @example
 * listing('simple_read_simple_write.s').text[0] // '(7a) *(u64 *)(r10 -8) = 0'
 */
export function listing(file: string): Listing {
  const full = path.isAbsolute(file) ? file : path.join(catalogueDir, file);
  const r = assemble(path.basename(full), fs.readFileSync(full, 'utf8'));
  if (E.isLeft(r)) throw new Error(r.left.map((d) => `${d.span?.line ?? '?'}: ${d.message}`).join('\n'));
  const d = decodeRaw(r.right.bytes);
  const text: (string | undefined)[] = [];
  for (let i = 0; i < d.length; i++) text.push(d.insns.has(i) ? disasmInsn(d.insns.at(i)!) : undefined);
  return { subprogs: r.right.subprogs.map((s) => ({ start: s.start, name: s.name })), text, type: r.right.type };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const l = listing(path.resolve(process.argv[2]!));
  console.log(`type ${l.type}; subprogs ${l.subprogs.map((s) => `${s.name}@${s.start}`).join(' ')}`);
  l.text.forEach((t, i) => { if (t !== undefined) console.log(`${String(i).padStart(3)}: ${t}`); });
}
