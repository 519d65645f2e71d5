import { describe, expect, test } from 'vitest';
import { ConfigError } from '../errors.js';
import { parseConfig } from './parseConfig.js';

const options = { file: 'nightly.yaml', baseDir: '/configs' };

function problemsOf(raw: unknown): string[] {
  try {
    parseConfig(raw, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  test('quotes the bad value in the documented format', () => {
    expect(problemsOf({ data: { prices: 'p' }, portfolio: { quantiles: 'five' }, factors: [{ id: 'rsi' }] })).toEqual([
      'nightly.yaml: portfolio.quantiles: expected an integer >= 2, got "five"',
    ]);
  });

  test('accepts user parameter values of every ParamValue type and rejects others', () => {
    const config = parseConfig(
      { data: { prices: 'p' }, factors: [{ id: 'mine', params: { window: 3, mode: 'fast', strict: true } }] },
      options,
    );
    expect(config.factors[0]!.params).toEqual({ window: 3, mode: 'fast', strict: true });
    expect(
      problemsOf({ data: { prices: 'p' }, factors: [{ id: 'mine', params: { window: [3] }, space: null }, { id: '' }] }),
    ).toEqual([
      'nightly.yaml: factors.0.params.window: expected a parameter value (number, string or boolean), got [3]',
      'nightly.yaml: factors.0.space: expected a mapping of parameter value lists, got null',
      'nightly.yaml: factors.1.id: expected a factor id, got ""',
      'nightly.yaml: factors.0: has both params and space; give one of them',
    ]);
  });

  test('checks universe, top_n and infinite values', () => {
    expect(
      problemsOf({
        data: { prices: 'p', market_caps: 3 },
        universe: { min_history: 0, top_n: 0, min_price: Infinity },
        portfolio: { cost_bps: -1, holding_days: 1.5 },
        windows: { anchored: 'yes' },
        factors: [{ id: 'rsi' }],
        freeze: '',
      }),
    ).toEqual([
      'nightly.yaml: data.market_caps: expected a path or null, got 3',
      'nightly.yaml: universe.min_history: expected an integer >= 1, got 0',
      'nightly.yaml: universe.min_price: expected a number >= 0, got Infinity',
      'nightly.yaml: universe.top_n: expected null or an integer >= 1, got 0',
      'nightly.yaml: windows.anchored: expected true or false, got "yes"',
      'nightly.yaml: portfolio.holding_days: expected an integer >= 1, got 1.5',
      'nightly.yaml: portfolio.cost_bps: expected a number >= 0, got -1',
      'nightly.yaml: freeze: expected a path or null, got ""',
    ]);
  });

  test('fills windows, objective and construction from explicit values', () => {
    const config = parseConfig(
      {
        data: { prices: '/data/prices' },
        windows: { warmup_days: 1, train_days: 100, test_days: 20, step_days: 10, embargo_days: 5, anchored: true },
        portfolio: { construction: 'time_series', quantiles: 3, min_names: 3 },
        objective: 'ic_tstat',
        factors: [{ id: 'rsi', space: { period: [7, 14] } }],
      },
      options,
    );
    expect(config.windows).toEqual({ warmupDays: 1, trainDays: 100, testDays: 20, stepDays: 10, embargoDays: 5, anchored: true });
    expect(config.portfolio).toEqual({ construction: 'time_series', quantiles: 3, holdingDays: 1, costBps: 10, minNames: 3 });
    expect(config.objective).toBe('ic_tstat');
    expect(config.data.prices).toBe('/data/prices');
  });
});
