import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DEFAULT_GATE_THRESHOLDS } from './GateThresholds.js';
import { ConfigError, ConfigFileError, ConfigSyntaxError } from '../errors.js';
import { loadConfig } from './loadConfig.js';
import { sharedPath } from '../testing/sharedPath.js';

const dir = mkdtempSync(join(tmpdir(), 'wf-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function configError(file: string): Promise<ConfigError> {
  const error: unknown = await loadConfig(file).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('loadConfig', () => {
  test('reads the shared sp500-nightly config with every default filled in', async () => {
    const config = await loadConfig(sharedPath('configs/sp500-nightly.yaml'));
    expect(config.data).toEqual({ prices: sharedPath('data/sp500-5yr/prices'), marketCaps: null, calendar: null });
    expect(config.universe).toEqual({ minHistory: 60, minPrice: 5, minDollarVolume: 1e6, topN: null });
    expect(config.windows).toEqual({ warmupDays: 252, trainDays: 252, testDays: 63, stepDays: 63, embargoDays: 0, anchored: false });
    expect(config.portfolio).toEqual({ construction: 'quantile_long_short', quantiles: 5, holdingDays: 1, costBps: 10, minNames: 10 });
    expect(config.objective).toBe('sharpe');
    expect(config.gates).toEqual(DEFAULT_GATE_THRESHOLDS);
    expect(config.factors.map((f) => f.id)).toEqual([
      'momentum', 'reversal', 'low_volatility', 'ma_cross', 'macd', 'rsi', 'bollinger', 'high_52w', 'low_liquidity', 'amihud',
    ]);
    expect(config.factors[0]).toEqual({ id: 'momentum', space: { lookback: [126, 189, 252], skip: [0, 21] } });
    expect(config.factors[7]).toEqual({ id: 'high_52w', params: { lookback: 252 } });
    expect(config.factorModules).toEqual([]);
    expect(config.freeze).toBeNull();
  });

  test('resolves relative paths against the config folder and keeps absolute ones', async () => {
    const file = writeConfig(
      'paths.yaml',
      [
        'data: { prices: data/prices, market_caps: /abs/caps, calendar: ../cal.csv }',
        'factors: [{ id: momentum }]',
        'factor_modules: [lib/my-factors.js]',
        'freeze: manifests/freeze.json',
      ].join('\n'),
    );
    const config = await loadConfig(file);
    expect(config.data).toEqual({ prices: join(dir, 'data/prices'), marketCaps: '/abs/caps', calendar: resolve(dir, '../cal.csv') });
    expect(config.factorModules).toEqual([join(dir, 'lib/my-factors.js')]);
    expect(config.freeze).toBe(join(dir, 'manifests/freeze.json'));
    expect(config.factors).toEqual([{ id: 'momentum' }]);
  });

  test('reads YAML 1.2 exponent numbers and derives step_days from test_days', async () => {
    const file = writeConfig(
      'numbers.yaml',
      'data: { prices: p }\nuniverse: { min_dollar_volume: 2.5e6, top_n: 100 }\nwindows: { test_days: 21 }\nfactors: [{ id: rsi }]\n',
    );
    const config = await loadConfig(file);
    expect(config.universe.minDollarVolume).toBe(2_500_000);
    expect(config.universe.topN).toBe(100);
    expect(config.windows.testDays).toBe(21);
    expect(config.windows.stepDays).toBe(21);
  });

  test('keeps default gates for missing keys and drops gates set to null', async () => {
    const file = writeConfig('gates.yaml', 'data: { prices: p }\nfactors: [{ id: rsi }]\ngates: { min_dsr: null, min_oos_sharpe: 1.0 }\n');
    const config = await loadConfig(file);
    expect(config.gates).toEqual({
      min_oos_sharpe: 1,
      min_oos_ic_tstat: 2,
      max_oos_drawdown: 0.3,
      min_positive_window_frac: 0.55,
      min_universe_mean: 50,
      max_oos_gap_frac: 0.05,
    });
    expect('min_dsr' in config.gates).toBe(false);
    // Protocol 2: max_pbo and min_param_stability are off unless set; null turns max_oos_gap_frac off.
    const set = writeConfig('gates2.yaml', 'data: { prices: p }\nfactors: [{ id: rsi }]\ngates: { max_pbo: 0.5, min_param_stability: 0.3, max_oos_gap_frac: null }\n');
    const gates2 = (await loadConfig(set)).gates;
    expect(gates2.max_pbo).toBe(0.5);
    expect(gates2.min_param_stability).toBe(0.3);
    expect('max_oos_gap_frac' in gates2).toBe(false);
  });

  test('resolves the trial ledger path (PROTOCOL section 8b) and refuses a space that repeats a value', async () => {
    const file = writeConfig('ledger.yaml', 'data: { prices: p }\nfactors: [{ id: rsi }]\nledger: runs/ledger.csv\n');
    expect((await loadConfig(file)).ledger).toBe(join(dirname(file), 'runs/ledger.csv'));
    const none = writeConfig('noledger.yaml', 'data: { prices: p }\nfactors: [{ id: rsi }]\n');
    expect((await loadConfig(none)).ledger).toBeNull();
    const repeated = writeConfig('repeat.yaml', 'data: { prices: p }\nfactors: [{ id: rsi, space: { period: [7, 14, 7] } }]\n');
    await expect(loadConfig(repeated)).rejects.toThrow(/factors\.0\.space\.period: repeats the value 7/);
  });

  test('reports every problem of a bad config with its key path', async () => {
    const file = writeConfig(
      'bad.yaml',
      [
        'data: { prices: ./p }',
        'windows: { warmup_days: 0, embargo_days: -1 }',
        'portfolio: { quantiles: five, construction: long_short }',
        'objective: sortino',
        'factors:',
        '  - { id: momentum, space: { lookback: [] } }',
        'gates: { min_dsr: high }',
      ].join('\n'),
    );
    const error = await configError(file);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.file).toBe(file);
    expect(error.problems.map((p) => p.keyPath)).toEqual([
      'windows.warmup_days',
      'windows.embargo_days',
      'portfolio.construction',
      'portfolio.quantiles',
      'objective',
      'factors.0.space.lookback',
      'gates.min_dsr',
    ]);
    expect(error.message.split('\n')).toEqual([
      `${file}: windows.warmup_days: expected an integer >= 1, got 0`,
      `${file}: windows.embargo_days: expected an integer >= 0, got -1`,
      `${file}: portfolio.construction: expected one of quantile_long_short, long_only, time_series, got "long_short"`,
      `${file}: portfolio.quantiles: expected an integer >= 2, got "five"`,
      `${file}: objective: expected one of sharpe, mean_ic, ic_tstat, ann_return, got "sortino"`,
      `${file}: factors.0.space.lookback: expected a non-empty list of parameter values, got []`,
      `${file}: gates.min_dsr: expected a number, or null to skip the gate, got "high"`,
    ]);
  });

  test('names an unknown key at any depth', async () => {
    const file = writeConfig('unknown.yaml', 'data: { prices: p }\nwindows: { train_dayz: 100 }\nfactors: [{ id: rsi, parms: {} }]\nextra: 1\n');
    const error = await configError(file);
    expect(error.problems.map((p) => p.keyPath)).toEqual(['windows.train_dayz', 'factors.0.parms', 'extra']);
    expect(error.problems[0]!.problem).toBe(
      'unknown key (allowed: warmup_days, train_days, test_days, step_days, embargo_days, anchored)',
    );
  });

  test('rejects a factor with both params and space, and duplicate factor ids', async () => {
    const file = writeConfig(
      'factors.yaml',
      'data: { prices: p }\nfactors:\n  - { id: rsi, params: { period: 14 }, space: { period: [7, 14] } }\n  - { id: macd }\n  - { id: rsi }\n',
    );
    const error = await configError(file);
    expect(error.problems).toEqual([
      { keyPath: 'factors.0', problem: 'has both params and space; give one of them' },
      { keyPath: 'factors.2.id', problem: 'duplicate factor id "rsi" (first at factors.0)' },
    ]);
  });

  test('requires portfolio.min_names to be at least the quantiles, the default included', async () => {
    const explicit = writeConfig('minnames.yaml', 'data: { prices: p }\nportfolio: { quantiles: 5, min_names: 4 }\nfactors: [{ id: rsi }]\n');
    expect((await configError(explicit)).problems).toEqual([
      { keyPath: 'portfolio.min_names', problem: 'expected at least portfolio.quantiles (5) so no quantile leg is empty, got 4' },
    ]);
    const defaulted = writeConfig('minnames2.yaml', 'data: { prices: p }\nportfolio: { quantiles: 20 }\nfactors: [{ id: rsi }]\n');
    expect((await configError(defaulted)).problems[0]!.keyPath).toBe('portfolio.min_names');
  });

  test('requires data.prices (or data.table) and at least one factor', async () => {
    const file = writeConfig('empty-parts.yaml', 'data: {}\nfactors: []\n');
    expect((await configError(file)).message.split('\n')).toEqual([
      `${file}: factors: expected at least one factor entry, got []`,
      `${file}: data.prices: missing; expected a path to the prices folder (or data.table: a long table)`,
    ]);
  });

  test('rejects a file that is not a mapping', async () => {
    const file = writeConfig('empty.yaml', '# nothing here\n');
    expect((await configError(file)).message).toBe(`${file}: expected a mapping of config keys, got null`);
  });

  test('names the line of a YAML syntax error', async () => {
    const file = writeConfig('syntax.yaml', 'data: { prices: p }\nfactors:\n  - { id: rsi\nobjective: sharpe\n');
    const error = await configError(file);
    expect(error).toBeInstanceOf(ConfigSyntaxError);
    expect(error.code).toBe('CONFIG_YAML_SYNTAX');
    expect((error as ConfigSyntaxError).line).toBe(4);
    expect(error.message).toMatch(new RegExp(`^${file}: line 4, column \\d+: invalid YAML: `));
  });

  test('treats a duplicate YAML key as a syntax error', async () => {
    const file = writeConfig('dupkey.yaml', 'data: { prices: p }\nobjective: sharpe\nobjective: mean_ic\n');
    const error = await configError(file);
    expect(error).toBeInstanceOf(ConfigSyntaxError);
    expect((error as ConfigSyntaxError).line).toBe(3);
  });

  test('names a missing file', async () => {
    const file = join(dir, 'missing.yaml');
    const error = await configError(file);
    expect(error).toBeInstanceOf(ConfigFileError);
    expect(error.code).toBe('CONFIG_FILE_UNREADABLE');
    expect(error.message).toBe(`${file}: config file not found`);
    expect(error.cause).toBeDefined();
  });
});
