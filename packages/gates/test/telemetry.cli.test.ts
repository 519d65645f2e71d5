/**
 * wf-gates as a process: each shard's telemetry (stage times that account for its wall time,
 * in the manifest and telemetry.md) and stall detection (a shard whose user factor blocks is
 * reported stalled, stopped after --stall-timeout and retried with --resume, ending in the
 * bytes of a clean run).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSampleMarket, writeSampleMarket } from '@wf/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logRecord, readManifest, readRunOutputs, runGates } from './gatesHarness.js';

const CONFIG = `data: { prices: prices }
universe: { min_history: 20, min_price: 5, min_dollar_volume: 1.0e6 }
windows: { warmup_days: 80, train_days: 100, test_days: 40 }
objective: sharpe
gates: { min_universe_mean: 20 }
factor_modules: [stall.mjs]
factors:
  - { id: reversal, space: { lookback: [3, 5] } }
  - { id: stall }
`;

/** A user factor that blocks its thread forever while `marker` is absent (creating it first), and is the negated daily return after. */
function stallModule(marker: string): string {
  return `import { existsSync, writeFileSync } from 'node:fs';
export const factors = [{
  id: 'stall', description: 'blocks once', defaults: {}, validate: () => null,
  compute: (inputs, _params, out) => {
    if (!existsSync(${JSON.stringify(marker)})) {
      writeFileSync(${JSON.stringify(marker)}, 'blocked once');
      for (;;) {}
    }
    for (let k = 0; k < out.length; k++) out[k] = -inputs.returns[k];
  },
}];\n`;
}

type Attempt = { ok: boolean | null; stalled?: boolean; resume: boolean; telemetry?: Record<string, any> };

describe('wf-gates telemetry and stall detection', () => {
  let tmp: string;
  let config: string;
  const out = (name: string): string => join(tmp, name);
  const marker = (): string => join(tmp, 'stall.marker');
  const gates = (name: string, ...flags: string[]) =>
    runGates(['--config', config, '--out', out(name), '--cache-dir', join(tmp, 'cache'), '--log-level', 'warn', '--workers', '1', ...flags]);

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'wf-telemetry-'));
    writeSampleMarket({ dir: join(tmp, 'prices'), market: generateSampleMarket({ symbols: 40, days: 400, seed: 11 }) });
    config = join(tmp, 'config.yaml');
    writeFileSync(config, CONFIG);
    writeFileSync(join(tmp, 'stall.mjs'), stallModule(marker()));
  });

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('records where each shard spent its time: stages that account for its wall time, compute stages, caches, peak memory', async () => {
    writeFileSync(marker(), 'never block');
    const run = await gates('clean', '--wf-shards', '2');
    expect(run.code, run.stderr).toBe(1);
    const manifest = readManifest(out('clean'));
    for (const shard of manifest['shards'] as { attempts: Attempt[] }[]) {
      const telemetry = shard.attempts.at(-1)?.telemetry as Record<string, any>;
      expect(telemetry).toBeDefined();
      const stages = telemetry['stages'] as Record<string, number>;
      const named = Object.entries(stages).filter(([stage]) => stage !== 'other').reduce((sum, [, ms]) => sum + ms, 0);
      // The named stages account for the shard's wall time (within 10%; `other` is the rest).
      expect(named).toBeGreaterThanOrEqual(0.9 * telemetry['wallMs']);
      expect(named).toBeLessThanOrEqual(telemetry['wallMs'] + 5);
      expect(Object.keys(stages)).toEqual(expect.arrayContaining(['setup', 'panelLoad', 'universe', 'compute', 'write', 'other']));
      const computeStages = telemetry['computeStages'] as Record<string, number>;
      expect(Object.keys(computeStages)).toEqual(expect.arrayContaining(['scores', 'ranking', 'dailyTables', 'evaluation', 'selection', 'rows']));
      const busy = Object.values(computeStages).reduce((sum, ms) => sum + ms, 0);
      // One compute thread (--workers 1): its busy time is the compute stage.
      expect(telemetry['computeThreads']).toBe(1);
      expect(Math.abs(busy - (stages['compute'] ?? 0))).toBeLessThanOrEqual(0.1 * (stages['compute'] ?? 0) + 5);
      expect(telemetry['caches']).toMatchObject({ panel: expect.stringMatching(/^(csv|cache)$/), signals: { hits: 0, computed: expect.any(Number) } });
      expect(telemetry['peakRssBytes']).toBeGreaterThan(10 * 1024 ** 2);
    }
    const report = readFileSync(join(out('clean'), 'telemetry.md'), 'utf8');
    expect(report).toMatch(/^# Where the time went/);
    expect(report).toMatch(/\| 0 \| \d+\.\d+ s \|/);
    expect(report).toContain('dailyTables');
  }, 120_000);

  it('stops a shard that stopped beating and retries it with --resume: the same bytes as a clean run', async () => {
    rmSync(marker(), { force: true });
    const clean = readRunOutputs(out('clean'));
    const run = await gates('stalled', '--wf-shards', '2', '--heartbeat-seconds', '1', '--stall-timeout', '8');
    expect(run.code, run.stderr).toBe(1);
    expect(existsSync(marker())).toBe(true);
    const records = run.stderr.split('\n').map(logRecord).filter((r) => r !== null);
    expect(records.some((r) => r['msg'] === 'shard stalled')).toBe(true);
    const manifest = readManifest(out('stalled'));
    const attempts = (manifest['shards'] as { factorIds: string[]; attempts: Attempt[] }[]).find((s) => s.factorIds.includes('stall'))?.attempts ?? [];
    expect(attempts.map((a) => [a.ok, a.stalled === true, a.resume])).toEqual([
      [false, true, false],
      [true, false, true],
    ]);
    expect(readRunOutputs(out('stalled'))).toEqual(clean);
  }, 120_000);

  it('refuses a stall timeout shorter than three heartbeats (exit 2, one line)', async () => {
    const run = await gates('bad', '--heartbeat-seconds', '2', '--stall-timeout', '5');
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(/^wf-gates: --stall-timeout 5 is invalid: expected a number of seconds > 3 heartbeats \(6 s\), or 0 for never$/);
  });
});
