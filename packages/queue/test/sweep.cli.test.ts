/**
 * Sweeps on a BullMQ queue as real processes: a private redis-server, two `wf-worker`
 * processes and `wf-optimize --launcher bullmq`. results.ndjson, top.json and the artifacts are
 * the bytes of a local `wf-optimize` (on the S&P 500 panel, and with per-candidate timeouts on a
 * user factor module); an orchestrator SIGKILLed mid-sweep and resumed with `--resume` ends with
 * the same bytes; a worker whose data differ refuses the chunks and the sweep exits 2 saying why.
 * Skipped, with the reason, when redis-server is not on PATH.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSampleMarket, writeSampleMarket } from '@wf/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNodeScript } from '../../../test-support/runNodeScript.js';
import { sleepyFactorModule } from '../../../test-support/sleepyFactorModule.js';
import { redisSkipReason, startRedisServer } from './redisServer.js';
import type { RedisServer } from './redisServer.js';
import { killWorkerProcesses, startWorkerProcess, stopWorkerProcess } from './workerProcess.js';
import type { WorkerProcess } from './workerProcess.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const optimizeCli = join(repoRoot, 'scripts/bundle/run-optimization.js');
const workerCli = join(repoRoot, 'scripts/bundle/run-worker.js');
const SP500 = join(repoRoot, '../shared/configs/sp500-nightly.yaml');

const CONFIG = `data: { prices: prices }
universe: { min_history: 20, min_price: 5, min_dollar_volume: 1.0e6 }
windows: { warmup_days: 60, train_days: 120, test_days: 40 }
portfolio: { construction: quantile_long_short, quantiles: 5, holding_days: 1, cost_bps: 10, min_names: 10 }
objective: sharpe
factor_modules: [sleepy.mjs]
factors:
  - { id: sleepy_reversal, space: { lookback: [3, 5], delay_ms: [0] } }
`;

const skip = redisSkipReason();
if (skip !== null) process.stderr.write(`packages/queue/test/sweep.cli.test.ts skipped: ${skip}\n`);

describe.skipIf(skip !== null)(`wf-optimize --launcher bullmq${skip === null ? '' : ` (skipped: ${skip})`}`, () => {
  let tmp: string;
  let redis: RedisServer;
  let config: string;
  const workers: WorkerProcess[] = [];
  let pair: WorkerProcess[] = [];

  const optimizeArgs = (configPath: string, out: string, flags: readonly string[]): string[] => [
    '--config', configPath, '--out', join(tmp, out), '--cache-dir', join(tmp, 'cache-optimize'), '--log-level', 'warn', ...flags,
  ];
  const optimize = (configPath: string, out: string, flags: readonly string[]) => runNodeScript({ script: optimizeCli, args: optimizeArgs(configPath, out, flags), cwd: repoRoot });
  const queued = ['--launcher', 'bullmq', '--queue', 'q-sweep'];
  /** Every file of a sweep folder but the checkpoint (its record count depends on when it was written); top.json names its artifacts by absolute path, the folder's is <out>. */
  const sweepFiles = (out: string): Record<string, string> => {
    const dir = join(tmp, out);
    const names = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ndjson') || name.endsWith('.csv') || name === 'top.json' || name === 'run.json');
    return Object.fromEntries(names.sort().map((name) => [name, readFileSync(join(dir, name), 'utf8').replaceAll(dir, '<out>')]));
  };
  const lineCount = (path: string): number => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').length - 1 : 0);

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'wf-queue-sweep-'));
    redis = await startRedisServer();
    writeSampleMarket({ dir: join(tmp, 'prices'), market: generateSampleMarket({ symbols: 60, days: 400, seed: 11 }) });
    writeFileSync(join(tmp, 'sleepy.mjs'), sleepyFactorModule('sleepy_reversal'));
    config = join(tmp, 'config.yaml');
    writeFileSync(config, CONFIG);
    pair = await Promise.all(['s1', 's2'].map((name) => startWorkerProcess({ workerCli, redisUrl: redis.url, queue: 'q-sweep', name, tmp, cwd: repoRoot }, (w) => workers.push(w))));
  }, 120_000);

  afterAll(async () => {
    await killWorkerProcesses(workers);
    await redis?.stop();
    if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  });

  it('gives local wf-optimize\'s results.ndjson, top.json and artifacts on the S&P 500 panel, the chunks shared by two workers', async () => {
    writeFileSync(join(tmp, 'momentum.yaml'), 'lookback: { min: 20, max: 260, step: 20 }\nskip: [0, 5, 21]\n');
    const flags = ['--factor', 'momentum', '--space', join(tmp, 'momentum.yaml'), '--start', '2014-02-07', '--end', '2015-02-06', '--artifacts', 'top:3'];
    const local = await optimize(SP500, 'sp500-local', flags);
    expect(local.code, local.stderr).toBe(0);
    const remote = await optimize(SP500, 'sp500-queued', [...flags, ...queued, '--redis-url', redis.url]);
    expect(remote.code, remote.stderr).toBe(0);
    // 13 x 3 candidates less lookback 20 with skip 21 (the skip must be shorter than the lookback).
    expect(lineCount(join(tmp, 'sp500-queued', 'results.ndjson'))).toBe(38);
    expect(sweepFiles('sp500-queued')).toEqual(sweepFiles('sp500-local'));
    expect(Object.keys(sweepFiles('sp500-local')).filter((name) => name.endsWith('.csv'))).toHaveLength(3);
    expect(remote.stdout).toBe(local.stdout.replace(join(tmp, 'sp500-local'), join(tmp, 'sp500-queued')));
    for (const worker of pair) expect(worker.stderr, worker.name).toContain('"chunk done"');
  }, 120_000);

  it('records the same TIMEOUT candidates as a local run: the per-candidate limit runs on the worker', async () => {
    writeFileSync(join(tmp, 'timeouts.yaml'), 'lookback: [3, 5, 8]\ndelay_ms: [0, 2500]\n');
    const flags = ['--factor', 'sleepy_reversal', '--space', join(tmp, 'timeouts.yaml'), '--timeout-ms', '1000'];
    const local = await optimize(config, 'timeouts-local', flags);
    expect(local.code, local.stderr).toBe(0);
    const remote = await optimize(config, 'timeouts-queued', [...flags, ...queued, '--redis-url', redis.url]);
    expect(remote.code, remote.stderr).toBe(0);
    const results = sweepFiles('timeouts-queued');
    expect(results['results.ndjson']?.match(/"status":"TIMEOUT"/g)).toHaveLength(3);
    expect(results).toEqual(sweepFiles('timeouts-local'));
  }, 120_000);

  it('resumes a sweep whose wf-optimize was SIGKILLed mid-run with --resume, ending with the local bytes', async () => {
    writeFileSync(join(tmp, 'slow.yaml'), 'lookback: { min: 2, max: 41, step: 1 }\ndelay_ms: [100]\n');
    const flags = ['--factor', 'sleepy_reversal', '--space', join(tmp, 'slow.yaml'), '--checkpoint-interval', '5'];
    const local = await optimize(config, 'slow-local', [...flags, '--workers', '2']);
    expect(local.code, local.stderr).toBe(0);
    const child = spawn(process.execPath, [optimizeCli, ...optimizeArgs(config, 'slow-killed', [...flags, ...queued, '--redis-url', redis.url])], { cwd: repoRoot, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
    const results = join(tmp, 'slow-killed', 'results.ndjson');
    while (lineCount(results) < 12 && child.exitCode === null) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(lineCount(results)).toBeLessThan(40);
    const resumed = await optimize(config, 'slow-killed', [...flags, ...queued, '--redis-url', redis.url, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/40 candidates \(\d+ evaluated, [1-9]\d* resumed/);
    expect(sweepFiles('slow-killed')).toEqual(sweepFiles('slow-local'));
  }, 120_000);

  it('fails the sweep with one line when a worker refuses its chunks (other data), and refuses bad flags', async () => {
    writeSampleMarket({ dir: join(tmp, 'other-prices'), market: generateSampleMarket({ symbols: 60, days: 400, seed: 12 }) });
    const other = await startWorkerProcess({ workerCli, redisUrl: redis.url, queue: 'q-sweep-other', name: 'other-data', tmp, cwd: repoRoot, flags: ['--prices', join(tmp, 'other-prices')] }, (w) => workers.push(w));
    const run = await optimize(config, 'refused', ['--factor', 'sleepy_reversal', '--launcher', 'bullmq', '--queue', 'q-sweep-other', '--redis-url', redis.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^wf-optimize: sweep chunk sweep-\S+ failed on the queue: worker other-data refused the job: its data differ from the run's: prices .* have fingerprint [0-9a-f]{12}\.\., the run's is [0-9a-f]{12}\.\.\n$/);
    expect(await stopWorkerProcess(other)).toBe(0);
    const noUrl = await optimize(config, 'no-url', ['--factor', 'sleepy_reversal', '--launcher', 'bullmq']);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toBe('wf-optimize: --launcher bullmq needs --redis-url (see --help)\n');
    const unreachable = await optimize(config, 'unreachable', ['--factor', 'sleepy_reversal', '--launcher', 'bullmq', '--redis-url', 'redis://127.0.0.1:1']);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/^wf-optimize: cannot reach Redis at redis:\/\/127\.0\.0\.1:1: .*ECONNREFUSED.*\n$/);
  }, 60_000);
});
