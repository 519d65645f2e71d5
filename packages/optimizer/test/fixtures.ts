import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBuiltinRegistry, createMarketContext, DEFAULT_PORTFOLIO_CONFIG, generateSampleMarket, writeSampleMarket } from '@wf/engine';
import type { FactorDefinition, MarketContext } from '@wf/engine';
import { sleepyFactorModule } from '../../../test-support/sleepyFactorModule.js';

/** A small seeded market context (no files): 40 symbols x 320 days. */
export function smallContext(): MarketContext {
  const market = generateSampleMarket({ symbols: 40, days: 320, seed: 7 });
  return createMarketContext({ panel: market.panel, dataFingerprint: 'sample-40x320-seed7', universe: { minHistory: 20, minPrice: 5, minDollarVolume: 1e6, topN: null } });
}

export function builtinFactor(id: string): FactorDefinition {
  return createBuiltinRegistry().get(id);
}

export const PORTFOLIO = DEFAULT_PORTFOLIO_CONFIG;

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `wf-opt-${prefix}-`));
}

/**
 * A temp folder holding a sample market (`prices/`), a slow user factor module
 * (`slow.mjs`: factor `slow_reversal`, params lookback and delay_ms; delay_ms sleeps in
 * `compute`, 0 = none; factor `hungry`, params lookback and hog_mb, which keeps about hog_mb MB
 * of JS objects alive while it computes) and `config.yaml` naming both.
 */
export function writeSampleWorkspace(options: { symbols: number; days: number }): { dir: string; config: string } {
  const dir = tempDir('ws');
  writeSampleMarket({ dir: join(dir, 'prices'), market: generateSampleMarket({ symbols: options.symbols, days: options.days, seed: 11 }) });
  writeFileSync(join(dir, 'slow.mjs'), sleepyFactorModule('slow_reversal'));
  writeFileSync(
    join(dir, 'hungry.mjs'),
    `export const factors = [{
  id: 'hungry',
  description: 'momentum that first keeps hog_mb MB of small JS objects alive (tests memory budgets)',
  defaults: { lookback: 5, hog_mb: 0 },
  validate: () => null,
  compute: (inputs, params, out) => {
    const kept = [];
    for (let mb = 0; mb < params.hog_mb; mb++) kept.push(Array.from({ length: 16384 }, (_, j) => ({ j })));
    const { close, nDates, nSymbols } = inputs.panel;
    const k = params.lookback;
    for (let t = 0; t < nDates; t++) for (let i = 0; i < nSymbols; i++) {
      const c = t * nSymbols + i;
      out[c] = t < k ? NaN : close[c] / close[(t - k) * nSymbols + i] - 1 + kept.length * 0;
    }
  },
}];
`,
  );
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    `data: { prices: prices }
universe: { min_history: 20, min_price: 5, min_dollar_volume: 1.0e6 }
windows: { warmup_days: 60, train_days: 120, test_days: 40 }
portfolio: { construction: quantile_long_short, quantiles: 5, holding_days: 1, cost_bps: 10, min_names: 10 }
objective: sharpe
factor_modules: [slow.mjs, hungry.mjs]
factors:
  - { id: reversal, space: { lookback: [2, 3, 5, 10] } }
  - { id: slow_reversal, space: { lookback: [3, 5], delay_ms: [0] } }
  - { id: hungry, space: { lookback: [3, 5], hog_mb: [0] } }
`,
  );
  return { dir, config };
}
