import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSampleMarket, writeSampleMarket } from '@wf/engine';

/** A temp folder with a seeded sample market (`prices/`) and `config.yaml` over it (factors reversal and momentum). */
export function writeBenchWorkspace(options: { readonly prefix: string; readonly symbols: number; readonly seed: number }): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), options.prefix));
  writeSampleMarket({ dir: join(dir, 'prices'), market: generateSampleMarket({ symbols: options.symbols, days: 300, seed: options.seed }) });
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    `data: { prices: prices }
universe: { min_history: 20, min_price: 5, min_dollar_volume: 1.0e6 }
windows: { warmup_days: 60, train_days: 100, test_days: 40 }
portfolio: { construction: quantile_long_short, quantiles: 5, holding_days: 1, cost_bps: 10, min_names: 10 }
objective: sharpe
factors:
  - { id: reversal, space: { lookback: [2, 5, 10] } }
  - { id: momentum, space: { lookback: [20, 40] } }
`,
  );
  return { dir, config };
}
