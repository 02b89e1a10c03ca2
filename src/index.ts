/**
 * bpfdl's public API (re-exports only). Compile rule text, run it over facts, read the
 * relations:
 *
 *     const program = compile(text);                     // Either<Diagnostic[], Program>
 *     const db = program.right.run({ edge: [[1, 2]] });  // Either<Diagnostic[], Database>
 *     db.right.relation<[number, number]>('path').rows();
 *
 * See docs/api.md. Every item below is documented where it is defined.
 */
export {
  compile, compileFile, registryWith, factDir, formatStats, sourcesOf, Program, Database,
  type CompileOptions, type RegistryOptions, type Facts, type FactDir, type RelationHandle, type Answers, type RunOptions,
} from './pipeline.js';
export { formatDiagnostic, type Diagnostic, type Severity } from './base/diagnostic.js';
export type { Span } from './base/span.js';
export type { Lattice, FunctorSpec } from './base/lattice.js';
export {
  Mask, maskLattice, maskMeetLattice, maxLattice, minLattice, isetLattice, isetOf, boolLattice, builtinLattices,
  checkLatticeLaws, type ISet, type LawViolation,
  builtinFunctors,
} from './pipeline.js';
export {
  analyzeFile, liveOfFile, kernelLog, jsonRecord, Analysis,
  type AnalyzeOptions, type InstanceKey, type LiveOptions, type LiveRecord,
} from './pipeline.js';
