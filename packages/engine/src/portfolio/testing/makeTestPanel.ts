import type { Panel } from '../../data/Panel.js';

/** Date-major rows: rows[t][i] is the value of symbol i on date t (NaN = missing). */
export type Rows = readonly (readonly number[])[];

export type MakeTestPanelOptions = {
  readonly symbols: readonly string[];
  readonly close: Rows;
  /** Defaults to 1e6 everywhere. */
  readonly volume?: Rows;
  /** Default to the close. */
  readonly open?: Rows;
  readonly high?: Rows;
  readonly low?: Rows;
  readonly marketCap?: Rows;
  /** YYYYMMDD; defaults to consecutive days from 20200101. */
  readonly dates?: readonly number[];
};

/** Tests only: a Panel from small literal arrays (rows of dates, columns of symbols). */
export function makeTestPanel(options: MakeTestPanelOptions): Panel {
  const { symbols, close } = options;
  const nDates = close.length;
  const nSymbols = symbols.length;
  const closeArr = flatten(close, nSymbols, 'close');
  const dates = new Int32Array(nDates);
  for (let t = 0; t < nDates; t++) dates[t] = options.dates?.[t] ?? 20200101 + t;
  return {
    symbols,
    dates,
    nDates,
    nSymbols,
    open: options.open === undefined ? closeArr.slice() : flatten(options.open, nSymbols, 'open'),
    high: options.high === undefined ? closeArr.slice() : flatten(options.high, nSymbols, 'high'),
    low: options.low === undefined ? closeArr.slice() : flatten(options.low, nSymbols, 'low'),
    close: closeArr,
    volume:
      options.volume === undefined
        ? new Float64Array(nDates * nSymbols).fill(1e6)
        : flatten(options.volume, nSymbols, 'volume'),
    marketCap: options.marketCap === undefined ? null : flatten(options.marketCap, nSymbols, 'marketCap'),
  };
}

/** Date-major Float64Array of rows; every row must have `nSymbols` entries. */
export function flatten(rows: Rows, nSymbols: number, what = 'rows'): Float64Array {
  const out = new Float64Array(rows.length * nSymbols);
  rows.forEach((row, t) => {
    if (row.length !== nSymbols) throw new Error(`${what} row ${t} has ${row.length} values, expected ${nSymbols}`);
    out.set(row, t * nSymbols);
  });
  return out;
}

/** Rows of `nDates` copies of `row`. */
export function repeatRow(row: readonly number[], nDates: number): number[][] {
  return Array.from({ length: nDates }, () => [...row]);
}
