import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROTOCOL_FILES } from '@wf/walk-forward';
import type { BenchScenario, OutputCheck } from './BenchScenario.js';
import { ScenarioFailedError } from '../errors.js';

export type QueueScenarioOptions = {
  /** The wf-gates script (the bundle the nightly runs). */
  readonly gatesScript: string;
  /** The wf-worker script (its bundle, beside wf-gates: the same code identity). */
  readonly workerScript: string;
  readonly nodePath: string;
  readonly configFor: (scenarioId: string) => string;
  readonly pricesDir: string | null;
  /** Shards of each run (`--wf-shards`). */
  readonly shards: number;
  /** wf-worker processes of the queued scenario (default: `shards`). */
  readonly queueWorkers?: number;
  /** The redis-server binary (default: `redis-server` on PATH). */
  readonly redisServer?: string;
};

/** redis-server and the wf-workers of the queued scenario: started once, before its first run (outside the measured time), stopped when wf-bench exits. */
type QueueServices = { readonly children: ChildProcess[] };

/**
 * Queue overhead (issue 15): the S&P nightly through `wf-gates` with its shards as local
 * processes (`queue-local`, the baseline) and as jobs on a BullMQ queue served by
 * `queueWorkers` local `wf-worker` processes through a private redis-server (`queue-bullmq`):
 * what the queue costs is the difference (job and result transfer through Redis, the workers'
 * own panel load and identity check). Both run without the signal and window caches (every
 * unit computed; a window cache would run the shards in-process) and with warm binary panel
 * caches (the orchestrator's and each worker's, warmed by the warm-up run). The workers and
 * Redis are long-running services, not part of each run: their CPU is not in the run's figures.
 * Both write the same protocol and gate files.
 */
export function queueScenarios(options: QueueScenarioOptions): BenchScenario[] {
  const workers = options.queueWorkers ?? options.shards;
  const outputs: OutputCheck[] = [...PROTOCOL_FILES.map((file) => file.name), 'gate_report.csv', 'gate_report.json'].map((file) => ({ file, ignoreKeys: [] }));
  let services: QueueServices | null = null;
  let redisUrl: string | null = null;
  const gates = (id: string, runDir: string, stateDir: string, extra: readonly string[]): string[] => [
    options.gatesScript,
    '--config',
    options.configFor(id),
    ...(options.pricesDir === null ? [] : ['--prices', options.pricesDir]),
    '--out',
    join(runDir, 'tonight'),
    '--cache-dir',
    join(stateDir, 'cache'),
    '--cache-max-gb',
    '0',
    '--wf-shards',
    String(options.shards),
    '--log-level',
    'warn',
    ...extra,
  ];
  return [
    {
      id: 'queue-local',
      group: 'queue',
      title: `wf-gates, ${options.shards} local shard processes`,
      baseline: true,
      outputs,
      plan: ({ runDir, stateDir }) => ({ processes: [gates('queue-local', runDir, stateDir, [])], mergeShards: null, outputDir: join(runDir, 'tonight'), okExitCodes: [0, 1], recordedDirs: [] }),
    },
    {
      id: 'queue-bullmq',
      group: 'queue',
      title: `wf-gates --launcher bullmq, ${options.shards} shards on ${workers} wf-worker processes through Redis`,
      baseline: false,
      outputs,
      plan: ({ runDir, stateDir }) => {
        const url = (redisUrl ??= `redis://127.0.0.1:${freePortSync(options.nodePath)}`);
        return {
          processes: [gates('queue-bullmq', runDir, stateDir, ['--launcher', 'bullmq', '--redis-url', url, '--queue', 'wf-bench'])],
          mergeShards: null,
          outputDir: join(runDir, 'tonight'),
          okExitCodes: [0, 1],
          recordedDirs: [],
          prepare: () => {
            services ??= startServices({ ...options, workers, stateDir, redisUrl: url });
          },
        };
      },
    },
  ];
}

/**
 * Starts redis-server (loopback, a free port, no persistence) and the workers, waits until
 * each worker logs `worker started`, and stops them all when this process exits. Runs inside
 * a scenario's prepare (synchronous): it sleeps with Atomics.wait between looks.
 */
function startServices(options: QueueScenarioOptions & { readonly workers: number; readonly stateDir: string; readonly redisUrl: string }): QueueServices {
  const children: ChildProcess[] = [];
  process.once('exit', () => {
    for (const child of children) child.kill('SIGKILL');
  });
  const port = Number(new URL(options.redisUrl).port);
  const failed = (command: string, stderrTail: string): ScenarioFailedError => new ScenarioFailedError({ scenario: 'queue-bullmq', command, exitCode: null, signal: null, stderrTail });
  // Unreferenced: wf-bench exits when its report is written, and its exit stops them.
  const service = (child: ChildProcess): void => {
    child.unref();
    children.push(child);
  };
  service(spawn(options.redisServer ?? 'redis-server', ['--save', '', '--appendonly', 'no', '--port', String(port), '--bind', '127.0.0.1'], { stdio: 'ignore' }));
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + 30_000;
  const connect = `require('net').connect(${port}, '127.0.0.1').on('connect', () => process.exit(0)).on('error', () => process.exit(1))`;
  while (spawnSync(options.nodePath, ['-e', connect]).status !== 0) {
    if (Date.now() > deadline) throw failed(`redis-server --port ${port}`, 'redis-server does not answer (is it installed?)');
    Atomics.wait(sleeper, 0, 0, 100);
  }
  mkdirSync(options.stateDir, { recursive: true });
  const logs: string[] = [];
  for (let k = 0; k < options.workers; k++) {
    const log = join(options.stateDir, `worker-${k}.log`);
    logs.push(log);
    const fd = openSync(log, 'w');
    const args = [options.workerScript, '--redis-url', options.redisUrl, '--queue', 'wf-bench', '--name', `bench-${k}`, '--cache-dir', join(options.stateDir, `worker-cache-${k}`)];
    service(spawn(options.nodePath, args, { stdio: ['ignore', 'ignore', fd] }));
    closeSync(fd);
  }
  while (logs.some((log) => !readFileSync(log, 'utf8').includes('"worker started"'))) {
    if (Date.now() > deadline || children.some((child) => child.exitCode !== null)) {
      throw failed(`wf-worker --redis-url ${options.redisUrl}`, logs.map((log) => readFileSync(log, 'utf8').slice(-500)).join('\n'));
    }
    Atomics.wait(sleeper, 0, 0, 100);
  }
  return { children };
}

/** A free loopback port, found by a throwaway process (prepare is synchronous). */
function freePortSync(nodePath: string): number {
  const found = spawnSync(nodePath, ['-e', "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close();})"], { encoding: 'utf8' });
  return Number(found.stdout);
}
