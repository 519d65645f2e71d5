import type { ShardJob } from './ShardLauncher.js';

/**
 * The `wf-walk-forward` flags of a shard job: its factors (`--factors`), labelled with its
 * shard index and count. Shards always log at info level (NDJSON on stderr and in their
 * run.log): their heartbeats feed the orchestrator's progress view.
 */
export function walkForwardArgs(job: ShardJob): string[] {
  const args = [
    '--config',
    job.configPath,
    '--out',
    job.outDir,
    '--factors',
    job.factorIds.join(','),
    '--shard-index',
    String(job.shardIndex),
    '--shard-count',
    String(job.shardCount),
    '--cache-dir',
    job.cacheDir,
    '--log-level',
    'info',
    '--lock-wait',
    String(job.lockWaitMs / 1000),
    '--workers',
    String(job.workers),
    '--heartbeat-seconds',
    String(job.heartbeatSeconds),
  ];
  if (job.runLock !== null) args.push('--run-lock', job.runLock.path, '--run-lock-token', job.runLock.token);
  if (job.pricesDir !== null) args.push('--prices', job.pricesDir);
  if (job.useCache) args.push('--use-cache');
  if (job.refreshCache) args.push('--refresh-cache');
  if (job.resume) args.push('--resume');
  if (job.maxMemoryBytes != null) args.push('--max-memory-gb', String(job.maxMemoryBytes / 1024 ** 3));
  return args;
}
