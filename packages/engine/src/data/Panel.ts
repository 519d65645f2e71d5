/**
 * The market data panel of PROTOCOL section 1: T calendar dates x N symbols.
 *
 * Every field is date-major: the cell of calendar position `t` and symbol index `i`
 * lives at `t * nSymbols + i`. A missing row or empty field is NaN. Symbols are sorted
 * by code-point order, so "ties by symbol" means "ties by symbol index".
 */
export type Panel = {
  readonly symbols: readonly string[];
  /** Calendar dates as YYYYMMDD integers, strictly ascending, length nDates. */
  readonly dates: Int32Array;
  readonly nDates: number;
  readonly nSymbols: number;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /** Market caps when a market-cap folder was given, else null. */
  readonly marketCap: Float64Array | null;
};

/** A panel from its symbols, calendar and fields in PRICE_COLUMNS order (open, high, low, close, volume), plus market caps or null. */
export function panelOf(symbols: readonly string[], dates: Int32Array, fields: readonly Float64Array[], marketCap: Float64Array | null): Panel {
  return {
    symbols,
    dates,
    nDates: dates.length,
    nSymbols: symbols.length,
    open: fields[0]!,
    high: fields[1]!,
    low: fields[2]!,
    close: fields[3]!,
    volume: fields[4]!,
    marketCap,
  };
}
