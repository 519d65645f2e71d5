import type { Panel } from '../data/Panel.js';

/**
 * Each symbol's listed life of PROTOCOL section 8b: the calendar positions of its first and
 * last valid close (finite and > 0) in the whole panel, both ends included. A symbol never
 * valid has `first` = -1 and `last` = -2 (an empty life).
 */
export type ListedLives = {
  readonly first: Int32Array;
  readonly last: Int32Array;
};

/** The listed life of every symbol of `panel` (one pass over the closes). */
export function listedLives(panel: Panel): ListedLives {
  const { nDates, nSymbols, close } = panel;
  const first = new Int32Array(nSymbols).fill(-1);
  const last = new Int32Array(nSymbols).fill(-2);
  for (let t = 0; t < nDates; t++) {
    const row = t * nSymbols;
    for (let i = 0; i < nSymbols; i++) {
      const c = close[row + i] as number;
      if (Number.isFinite(c) && c > 0) {
        if ((first[i] as number) < 0) first[i] = t;
        last[i] = t;
      }
    }
  }
  return { first, last };
}
