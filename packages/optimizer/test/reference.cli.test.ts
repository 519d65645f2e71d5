/**
 * wf-optimize (the bundled CLI, as users run it) against the independent, naive reading of
 * PROTOCOL.md in test-support/protocolReference.ts: every OK record of a sweep holds the
 * section 5 metrics and the config's objective of its candidate on the segment, for sweeps over
 * factor parameters and the portfolio settings (holding_days, quantiles, cost_bps), under each
 * construction and objective, with candidates the section 3 constraints drop. Numbers within a
 * relative 1e-9, `days` exactly.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDate, generateSampleMarket, writeSampleMarket } from '@wf/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceSegment } from '../../../test-support/protocolReference.js';
import { runNodeScript } from '../../../test-support/runNodeScript.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const optimizeCli = join(repoRoot, 'scripts/bundle/run-optimization.js');
const tmp = mkdtempSync(join(tmpdir(), 'wf-optimize-reference-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const METRICS = ['total_return', 'ann_return', 'ann_vol', 'sharpe', 'max_drawdown', 'turnover', 'hit_rate', 'mean_ic', 'ic_std', 'ic_tstat', 'universe_mean'] as const;

let dates: string[] = [];
beforeAll(() => {
  const market = generateSampleMarket({ symbols: 34, days: 420, seed: 17 });
  writeSampleMarket({ dir: join(tmp, 'prices'), market });
  dates = Array.from(market.panel.dates, (d) => formatDate(d));
});

const CASES = [
  {
    name: 'ma_cross, long_only by ic_tstat, over holding_days, quantiles and cost_bps',
    portfolio: 'portfolio: { construction: long_only, quantiles: 3, holding_days: 2, cost_bps: 20, min_names: 6 }',
    objective: 'ic_tstat',
    factor: 'ma_cross',
    space: 'params: { fast: [5, 20], slow: [20, 50] }\nportfolio: { holding_days: [1, 3], quantiles: [3, 5], cost_bps: [0, 25] }\n',
    segment: [150, 330],
  },
  {
    name: 'rsi, time_series by ann_return',
    portfolio: 'portfolio: { construction: time_series, holding_days: 4, cost_bps: 5, min_names: 8 }',
    objective: 'ann_return',
    factor: 'rsi',
    space: 'period: [3, 9, 21]\n',
    segment: [60, 419],
  },
  {
    name: 'momentum, quantile_long_short by sharpe, held 5 days',
    portfolio: 'portfolio: { quantiles: 4, holding_days: 5, cost_bps: 10, min_names: 8 }',
    objective: 'sharpe',
    factor: 'momentum',
    space: 'params: { lookback: [20, 60], skip: [0, 5, 40] }\nportfolio: { cost_bps: [0, 50] }\n',
    segment: [100, 250],
  },
  {
    name: 'low_volatility by mean_ic, from the second date (the first with a signal date before it)',
    portfolio: 'portfolio: { quantiles: 5, min_names: 10 }',
    objective: 'mean_ic',
    factor: 'low_volatility',
    space: 'lookback: [5, 20, 60]\n',
    segment: [1, 200],
  },
] as const;

const parse = (text: string): Record<string, number> =>
  Object.fromEntries(text === '' ? [] : text.split(';').map((pair) => [pair.slice(0, pair.indexOf('=')), Number(pair.slice(pair.indexOf('=') + 1))]));

describe('wf-optimize against the independent protocol reference', () => {
  for (const [k, c] of CASES.entries()) {
    it(`agrees on ${c.name}`, async () => {
      const configPath = join(tmp, `config-${k}.yaml`);
      writeFileSync(configPath, `data: { prices: prices }\n${c.portfolio}\nobjective: ${c.objective}\nfactors:\n  - { id: ${c.factor} }\n`);
      writeFileSync(join(tmp, `space-${k}.yaml`), c.space);
      const [start, end] = [dates[c.segment[0]] as string, dates[c.segment[1]] as string];
      const out = join(tmp, `sweep-${k}`);
      const result = await runNodeScript({
        script: optimizeCli,
        args: ['--config', configPath, '--factor', c.factor, '--space', join(tmp, `space-${k}.yaml`), '--start', start, '--end', end, '--out', out, '--cache-dir', join(tmp, 'cache'), '--workers', '2', '--log-level', 'warn'],
        cwd: tmp,
      });
      expect(result.code, result.stderr).toBe(0);
      const records = readFileSync(join(out, 'results.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { params: string; portfolio: string; status: string; objective: number | null; metrics: Record<string, number | null> });
      expect(records.length).toBeGreaterThan(2);
      for (const record of records) {
        expect(record.status).toBe('OK');
        const want = referenceSegment({ configPath, factor: c.factor, params: parse(record.params), portfolio: parse(record.portfolio), start, end });
        const what = `${record.params} ${record.portfolio}`;
        expect(record.metrics['days'], what).toBe(want.metrics['days']);
        for (const key of METRICS) expectClose(record.metrics[key] ?? Number.NaN, want.metrics[key] as number, `${what} ${key}`);
        expectClose(record.objective ?? Number.NaN, want.objective, `${what} objective`);
      }
    }, 240_000);
  }
});

/** Equal within a relative 1e-9 (an absolute 1e-12 near 0); NaN (null in the records) only equals NaN. */
function expectClose(got: number, want: number, what: string): void {
  if (Number.isNaN(want) || Number.isNaN(got)) {
    expect(Number.isNaN(got), `${what}: got ${got}, expected ${want}`).toBe(Number.isNaN(want));
    return;
  }
  expect(Math.abs(got - want) <= Math.max(1e-9 * Math.abs(want), 1e-12), `${what}: got ${got}, expected ${want}`).toBe(true);
}
