import { formatDate } from '@wf/engine';
import type { Panel } from '@wf/engine';

/** How tonight's data differs from the previous run's, symbol by symbol. */
export type DataRevisions = {
  /** Symbols whose values differ on a date both panels have, with the first such date (YYYY-MM-DD), in symbol order. */
  readonly revised: readonly { readonly symbol: string; readonly firstDate: string }[];
  /** Symbols only tonight's panel has, and only the previous one has. */
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** Dates only tonight's panel has (appended days, usually), as YYYY-MM-DD. */
  readonly newDates: number;
  /** Dates of the previous panel missing tonight (a changed calendar). */
  readonly droppedDates: readonly string[];
};

/**
 * Compares two panels cell by cell on the dates and symbols they share (every field, NaN
 * equal to NaN), to name the revised symbols and the first revised date of each: the
 * "data revised from X for symbols ..." cause of the night-over-night report.
 */
export function findDataRevisions(previous: Panel, current: Panel): DataRevisions {
  const currentDate = new Map<number, number>();
  for (let t = 0; t < current.nDates; t++) currentDate.set(current.dates[t] as number, t);
  const currentSymbol = new Map(current.symbols.map((symbol, i) => [symbol, i]));
  const previousSymbols = new Set(previous.symbols);
  const droppedDates: string[] = [];
  const shared: [number, number][] = [];
  for (let t = 0; t < previous.nDates; t++) {
    const date = previous.dates[t] as number;
    const u = currentDate.get(date);
    if (u === undefined) droppedDates.push(formatDate(date));
    else shared.push([t, u]);
  }
  const fields = (panel: Panel): (Float64Array | null)[] => [panel.open, panel.high, panel.low, panel.close, panel.volume, panel.marketCap];
  const before = fields(previous);
  const after = fields(current);
  const revised: { symbol: string; firstDate: string }[] = [];
  previous.symbols.forEach((symbol, i) => {
    const j = currentSymbol.get(symbol);
    if (j === undefined) return;
    for (const [t, u] of shared) {
      for (let f = 0; f < before.length; f++) {
        const a = before[f] ?? null;
        const b = after[f] ?? null;
        if ((a === null) !== (b === null)) {
          revised.push({ symbol, firstDate: formatDate(previous.dates[t] as number) });
          return;
        }
        if (a === null || b === null) continue;
        const x = a[t * previous.nSymbols + i] as number;
        const y = b[u * current.nSymbols + j] as number;
        if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) {
          revised.push({ symbol, firstDate: formatDate(previous.dates[t] as number) });
          return;
        }
      }
    }
  });
  return {
    revised,
    added: current.symbols.filter((symbol) => !previousSymbols.has(symbol)),
    removed: previous.symbols.filter((symbol) => !currentSymbol.has(symbol)),
    newDates: current.nDates - shared.length,
    droppedDates,
  };
}
