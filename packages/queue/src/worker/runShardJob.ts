import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { computeCodeIdentity, loadConfig, loadPanel, loadPanelOptionsOf, scoreTablesOf } from '@wf/engine';
import { isLockFileName, RUN_LOG_FILE, runWalkForward } from '@wf/walk-forward';
import { ShardJobRefusedError } from '../errors.js';
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
  readonly signal: AbortSignal;
  readonly onRecord: (record: ShardProgressRecord) => void;
};

/**
 * Runs one shard job on this worker: checks that its data (loadPanel's fingerprint of the
 * prices it sees) and its code (computeCodeIdentity of the config's factor modules) are the
 * orchestrator's, refusing the job with the difference otherwise (ShardJobRefusedError), then
 * runs the shard with runWalkForward, the engine code of a local shard, into a private
 * folder, and returns that folder's files as text. Every attempt starts from an empty folder:
 * a retry recomputes the shard, which gives the same bytes.
 */
export async function runShardJob(options: RunShardJobOptions): Promise<ShardQueueResult> {
  const { data, worker } = options;
  const shard = data.shard;
  const config = await loadConfig(shard.configPath);
  const pricesDir = options.pricesDir ?? shard.pricesDir ?? config.data.prices;
  const panel = await loadPanel({
    ...loadPanelOptionsOf(config.data, pricesDir),
    cacheDir: options.cacheDir,
    refreshCache: shard.refreshCache,
    shared: shard.workers > 1,
  });
  if (panel.fingerprint !== data.dataFingerprint) {
    throw new ShardJobRefusedError({
      worker,
      reason: `its data differ from the run's: prices ${pricesDir} have fingerprint ${panel.fingerprint.slice(0, 12)}.., the run's is ${data.dataFingerprint.slice(0, 12)}..`,
    });
  }
  const code = await computeCodeIdentity({ factorModules: config.factorModules, baseDir: dirname(resolve(shard.configPath)), scoreTables: scoreTablesOf(config.factors) });
  if (code.sha256 !== data.codeSha256) {
    throw new ShardJobRefusedError({
      worker,
      reason: `its code differs from the run's: code identity ${code.sha256.slice(0, 12)}.. (${code.engine.build} build), the run's is ${data.codeSha256.slice(0, 12)}..`,
    });
  }
  if (options.signal.aborted) throw new Error(`cancelled: ${String(options.signal.reason)}`);
  const runDir = mkdtempSync(join(options.tempDir, `wf-shard-${shard.shardIndex}-`));
  const outDir = join(runDir, 'out');
  const logLines: string[] = [];
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
      resume: false,
      workers: shard.workers,
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
    const files: Record<string, string> = {};
    const bytes: Record<string, number> = {};
    let total = 0;
    for (const name of readdirSync(outDir).sort()) {
      if (isLockFileName(name) || !statSync(join(outDir, name)).isFile()) continue;
      const buffer = readFileSync(join(outDir, name));
      total += buffer.length;
      if (total > options.maxResultBytes) {
        throw new ShardJobRefusedError({ worker, reason: `the shard's files exceed the result limit of ${options.maxResultBytes} bytes (at ${name}: ${total} bytes so far)` });
      }
      files[name] = buffer.toString('utf8');
      bytes[name] = buffer.length;
    }
    return { worker, files, bytes };
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}
