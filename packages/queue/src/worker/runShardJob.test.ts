import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeCodeIdentity, generateSampleMarket, loadPanel, writeSampleMarket } from '@wf/engine';
import type { ShardJob } from '@wf/gates';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShardProgressRecord, ShardQueueJobData, ShardQueueResult } from '../ShardQueueJob.js';
import { runShardJob } from './runShardJob.js';

const CONFIG = `data: { prices: prices }
universe: { min_history: 20, min_price: 5, min_dollar_volume: 1.0e6 }
windows: { warmup_days: 80, train_days: 100, test_days: 40 }
objective: sharpe
factors:
  - { id: reversal, space: { lookback: [3, 5, 10] } }
  - { id: momentum, space: { lookback: [40, 60], skip: [0, 5] } }
`;

describe('runShardJob', () => {
  let dir: string;
  let data: ShardQueueJobData;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wf-run-shard-job-'));
    writeSampleMarket({ dir: join(dir, 'prices'), market: generateSampleMarket({ symbols: 40, days: 420, seed: 3 }) });
    writeFileSync(join(dir, 'config.yaml'), CONFIG);
    const panel = await loadPanel({ pricesDir: join(dir, 'prices'), marketCapsDir: null, calendarFile: null, cacheDir: null });
    const code = await computeCodeIdentity({ factorModules: [], baseDir: dir });
    const shard: ShardJob = {
      factorIds: ['momentum', 'reversal'],
      shardIndex: 0,
      shardCount: 1,
      configPath: join(dir, 'config.yaml'),
      outDir: join(dir, 'shards', '0'),
      pricesDir: null,
      useCache: false,
      cacheDir: join(dir, 'cache'),
      refreshCache: false,
      resume: false,
      concurrentShards: 1,
      workers: 1,
      runLock: null,
      lockWaitMs: 0,
      identity: { dataFingerprint: panel.fingerprint, codeSha256: code.sha256 },
    };
    data = { shard, dataFingerprint: panel.fingerprint, codeSha256: code.sha256, cancelKey: 'unused', partialKey: 'unused', resumeFiles: null };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (job: ShardQueueJobData, options: { signal?: AbortSignal; onRecord?: (record: ShardProgressRecord) => void; onPartial?: (partial: ShardQueueResult) => Promise<void> } = {}) =>
    runShardJob({
      data: job,
      worker: 'w',
      tempDir: dir,
      cacheDir: join(dir, 'cache'),
      pricesDir: null,
      maxResultBytes: 64 * 1024 * 1024,
      defaultWorkers: 1,
      signal: options.signal ?? new AbortController().signal,
      onRecord: options.onRecord ?? (() => undefined),
      ...(options.onPartial === undefined ? {} : { onPartial: options.onPartial }),
    });
  // run.log and telemetry.json hold times: every other file is the same bytes.
  const withoutLog = (files: Readonly<Record<string, string>>): Record<string, string> =>
    Object.fromEntries(Object.entries(files).filter(([name]) => name !== 'run.log' && name !== 'telemetry.json'));

  it('hands a stopped shard\'s flushed rows to onPartial, and a job carrying them continues from them to the uninterrupted bytes', async () => {
    const full = await run(data);
    const stop = new AbortController();
    let partial: ShardQueueResult | null = null;
    await expect(
      run(data, {
        signal: stop.signal,
        // Stopped after its second unit: it ends before the third.
        onRecord: (record) => {
          if (record.msg === 'heartbeat' && Number(record['unitsDone']) === 2) stop.abort('test');
        },
        onPartial: async (rows) => {
          partial = rows;
        },
      }),
    ).rejects.toThrow();
    const rows = partial as ShardQueueResult | null;
    expect(rows).not.toBeNull();
    expect(Object.keys(rows?.files ?? {})).toContain('run.json');
    expect(rows?.files['run.log']).toBeUndefined();
    expect(rows?.files['walk_forward_summary.csv']?.split('\n').length).toBeLessThan(full.files['walk_forward_summary.csv']?.split('\n').length ?? 0);
    let resumedUnits: unknown = null;
    const resumed = await run({ ...data, resumeFiles: { files: rows?.files ?? {}, bytes: rows?.bytes ?? {} } }, {
      onRecord: (record) => {
        if (record.msg === 'run planned') resumedUnits = record['unitsResumed'];
      },
    });
    expect(resumedUnits).toBe(2);
    expect(withoutLog(resumed.files)).toEqual(withoutLog(full.files));
  });
});
