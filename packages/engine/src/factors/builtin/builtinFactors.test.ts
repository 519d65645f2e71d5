import { describe, expect, it } from 'vitest';
import type { FactorParams } from '../FactorDefinition.js';
import { makeFactorInputs, makePanel, scoresBySymbol } from '../testing/makePanel.js';
import { BUILTIN_FACTORS } from './builtinFactors.js';

/** Small parameters so that 40 dates hold complete windows. */
const SMALL_PARAMS: Readonly<Record<string, FactorParams>> = {
  momentum: { lookback: 10, skip: 2 },
  reversal: { lookback: 3 },
  low_volatility: { lookback: 5 },
  ma_cross: { fast: 3, slow: 8 },
  macd: { fast: 3, slow: 6, signal: 4 },
  rsi: { period: 5 },
  bollinger: { period: 6 },
  high_52w: { lookback: 12 },
  low_liquidity: { lookback: 4 },
  amihud: { lookback: 4 },
};

/** 70 symbols (three blocks of 32 and a partial one) x 40 dates of random walks with gaps, zero volumes and flat runs. */
function randomSeries(symbols: number, dates: number): { close: Record<string, number[]>; high: Record<string, number[]>; volume: Record<string, number[]> } {
  let state = 12345;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const close: Record<string, number[]> = {};
  const high: Record<string, number[]> = {};
  const volume: Record<string, number[]> = {};
  for (let i = 0; i < symbols; i++) {
    const symbol = `S${String(i).padStart(3, '0')}`;
    let price = 10 + 90 * random();
    close[symbol] = [];
    high[symbol] = [];
    volume[symbol] = [];
    for (let t = 0; t < dates; t++) {
      const roll = random();
      if (roll > 0.3) price *= 1 + (random() - 0.5) * 0.1;
      close[symbol].push(roll < 0.04 ? Number.NaN : price);
      high[symbol].push(roll > 0.97 ? Number.NaN : price * (1 + 0.02 * random()));
      volume[symbol].push(roll > 0.95 ? 0 : Math.round(1000 * random()));
    }
  }
  return { close, high, volume };
}

describe('built-in factors', () => {
  it('are the ten factors of PROTOCOL section 3 with their ids', () => {
    expect(BUILTIN_FACTORS.map((factor) => factor.id)).toEqual(Object.keys(SMALL_PARAMS));
  });

  it('score each symbol the same whether computed alone or inside a wide panel', () => {
    const series = randomSeries(70, 40);
    const inputs = makeFactorInputs(makePanel(series));
    for (const factor of BUILTIN_FACTORS) {
      const params = SMALL_PARAMS[factor.id]!;
      const together = scoresBySymbol(factor, inputs, params);
      let finite = 0;
      for (const symbol of inputs.panel.symbols) {
        const alone = makeFactorInputs(
          makePanel({ close: { [symbol]: series.close[symbol]! }, high: { [symbol]: series.high[symbol]! }, volume: { [symbol]: series.volume[symbol]! } }),
        );
        const expected = scoresBySymbol(factor, alone, params)[symbol]!;
        expect(together[symbol], `${factor.id} ${symbol}`).toEqual(expected);
        finite += expected.filter(Number.isFinite).length;
      }
      expect(finite, factor.id).toBeGreaterThan(500);
    }
  });

  it('write every cell of the score buffer', () => {
    const inputs = makeFactorInputs(makePanel(randomSeries(35, 30)));
    for (const factor of BUILTIN_FACTORS) {
      const out = new Float64Array(inputs.panel.nDates * inputs.panel.nSymbols).fill(-123.5);
      factor.compute(inputs, SMALL_PARAMS[factor.id]!, out);
      expect(out.includes(-123.5), factor.id).toBe(false);
    }
  });
});
