/**
 * Shards on a BullMQ queue as real processes: a private redis-server, two `wf-worker`
 * processes and `wf-gates --launcher bullmq`, on the generated market the gates tests use.
 * The merged outputs are the local launcher's bytes; a worker SIGKILLed mid-shard loses its
 * job to the other worker (BullMQ's stalled-job check) and the outputs are still the same
 * bytes; a worker whose data differ refuses the job and the run says why. Skipped, with the
 * reason, when redis-server is not on PATH.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSampleMarket, writeSampleMarket } from '@wf/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNodeScript } from '../../../test-support/runNodeScript.js';
import type { RunningScript } from '../../../test-support/runNodeScript.js';
import { redisSkipReason, startRedisServer } from './redisServer.js';
import type { RedisServer } from './redisServer.js';
import { killWorkerProcesses, startWorkerProcess, stopWorkerProcess } from './workerProcess.js';
import type { WorkerProcess } from './workerProcess.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const gatesCli = join(repoRoot, 'scripts/bundle/run-production-gates.js');
const workerCli = join(repoRoot, 'scripts/bundle/run-worker.js');

const CONFIG = `data: { prices: prices }
universe: { min_history: 20, min_price: 5, min_dollar_volume: 1.0e6 }
windows: { warmup_days: 80, train_days: 100, test_days: 40 }
objective: sharpe
gates: { min_universe_mean: 20 }
factors:
  - { id: reversal, space: { lookback: [3, 5, 10] } }
  - { id: momentum, space: { lookback: [40, 60], skip: [0, 5] } }
  - { id: low_liquidity, params: { lookback: 20 } }
  - { id: high_52w, params: { lookback: 60 } }
  - { id: amihud, params: { lookback: 20 } }
`;
const OUTPUTS = ['walk_forward_summary.csv', 'universe_audit.csv', 'oos_daily.csv', 'candidates.csv', 'oos_gaps.csv', 'gate_report.csv', 'gate_report.json'];

const skip = redisSkipReason();
// One line in the run's output besides the skipped suite's name, which carries the reason too.
if (skip !== null) process.stderr.write(`packages/queue/test/queue.cli.test.ts skipped: ${skip}\n`);

describe.skipIf(skip !== null)(`wf-worker and wf-gates --launcher bullmq${skip === null ? '' : ` (skipped: ${skip})`}`, () => {
  let tmp: string;
  let redis: RedisServer;
  let config: string;
  let reference: Record<string, string>;
  const workers: WorkerProcess[] = [];

  const startWorker = (name: string, queue: string, ...flags: string[]): Promise<WorkerProcess> =>
    startWorkerProcess({ workerCli, redisUrl: redis.url, queue, name, tmp, cwd: repoRoot, flags }, (worker) => workers.push(worker));
  const stopWorker = stopWorkerProcess;
  const gates = (out: string, shards: number, flags: readonly string[], onStderrLine?: (line: string, child: RunningScript) => void) =>
    runNodeScript({
      script: gatesCli,
      args: ['--config', config, '--out', join(tmp, out), '--cache-dir', join(tmp, 'cache-gates'), '--log-level', 'info', '--wf-shards', String(shards), '--cache-max-gb', '0', ...flags],
      cwd: repoRoot,
      ...(onStderrLine === undefined ? {} : { onStderrLine }),
    });
  const outputs = (out: string): Record<string, string> => Object.fromEntries(OUTPUTS.map((name) => [name, readFileSync(join(tmp, out, name), 'utf8')]));
  const manifest = (out: string): { shards: { attempts: { worker?: string; ok: boolean | null; lastError: string }[] }[] } => JSON.parse(readFileSync(join(tmp, out, 'manifest.json'), 'utf8'));

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'wf-queue-'));
    redis = await startRedisServer();
    writeSampleMarket({ dir: join(tmp, 'prices'), market: generateSampleMarket({ symbols: 60, days: 500, seed: 7 }) });
    config = join(tmp, 'config.yaml');
    writeFileSync(config, CONFIG);
    const local = await gates('local', 2, []);
    expect(local.code, local.stderr.slice(-2000)).toBe(1);
    reference = outputs('local');
  }, 120_000);

  afterAll(async () => {
    await killWorkerProcesses(workers);
    await redis?.stop();
    if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  });

  it('runs the shards on two workers and merges the local launcher\'s bytes; the manifest names each attempt\'s worker; SIGTERM stops a worker with exit 0', async () => {
    const pair = await Promise.all([startWorker('w1', 'q-plain'), startWorker('w2', 'q-plain')]);
    const run = await gates('queued', 2, ['--launcher', 'bullmq', '--redis-url', redis.url, '--queue', 'q-plain']);
    expect(run.code, run.stderr.slice(-2000)).toBe(1);
    expect(outputs('queued')).toEqual(reference);
    const attempts = manifest('queued').shards.flatMap((s) => s.attempts);
    expect(attempts).toHaveLength(2);
    for (const attempt of attempts) {
      expect(attempt.ok).toBe(true);
      expect(['w1', 'w2']).toContain(attempt.worker);
    }
    for (const worker of pair) expect(await stopWorker(worker)).toBe(0);
  });

  it('finishes a job on the other worker when its worker is SIGKILLed mid-shard, with the same bytes', async () => {
    const pair = await Promise.all([startWorker('k1', 'q-kill'), startWorker('k2', 'q-kill')]);
    let killed: string | null = null;
    for (const worker of pair) {
      worker.onLine = (line) => {
        // Killed 0.3 s after it took the job: mid-shard (a shard here takes a few seconds).
        if (killed === null && line.includes('"job taken"')) {
          killed = worker.name;
          setTimeout(() => worker.child.kill('SIGKILL'), 300);
        }
      };
    }
    // One shard: one job, so the surviving worker is idle and takes it over.
    const run = await gates('killed', 1, ['--launcher', 'bullmq', '--redis-url', redis.url, '--queue', 'q-kill', '--retries', '0']);
    expect(run.code, run.stderr.slice(-2000)).toBe(1);
    expect(killed).not.toBeNull();
    const victim = pair.find((w) => w.name === killed) as WorkerProcess;
    const survivor = pair.find((w) => w.name !== killed) as WorkerProcess;
    expect(victim.child.signalCode).toBe('SIGKILL');
    expect(survivor.stderr).toContain('"job done"');
    expect(outputs('killed')).toEqual(reference);
    const attempts = manifest('killed').shards.flatMap((s) => s.attempts);
    expect(attempts, JSON.stringify(manifest('killed').shards)).toHaveLength(1);
    expect(attempts[0]?.worker).toBe(survivor.name);
    expect(run.stderr).toContain('"worker":"' + victim.name + '"');
    await stopWorker(survivor);
  });

  it('picks up, on --resume, the jobs its SIGKILLed orchestrator left running: none is computed twice, the same bytes', async () => {
    const pair = await Promise.all([startWorker('r1', 'q-resume'), startWorker('r2', 'q-resume')]);
    const taken = (): number => pair.reduce((n, w) => n + (w.stderr.match(/"job taken"/g)?.length ?? 0), 0);
    const done = (): number => pair.reduce((n, w) => n + (w.stderr.match(/"job done"/g)?.length ?? 0), 0);
    const flags = ['--launcher', 'bullmq', '--redis-url', redis.url, '--queue', 'q-resume', '--retries', '0'];
    // Both shards taken: the orchestrator dies, its jobs run on.
    let orchestrator: RunningScript | null = null;
    const killIfBothTaken = (): void => {
      if (taken() === 2) orchestrator?.kill('SIGKILL');
    };
    for (const worker of pair) worker.onLine = killIfBothTaken;
    const killed = await gates('resumed', 2, flags, (_line, child) => {
      orchestrator = child;
      killIfBothTaken();
    });
    expect(killed.signal).toBe('SIGKILL');
    // A shard whose files the orchestrator wrote before it died (unlikely: both had just started)
    // goes out again with its finished rows, computing nothing.
    const writtenBeforeKill = [0, 1].filter((k) => existsSync(join(tmp, 'resumed', 'shards', String(k), 'run.json'))).length;
    const deadline = Date.now() + 60_000;
    while (done() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(done()).toBe(2);
    const resumed = await gates('resumed', 2, [...flags, '--resume']);
    expect(resumed.code, resumed.stderr.slice(-2000)).toBe(1);
    expect(outputs('resumed')).toEqual(reference);
    // Picked up from Redis: no worker took a job of the resumed run.
    expect(taken(), resumed.stderr.slice(-3000)).toBe(2 + writtenBeforeKill);
    const attempts = manifest('resumed').shards.map((s) => s.attempts.at(-1));
    for (const attempt of attempts) {
      expect(attempt?.ok).toBe(true);
      expect(['r1', 'r2']).toContain(attempt?.worker);
    }
    for (const worker of pair) expect(await stopWorker(worker)).toBe(0);
  });

  it('finishes its running job on SIGTERM, then exits 0, with the same bytes', async () => {
    const worker = await startWorker('t1', 'q-term');
    worker.onLine = (line) => {
      if (line.includes('"job taken"')) worker.child.kill('SIGTERM');
    };
    const run = await gates('terminated', 1, ['--launcher', 'bullmq', '--redis-url', redis.url, '--queue', 'q-term', '--retries', '0']);
    expect(run.code, run.stderr.slice(-2000)).toBe(1);
    expect(outputs('terminated')).toEqual(reference);
    expect(await worker.exited).toBe(0);
    const order = ['"job taken"', '"stopping: finishing running jobs"', '"job done"', '"worker stopped"'].map((msg) => worker.stderr.indexOf(msg));
    expect(order.every((at, k) => at >= 0 && (k === 0 || at > (order[k - 1] as number))), worker.stderr).toBe(true);
  });

  it('refuses a job on a worker whose data differ, and the run fails saying why', async () => {
    writeSampleMarket({ dir: join(tmp, 'other-prices'), market: generateSampleMarket({ symbols: 60, days: 500, seed: 8 }) });
    const other = await startWorker('other-data', 'q-other', '--prices', join(tmp, 'other-prices'));
    const run = await gates('refused', 1, ['--launcher', 'bullmq', '--redis-url', redis.url, '--queue', 'q-other', '--retries', '0']);
    expect(run.code).toBe(2);
    const last = run.stderr.trim().split('\n').at(-1) ?? '';
    expect(last).toMatch(/^wf-gates: /);
    expect(last).toContain('worker other-data refused the job: its data differ from the run\'s');
    expect(manifest('refused').shards[0]?.attempts[0]?.lastError).toContain('refused the job');
    await stopWorker(other);
  });

  it('stops a running job at --shard-timeout: the worker is told through Redis and fails the job, wf-gates exits 2 saying it timed out', async () => {
    // One shard of the S&P nightly (several seconds here, far beyond the 1.5 s limit).
    const worker = await startWorker('slow', 'q-timeout');
    const sp500 = join(repoRoot, '../shared/configs/sp500-nightly.yaml');
    const run = await runNodeScript({
      script: gatesCli,
      args: ['--config', sp500, '--out', join(tmp, 'timed-out'), '--cache-dir', join(tmp, 'cache-timeout'), '--log-level', 'warn', '--launcher', 'bullmq', '--redis-url', redis.url, '--queue', 'q-timeout', '--retries', '0', '--shard-timeout', '1.5'],
      cwd: repoRoot,
    });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(/^wf-gates: 1 shard failed: shard 0 \(1 attempt, timed out after 1.5 s/);
    const deadline = Date.now() + 20_000;
    while (!worker.stderr.includes('"job failed"') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(worker.stderr).toMatch(/"reason":"[^"]*timed out after 1\.5 s","msg":"job failed"/);
    expect(await stopWorker(worker)).toBe(0);
  });

  it('refuses bad flags with one line and exit 2', async () => {
    const noUrl = await gates('no-url', 1, ['--launcher', 'bullmq']);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toBe('wf-gates: --launcher bullmq needs --redis-url (see --help)\n');
    const badUrl = await runNodeScript({ script: workerCli, args: ['--redis-url', 'localhost:6379'], cwd: repoRoot });
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toBe('wf-worker: --redis-url "localhost:6379" is invalid: expected redis://host:port\n');
    // A port nothing listens on (redis-server stopped there would do the same): one line, not a hang.
    const closed = 'redis://127.0.0.1:1';
    const unreachable = await runNodeScript({ script: workerCli, args: ['--redis-url', closed], cwd: repoRoot });
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/^wf-worker: cannot reach Redis at redis:\/\/127\.0\.0\.1:1: .*ECONNREFUSED.*\n$/);
    const gatesUnreachable = await gates('unreachable', 1, ['--launcher', 'bullmq', '--redis-url', closed]);
    expect(gatesUnreachable.code).toBe(2);
    expect(gatesUnreachable.stderr).toMatch(/^wf-gates: cannot reach Redis at redis:\/\/127\.0\.0\.1:1: .*ECONNREFUSED.*\n$/);
    const badConcurrency = await runNodeScript({ script: workerCli, args: ['--redis-url', redis.url, '--concurrency', '0'], cwd: repoRoot });
    expect(badConcurrency.code).toBe(2);
    expect(badConcurrency.stderr).toBe('wf-worker: --concurrency 0 is invalid: expected an integer >= 1\n');
  });

  it('gives the local launcher\'s bytes on the S&P 500 nightly config (../shared/configs/sp500-nightly.yaml) with two workers', async () => {
    const sp500 = join(repoRoot, '../shared/configs/sp500-nightly.yaml');
    const run = (out: string, ...flags: string[]) =>
      runNodeScript({
        script: gatesCli,
        args: ['--config', sp500, '--out', join(tmp, out), '--cache-dir', join(tmp, 'cache-sp500'), '--log-level', 'warn', '--wf-shards', '2', '--cache-max-gb', '0', ...flags],
        cwd: repoRoot,
      });
    const local = await run('sp500-local');
    expect(local.code, local.stderr.slice(-2000)).toBeLessThan(2);
    const pair = await Promise.all([startWorker('s1', 'q-sp500'), startWorker('s2', 'q-sp500')]);
    const queued = await run('sp500-queued', '--launcher', 'bullmq', '--redis-url', redis.url, '--queue', 'q-sp500');
    expect(queued.code).toBe(local.code);
    expect(outputs('sp500-queued')).toEqual(outputs('sp500-local'));
    for (const attempt of manifest('sp500-queued').shards.flatMap((s) => s.attempts)) expect(['s1', 's2']).toContain(attempt.worker);
    for (const worker of pair) expect(await stopWorker(worker)).toBe(0);
  }, 240_000);
});
