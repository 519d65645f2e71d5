import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateSampleMarket, type SampleMarket } from './generateSampleMarket.js';
import { SampleMarketOptionsError } from '../errors.js';

/** Mean over dates of the cross-sectional Spearman correlation of the past-5-day return with the next-day return. */
function meanReversalRankCorrelation(market: SampleMarket): number {
  const { close, nDates, nSymbols } = market.panel;
  let sum = 0;
  let count = 0;
  for (let t = 5; t < nDates - 1; t++) {
    const past: number[] = [];
    const next: number[] = [];
    for (let i = 0; i < nSymbols; i++) {
      const p = close[t * nSymbols + i]! / close[(t - 5) * nSymbols + i]! - 1;
      const n = close[(t + 1) * nSymbols + i]! / close[t * nSymbols + i]! - 1;
      if (Number.isFinite(p) && Number.isFinite(n)) {
        past.push(p);
        next.push(n);
      }
    }
    if (past.length < 10) continue;
    sum += pearson(ranks(past), ranks(next));
    count++;
  }
  return sum / count;
}

function ranks(values: number[]): number[] {
  const order = values.map((_, k) => k).sort((a, b) => values[a]! - values[b]!);
  const out = new Array<number>(values.length);
  order.forEach((k, position) => (out[k] = position));
  return out;
}

function pearson(a: number[], b: number[]): number {
  const n = a.length;
  const meanA = a.reduce((s, x) => s + x, 0) / n;
  const meanB = b.reduce((s, x) => s + x, 0) / n;
  let cov = 0;
  let varA = 0;
  let varB = 0;
  for (let k = 0; k < n; k++) {
    cov += (a[k]! - meanA) * (b[k]! - meanB);
    varA += (a[k]! - meanA) ** 2;
    varB += (b[k]! - meanB) ** 2;
  }
  return cov / Math.sqrt(varA * varB);
}

describe('generateSampleMarket', () => {
  it('uses the documented defaults: 120 symbols S000..S119 over 1000 business days from 2015-01-02', () => {
    const { panel, options } = generateSampleMarket();
    expect(options).toEqual({ symbols: 120, days: 1000, seed: 42, startDate: '2015-01-02', reversalStrength: 0.04 });
    expect(panel.nSymbols).toBe(120);
    expect(panel.symbols[0]).toBe('S000');
    expect(panel.symbols[119]).toBe('S119');
    expect([...panel.symbols].sort()).toEqual(panel.symbols);
    expect(panel.nDates).toBe(1000);
    expect(Array.from(panel.dates.subarray(0, 4))).toEqual([20150102, 20150105, 20150106, 20150107]);
    expect(panel.marketCap).toBeNull();
  });

  it('rolls a weekend start forward to Monday and skips weekends', () => {
    const { panel } = generateSampleMarket({ symbols: 1, days: 7, startDate: '2024-03-02' });
    expect(Array.from(panel.dates)).toEqual([20240304, 20240305, 20240306, 20240307, 20240308, 20240311, 20240312]);
  });

  it('pads symbol numbers to the width of the largest one', () => {
    const { panel } = generateSampleMarket({ symbols: 1001, days: 2 });
    expect(panel.symbols[0]).toBe('S0000');
    expect(panel.symbols[1000]).toBe('S1000');
  });

  it('is deterministic in the seed', () => {
    const a = generateSampleMarket({ symbols: 20, days: 150, seed: 7 });
    const b = generateSampleMarket({ symbols: 20, days: 150, seed: 7 });
    const c = generateSampleMarket({ symbols: 20, days: 150, seed: 8 });
    expect(b).toEqual(a);
    expect(c.panel.close).not.toEqual(a.panel.close);
  });

  it('keeps low <= open, close <= high, positive 4-decimal prices and integer volumes on every row', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (seed) => {
        const { panel, rowPresent } = generateSampleMarket({ symbols: 8, days: 120, seed });
        const bad: number[] = [];
        for (let cell = 0; cell < rowPresent.length; cell++) {
          const [o, h, l, c, v] = [panel.open[cell]!, panel.high[cell]!, panel.low[cell]!, panel.close[cell]!, panel.volume[cell]!];
          if (rowPresent[cell] !== 1) {
            if (!Number.isNaN(c)) bad.push(cell);
            continue;
          }
          const ok =
            l > 0 &&
            c >= l &&
            c <= h &&
            (Number.isNaN(o) || (o >= l && o <= h)) &&
            Math.round(c * 1e4) / 1e4 === c &&
            (Number.isNaN(v) || (Number.isInteger(v) && v >= 0));
          if (!ok) bad.push(cell);
        }
        expect(bad).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });

  it('gives symbol 0 every date, so the calendar is every business day', () => {
    const { panel, rowPresent } = generateSampleMarket();
    for (let t = 0; t < panel.nDates; t++) expect(rowPresent[t * panel.nSymbols]).toBe(1);
  });

  it('plants late listings, delistings, gaps, empty fields, low-priced and illiquid names in the default market', () => {
    const { features } = generateSampleMarket();
    expect(features.lateListings).toHaveLength(3);
    expect(features.delistings).toHaveLength(3);
    expect(features.gaps).toHaveLength(3);
    expect(features.emptyFields.map((f) => f.field)).toEqual(['open', 'volume']);
    expect(features.lowPriced).toHaveLength(6);
    expect(features.illiquid).toHaveLength(8);
    const special = [...features.lateListings, ...features.delistings, ...features.gaps, ...features.emptyFields].map((f) => f.symbol);
    expect(new Set([...special, ...features.lowPriced, ...features.illiquid]).size).toBe(special.length + 14);
  });

  it('plants no missing rows in a market shorter than 100 days', () => {
    const { features, rowPresent } = generateSampleMarket({ symbols: 30, days: 99 });
    expect(features.lateListings).toEqual([]);
    expect(features.gaps).toEqual([]);
    expect(rowPresent.every((x) => x === 1)).toBe(true);
  });

  it('keeps dollar volume above 1e6 for liquid names and below it for the illiquid ones', () => {
    const { panel, features } = generateSampleMarket();
    const { close, volume, nDates, nSymbols, symbols } = panel;
    for (let i = 0; i < nSymbols; i++) {
      const dv: number[] = [];
      for (let t = 0; t < nDates; t++) {
        const x = close[t * nSymbols + i]! * volume[t * nSymbols + i]!;
        if (Number.isFinite(x)) dv.push(x);
      }
      dv.sort((a, b) => a - b);
      const median = dv[Math.floor(dv.length / 2)]!;
      if (features.illiquid.includes(symbols[i]!)) expect(median).toBeLessThan(1e6);
      else expect(median).toBeGreaterThan(1e6);
    }
  });

  it('starts the low-priced names under $5 and the others above it', () => {
    const { panel, features, rowPresent } = generateSampleMarket();
    for (let i = 0; i < panel.nSymbols; i++) {
      let t = 0;
      while (rowPresent[t * panel.nSymbols + i] !== 1) t++;
      const firstClose = panel.close[t * panel.nSymbols + i]!;
      expect(firstClose < 5).toBe(features.lowPriced.includes(panel.symbols[i]!));
    }
  });

  it('plants a short-term reversal: past 5-day returns rank against next-day returns', () => {
    const withEffect = meanReversalRankCorrelation(generateSampleMarket());
    const without = meanReversalRankCorrelation(generateSampleMarket({ reversalStrength: 0 }));
    expect(withEffect).toBeLessThan(-0.05);
    expect(Math.abs(without)).toBeLessThan(0.02);
  });

  it.each([
    [{ symbols: 0 }, 'symbols=0'],
    [{ symbols: 2.5 }, 'symbols=2.5'],
    [{ days: 1 }, 'days=1'],
    [{ days: Number.NaN }, 'days=NaN'],
    [{ seed: 1.5 }, 'seed=1.5'],
    [{ startDate: '2015-02-30' }, 'startDate=2015-02-30'],
    [{ startDate: '2015/01/02' }, 'startDate=2015/01/02'],
    [{ reversalStrength: -0.1 }, 'reversalStrength=-0.1'],
  ])('rejects %j naming the option and value', (options, text) => {
    expect(() => generateSampleMarket(options)).toThrow(SampleMarketOptionsError);
    expect(() => generateSampleMarket(options)).toThrow(text);
  });
});
