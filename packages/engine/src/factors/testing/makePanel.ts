import type { Panel } from '../../data/Panel.js';
import type { FactorDefinition, FactorInputs, FactorParams } from '../FactorDefinition.js';

/** One series per symbol, all of the same length (dates); NaN marks a missing value. */
export type SeriesBySymbol = Readonly<Record<string, readonly number[]>>;

export type MakePanelOptions = {
  readonly close: SeriesBySymbol;
  /** Defaults to the close. */
  readonly open?: SeriesBySymbol;
  /** Defaults to the close. */
  readonly high?: SeriesBySymbol;
  /** Defaults to the close. */
  readonly low?: SeriesBySymbol;
  /** Defaults to 1000 shares every day. */
  readonly volume?: SeriesBySymbol;
  /** First calendar date as YYYYMMDD (default 20200101); later dates follow day by day. */
  readonly firstDate?: number;
};

/**
 * Test helper: a date-major Panel from per-symbol arrays (symbols sorted by code point,
 * which equals UTF-16 order for the ASCII symbols tests use).
 */
export function makePanel(options: MakePanelOptions): Panel {
  const symbols = Object.keys(options.close).sort();
  const nSymbols = symbols.length;
  const nDates = nSymbols === 0 ? 0 : options.close[symbols[0]!]!.length;
  const field = (source: SeriesBySymbol | undefined, fallback: number | null): Float64Array => {
    const values = new Float64Array(nDates * nSymbols);
    symbols.forEach((symbol, i) => {
      const series = source?.[symbol] ?? (fallback === null ? options.close[symbol]! : undefined);
      if (series !== undefined && series.length !== nDates) {
        throw new RangeError(`series of ${symbol} has ${series.length} values, expected ${nDates}`);
      }
      for (let t = 0; t < nDates; t++) values[t * nSymbols + i] = series === undefined ? fallback! : series[t]!;
    });
    return values;
  };
  const close = field(options.close, null);
  const dates = new Int32Array(nDates);
  const first = options.firstDate ?? 20200101;
  const start = Date.UTC(Math.floor(first / 10000), (Math.floor(first / 100) % 100) - 1, first % 100);
  for (let t = 0; t < nDates; t++) {
    const day = new Date(start + t * 86_400_000);
    dates[t] = day.getUTCFullYear() * 10000 + (day.getUTCMonth() + 1) * 100 + day.getUTCDate();
  }
  return {
    symbols,
    dates,
    nDates,
    nSymbols,
    open: field(options.open, null),
    high: field(options.high, null),
    low: field(options.low, null),
    close,
    volume: field(options.volume, 1000),
    marketCap: null,
  };
}

/** Test helper: FactorInputs with r[t] = C[t]/C[t-1] - 1, NaN unless both closes are finite and positive (PROTOCOL section 1). */
export function makeFactorInputs(panel: Panel): FactorInputs {
  const { nDates, nSymbols, close } = panel;
  const returns = new Float64Array(nDates * nSymbols).fill(Number.NaN);
  for (let k = nSymbols; k < nDates * nSymbols; k++) {
    const now = close[k]!;
    const before = close[k - nSymbols]!;
    if (Number.isFinite(now) && now > 0 && Number.isFinite(before) && before > 0) returns[k] = now / before - 1;
  }
  return { panel, returns };
}

/** Test helper: runs `factor` on `inputs` and returns each symbol's score series, keyed by symbol. */
export function scoresBySymbol(factor: FactorDefinition, inputs: FactorInputs, params: FactorParams): Record<string, number[]> {
  const { nDates, nSymbols, symbols } = inputs.panel;
  const out = new Float64Array(nDates * nSymbols);
  factor.compute(inputs, params, out);
  const result: Record<string, number[]> = {};
  symbols.forEach((symbol, i) => {
    result[symbol] = Array.from({ length: nDates }, (_, t) => out[t * nSymbols + i]!);
  });
  return result;
}
