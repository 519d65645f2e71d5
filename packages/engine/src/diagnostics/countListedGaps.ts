import type { Panel } from '../data/Panel.js';
import type { ListedLives } from './listedLives.js';

/** Symbol-day counts of one test segment for oos_gap_frac (PROTOCOL section 8b). */
export type ListedGapCounts = {
  /** Symbol-days inside a listed life over the segment's signal dates. */
  readonly listedDays: number;
  /** Of those, the symbol-days without a valid close (finite and > 0). */
  readonly gapDays: number;
};

export type CountListedGapsOptions = {
  readonly panel: Panel;
  readonly lives: ListedLives;
  /** First and last realized day of the test segment; the signal dates are start-1..end-1. */
  readonly start: number;
  readonly end: number;
};

/**
 * Counts, over a segment's signal dates d-1 (as in the universe audit), the symbol-days
 * inside a listed life and those of them without a valid close: the numerator and
 * denominator of oos_gap_frac contributed by one window (PROTOCOL section 8b).
 */
export function countListedGaps(options: CountListedGapsOptions): ListedGapCounts {
  const { panel, lives, start, end } = options;
  const { nSymbols, close } = panel;
  let listedDays = 0;
  let gapDays = 0;
  for (let t = start - 1; t <= end - 1; t++) {
    const row = t * nSymbols;
    for (let i = 0; i < nSymbols; i++) {
      if (t < (lives.first[i] as number) || t > (lives.last[i] as number)) continue;
      listedDays++;
      const c = close[row + i] as number;
      if (!(Number.isFinite(c) && c > 0)) gapDays++;
    }
  }
  return { listedDays, gapDays };
}

/** oos_gap_frac from the per-window counts: sum of gaps / sum of listed days; 0 when nothing is listed. */
export function oosGapFrac(windows: readonly ListedGapCounts[]): number {
  let listed = 0;
  let gaps = 0;
  for (const w of windows) {
    listed += w.listedDays;
    gaps += w.gapDays;
  }
  return listed === 0 ? 0 : gaps / listed;
}
