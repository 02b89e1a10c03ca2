/**
 * Kernel-format log writers for the liveness results (spec liveness.md §7): pure functions
 * from typed results (../results.ts) and the per-insn disassembly text to log lines.
 */
export { insnLine, alignment, annotate, opcodeOf } from './line.js';
export { fmtSlotMask, SLOT_MASK_TEXT_MAX } from './slot-mask.js';
export { formatStackUseDef, useDefLine, instanceHeader, maskList } from './stack-use-def.js';
export { analyzingLine, transferLine, joinLine, dumpSuffix, formatArgTrackDump } from './arg-track.js';
export { formatLiveRegs, liveRegsRow } from './live-regs.js';
