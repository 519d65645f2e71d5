import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadConfig, loadPanel, loadPanelOptionsOf, scoreTablesOf } from '@wf/engine';
import { isLockFileName, RUN_LOG_FILE, RUN_STATE_FILE, runWalkForward } from '@wf/walk-forward';
import { ShardJobRefusedError } from '../errors.js';
import { writeShardResult } from '../launcher/writeShardResult.js';
import { readShardFiles } from '../shardFiles.js';
import { checkJobIdentity } from './checkJobIdentity.js';
import type { ShardProgressRecord, ShardQueueJobData, ShardQueueResult } from '../ShardQueueJob.js';

export type RunShardJobOptions = {
  readonly data: ShardQueueJobData;
  /** This worker's name (host:pid unless given): recorded in the result and the manifest. */
  readonly worker: string;
  /** Where the shard's private run folder is made (and removed after). */
  readonly tempDir: string;
  /** This worker's cache folder (panels always; signals and windows when the job uses the cache). */
  readonly cacheDir: string;
  /** This worker's prices folder; null: the job's (or the config's). */
  readonly pricesDir: string | null;
  /** Refuse to return more than this many bytes of files (Redis values are at most 512 MB). */
  readonly maxResultBytes: number;
  /** Threads of a job whose `workers` is 0 (the orchestrator left it to this machine): its cores / its jobs at once. */
  readonly defaultWorkers: number;
  readonly signal: AbortSignal;
  readonly onRecord: (record: ShardProgressRecord) => void;
  /** Hears the shard's files when it fails after starting (not when refused): its flushed rows, for the next attempt. */
  readonly onPartial?: (partial: ShardQueueResult) => Promise<void>;
};

/**
 * Runs one shard job on this worker: checks that its data (loadPanel's fingerprint of the
 * prices it sees) and its code (computeCodeIdentity of the config's factor modules) are the
 * orchestrator's, refusing the job with the difference otherwise (ShardJobRefusedError), then
 * runs the shard with runWalkForward, the engine code of a local shard, into a private
 * folder, and returns that folder's files as text. A job carrying `resumeFiles` (a retry, or a
 * resumed gate run) starts from them with the runner's resume (finished units are kept); a
 * failure after the start hands the flushed rows to `onPartial`.
 */
export async function runShardJob(options: RunShardJobOptions): Promise<ShardQueueResult> {
  const { data, worker } = options;
  const shard = data.shard;
  const workers = shard.workers > 0 ? shard.workers : options.defaultWorkers;
  const config = await loadConfig(shard.configPath);
  const pricesDir = options.pricesDir ?? shard.pricesDir ?? config.data.prices;
  const panel = await loadPanel({
    ...loadPanelOptionsOf(config.data, pricesDir),
    cacheDir: options.cacheDir,
    refreshCache: shard.refreshCache,
    shared: workers > 1,
  });
  const code = await checkJobIdentity({
    worker,
    pricesDir,
    dataFingerprint: panel.fingerprint,
    factorModules: config.factorModules,
    scoreTables: scoreTablesOf(config.factors),
    baseDir: dirname(resolve(shard.configPath)),
    expected: data,
  });
  if (options.signal.aborted) throw new Error(`cancelled: ${String(options.signal.reason)}`);
  const runDir = mkdtempSync(join(options.tempDir, `wf-shard-${shard.shardIndex}-`));
  const outDir = join(runDir, 'out');
  const logLines: string[] = [];
  // A retried or resumed shard continues from the rows an earlier attempt returned (checked byte counts).
  const resumeFiles = data.resumeFiles;
  if (resumeFiles !== null && Object.keys(resumeFiles.files).length > 0) {
    const problem = writeShardResult(outDir, { worker: 'the launcher', ...resumeFiles });
    if (problem !== null) throw new ShardJobRefusedError({ worker, reason: problem });
  }
  try {
    await runWalkForward({
      configPath: shard.configPath,
      outDir,
      pricesDir,
      factorIds: shard.factorIds,
      shardIndex: shard.shardIndex,
      shardCount: shard.shardCount,
      useCache: shard.useCache,
      cacheDir: options.cacheDir,
      refreshCache: shard.refreshCache,
      resume: resumeFiles !== null,
      workers,
      lockWaitMs: 0,
      runLock: null,
      signal: options.signal,
      preloaded: { panel, code },
      onEvent: (event) => {
        const { type, ...fields } = event;
        const record = { msg: type, ...fields };
        logLines.push(JSON.stringify({ level: type === 'cache entry corrupt' ? 40 : 30, time: Date.now(), worker, ...record }));
        options.onRecord(record);
      },
    });
    writeFileSync(join(outDir, RUN_LOG_FILE), logLines.length === 0 ? '' : `${logLines.join('\n')}\n`, { flag: 'a' });
    return { worker, ...readShardFiles({ dir: outDir, withLog: true, maxBytes: options.maxResultBytes, worker }) };
  } catch (error) {
    // The rows flushed before the failure go back to the launcher, for the retry or a resumed run to continue from.
    if (!(error instanceof ShardJobRefusedError) && existsSync(join(outDir, RUN_STATE_FILE))) {
      await options.onPartial?.({ worker, ...readShardFiles({ dir: outDir, withLog: false, maxBytes: options.maxResultBytes, worker }) }).catch(() => undefined);
    }
    throw error;
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}
