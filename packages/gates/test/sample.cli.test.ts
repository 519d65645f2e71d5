/**
 * The bundled nightly gate (`npm start`): manifests/sample.yaml on the default seeded sample
 * market (generated into a temp folder here, given with --prices) passes the planted
 * reversal factor and fails the noise factors.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSampleMarket, writeSampleMarket } from '@wf/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { readManifest, repoRoot, runGates } from './gatesHarness.js';

const tmp = mkdtempSync(join(tmpdir(), 'wf-gates-sample-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('wf-gates on manifests/sample.yaml', () => {
  it('passes reversal (and the mean-reversion signals that see it) and fails the noise factors', async () => {
    writeSampleMarket({ dir: join(tmp, 'prices'), market: generateSampleMarket({}) });
    const out = join(tmp, 'run');
    const result = await runGates([
      '--config', join(repoRoot, 'manifests/sample.yaml'),
      '--prices', join(tmp, 'prices'),
      '--out', out,
      '--cache-dir', join(tmp, 'cache'),
      '--wf-shards', '2',
      '--log-level', 'warn',
    ]);
    expect(result.code, result.stderr).toBe(1);
    expect(readManifest(out)['verdict']).toEqual({
      pass: false,
      passed: ['bollinger', 'reversal', 'rsi'],
      failed: ['amihud', 'high_52w', 'low_liquidity', 'low_volatility', 'ma_cross', 'macd', 'momentum'],
    });
  }, 60_000);
});
