/**
 * Slot-mask text (spec liveness.md §7.1, kernel `fmt_spis_mask`). Walk spi s = 0..63:
 *
 *     neither half      -> nothing
 *     one half          -> fp<F><off>h, off = -8(s+1)+4 if only lo (bit 2s), -8(s+1) if only hi
 *     both, and spis s+1, s+2 full (s+2 <= 63) -> a run, extended while the next spi is full:
 *                          fp<F><-8(start+1)>..<-8(end+1)>      e.g. fp0-8..-512
 *     both otherwise    -> fp<F><-8(s+1)>
 *
 * Items are separated by a space; the first item gets a leading space unless `first`.
 * The kernel formats into a 320-byte buffer, so one frame's text is cut at 319 characters.
 */
import type { Mask } from '../../eval/lattices/mask-value.js';

/** Kernel text buffer size minus the terminating NUL. */
export const SLOT_MASK_TEXT_MAX = 319;

/**
 * Formats one frame's half-slot mask.
 *
 * @example
 * fmtSlotMask(0, Mask.of(0, 1, 3))      // 'fp0-8 fp0-16h'
 * fmtSlotMask(1, Mask.range(0, 127))    // 'fp1-8..-512'
 */
export function fmtSlotMask(frame: number, mask: Mask, first = true): string {
  const full = (s: number): boolean => mask.has(2 * s) && mask.has(2 * s + 1);
  let out = '';
  let isFirst = first;
  for (let s = 0; s < 64; s++) {
    const lo = mask.has(2 * s), hi = mask.has(2 * s + 1);
    if (!lo && !hi) continue;
    const space = isFirst ? '' : ' ';
    if (!lo || !hi) {
      out += `${space}fp${frame}${-8 * (s + 1) + (lo ? 4 : 0)}h`;
    } else if (s + 2 < 64 && full(s + 1) && full(s + 2)) {
      const start = s;
      while (s + 1 < 64 && full(s + 1)) s++;
      out += `${space}fp${frame}${-8 * (start + 1)}..${-8 * (s + 1)}`;
    } else {
      out += `${space}fp${frame}${-8 * (s + 1)}`;
    }
    isFirst = false;
  }
  return out.slice(0, SLOT_MASK_TEXT_MAX);
}
