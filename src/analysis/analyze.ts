/**
 * `analyze`: one BPF program → argument tracking, stack liveness and register liveness,
 * computed by the rules in rules/ (see their headers for the theory of operation):
 *
 *   program ─facts→ Edb ─runAnalysis (rules + roots)→ Database ─readResults→ Analysis
 *
 * `Analysis` answers the typed queries the CLI, the REPL and the verifier need.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Diagnostic } from '../base/diagnostic.js';
import type { Cfg } from '../bpf/cfg.js';
import { programFactTables, programFacts } from '../bpf/facts.js';
import type { DecodedProgram } from '../bpf/insn.js';
import type { LoadedProgram } from '../bpf/object.js';
import type { Database } from '../eval/database.js';
import { Mask } from '../eval/lattices/mask-value.js';
import type { ArgVal } from './argtrack-value.js';
import { factsRead, runAnalysis, type DriverOptions, type ProgramFacts } from './driver.js';
import { stackSlotAlive, type LivenessTables } from './query.js';
import { readResults } from './read-results.js';
import type { ArgTrackInState, InstanceResult, LivenessResults } from './results.js';
import { analysisRules } from './rules.js';

/** A loaded, decoded program with its CFG (what `inspectProgram` returns). */
export interface ProgramInput {
  readonly prog: LoadedProgram;
  readonly decoded: DecodedProgram;
  readonly cfg: Cfg;
  /** kfunc parameter counts from the object's own BTF (`inspectProgram` fills it). */
  readonly kfuncParams?: ReadonlyMap<string, number>;
}

/** Options of `analyze`. */
export interface AnalyzeOptions extends DriverOptions {
  /** Extra user rules evaluated together with the analyses. */
  readonly extraRules?: string;
}

/** Identifies a function instance: [callsite, depth]. */
export interface InstanceKey {
  readonly callsite: number;
  readonly depth: number;
}

/**
 * The results of the analyses for one program: register liveness, use/def/live half-slots per
 * function instance and frame, argument-tracking values, and the pruning query.
 *
 * @example
 * const a = analyzeFile('examples/bpf/callee_reads_caller.s');  // Either<Diagnostic[], Analysis>
 * a.right.use({ callsite: 0, depth: 0 }, 0, 6).members()        // [2, 3]: the call reads fp-16
 * a.right.stackSlotAlive([6], 11, 0, 0)                          // true: main reads fp-8 after the call
 */
export class Analysis implements LivenessTables {
  private readonly byKey = new Map<string, InstanceResult>();
  private readonly callbackCalls: Set<number>;

  constructor(
    /** The program analysed. */
    readonly input: ProgramInput,
    /** The call insns that take a callback (facts `calls_callback`). */
    callbackCalls: Iterable<number>,
    /**
     * The evaluated rules: every derived relation can be queried, and every input relation
     * some rule reads (the others are not loaded; `facts` has all of them).
     */
    readonly db: Database,
    /** Typed results (for the log writers). */
    readonly results: LivenessResults,
    /** Granularity the stack liveness was computed at. */
    readonly granularity: 4 | 8,
  ) {
    for (const i of results.stack.instances) this.byKey.set(`${i.callsite},${i.depth}`, i);
    this.callbackCalls = new Set(callbackCalls);
  }

  /**
   * The input facts given to the rules. They are recomputed from the program on first use
   * rather than kept: on a large program the rows are most of the heap (a million-insn
   * program has ~7 M row arrays), and only the REPL asks for them.
   */
  get facts(): ProgramFacts {
    this.factsCache ??= programFacts(this.input.prog, this.input.decoded, this.input.cfg, this.input.kfuncParams ? { kfuncParams: this.input.kfuncParams } : {});
    return this.factsCache;
  }
  private factsCache: ProgramFacts | undefined;

  /** Bitmask of r0..r9 live before `insn` (the kernel's `Live regs before insn`). */
  liveRegs(insn: number): number {
    return this.results.regs.liveRegs[insn] ?? 0;
  }

  /** All function instances, sorted by callsite then depth. */
  instances(): readonly InstanceResult[] {
    return this.results.stack.instances;
  }

  /** The instance [callsite, depth], if it exists. */
  instance(key: InstanceKey): InstanceResult | undefined {
    return this.byKey.get(`${key.callsite},${key.depth}`);
  }

  private masks(key: InstanceKey, frame: number, insn: number) {
    return this.instance(key)?.frames[frame]?.get(insn);
  }

  /** may_read ("use") half-slots of `frame` at `insn` in the instance. */
  use(key: InstanceKey, frame: number, insn: number): Mask {
    return this.masks(key, frame, insn)?.use ?? Mask.EMPTY;
  }

  /** must_write ("def") half-slots of `frame` at `insn` in the instance. */
  def(key: InstanceKey, frame: number, insn: number): Mask {
    return this.masks(key, frame, insn)?.def ?? Mask.EMPTY;
  }

  /** Half-slots of `frame` live before `insn` in the instance (live_before). */
  liveBefore(key: InstanceKey, frame: number, insn: number): Mask {
    return this.masks(key, frame, insn)?.liveBefore ?? Mask.EMPTY;
  }

  /** `liveBefore` under its earlier name. */
  liveBeforeMask(key: InstanceKey, frame: number, insn: number): Mask {
    return this.liveBefore(key, frame, insn);
  }

  /** Argument-tracking in-state (r0..r10 and 64 spill slots) at `insn` in the instance. */
  argState(key: InstanceKey, insn: number): ArgTrackInState | undefined {
    return this.results.argTracking.find((a) => a.callsite === key.callsite && a.depth === key.depth)?.inStates.get(insn);
  }

  /** Argument-tracking value of register `reg` at `insn` in the instance. */
  argValue(key: InstanceKey, insn: number, reg: number): ArgVal | undefined {
    return this.argState(key, insn)?.regs[reg];
  }

  /**
   * The pruning query of spec §6.4: may half-slot `halfSlot` of `frame` still be read in a
   * verifier state at `insn` whose frames were created by the call insns `callsites`?
   */
  stackSlotAlive(callsites: readonly number[], insn: number, frame: number, halfSlot: number): boolean {
    return stackSlotAlive(this, callsites, insn, frame, halfSlot);
  }

  // ---- LivenessTables
  /** @internal */
  subprogStart(insn: number): number {
    const s = this.input.cfg.subprogOf[insn];
    return s === undefined ? 0 : this.input.cfg.subprogs[s]!.start;
  }
  /** @internal */
  hasInstance(callsite: number, depth: number): boolean {
    return this.byKey.has(`${callsite},${depth}`);
  }
  /** @internal */
  liveBeforeAt(callsite: number, depth: number, frame: number, insn: number): Mask | undefined {
    return this.masks({ callsite, depth }, frame, insn)?.liveBefore;
  }
  /** @internal */
  callsCallback(insn: number): boolean {
    return this.callbackCalls.has(insn);
  }
}

/**
 * Runs argument tracking, stack liveness and register liveness on one program.
 *
 * @example
 * pipe(inspectFile('prog.o', 'xdp_prog'), E.chain((p) => analyze(p))) // right(analysis)
 */
export function analyze(input: ProgramInput, options: AnalyzeOptions = {}): E.Either<Diagnostic[], Analysis> {
  const where = { object: input.prog.object, section: input.prog.section, program: input.prog.name };
  const granularity = options.granularity ?? 4;
  return pipe(
    analysisRules(options.extraRules),                                       // rules/*.dl → Plan
    E.chain((rules) => {
      // only the fact relations the rules (and the driver) read
      const facts = programFactTables(input.prog, input.decoded, input.cfg, { only: factsRead(rules), ...(input.kfuncParams ? { kfuncParams: input.kfuncParams } : {}) });
      const callbackCalls = [...(facts.get('calls_callback')?.column(0) ?? [])];
      return pipe(
        runAnalysis(rules, facts, where, { granularity, ...(options.stats !== undefined ? { stats: options.stats } : {}) }), // → Database (consumes facts)
        E.map((db) => new Analysis(input, callbackCalls, db, readResults(db, input.cfg), granularity)), // → Analysis
      );
    }),
  );
}
