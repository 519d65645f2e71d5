import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { isWfError } from '@wf/engine';
import type { CodeIdentity, LoadedPanel } from '@wf/engine';
import { RUN_LOG_FILE, runWalkForward } from '@wf/walk-forward';
import type { ShardAttemptControls, ShardAttemptOutcome, ShardJob, ShardLauncher } from './ShardLauncher.js';

export type InProcessShardLauncherOptions = {
  /** The panel the orchestrator loaded for the run's config and data. */
  readonly panel: LoadedPanel;
  /** The run's code identity (computeCodeIdentity of the config's factor modules). */
  readonly code: CodeIdentity;
};

/**
 * Runs each shard inside the orchestrator's process: the same `runWalkForward` the
 * `wf-walk-forward` CLI runs, given the panel and code identity the orchestrator already has,
 * so a shard costs no process start, no panel load and no code hashing. wf-gates uses it
 * for a night whose every unit the window cache replays (nothing to compute, so nothing to
 * spread over cores); the shard files are the bytes a shard process writes. The shard's
 * events are its log records (`onRecord`) and lines of its run.log, as a process's are.
 * A timeout cannot stop work on this thread: the attempt ends when the run does.
 */
export class InProcessShardLauncher implements ShardLauncher {
  private readonly panel: LoadedPanel;
  private readonly code: CodeIdentity;

  constructor(options: InProcessShardLauncherOptions) {
    this.panel = options.panel;
    this.code = options.code;
  }

  async launch(job: ShardJob, controls: ShardAttemptControls): Promise<ShardAttemptOutcome> {
    const startedMs = performance.now();
    controls.onStart({ pid: null });
    const lines: string[] = [];
    const outcome = (ok: boolean, lastError: string): ShardAttemptOutcome => ({
      ok,
      exitCode: ok ? 0 : 2,
      exitSignal: null,
      timedOut: false,
      stopped: controls.signal.aborted,
      lastError,
      elapsedMs: Math.round(performance.now() - startedMs),
    });
    try {
      await runWalkForward({
        configPath: job.configPath,
        outDir: job.outDir,
        pricesDir: job.pricesDir,
        factorIds: job.factorIds,
        shardIndex: job.shardIndex,
        shardCount: job.shardCount,
        useCache: job.useCache,
        cacheDir: job.cacheDir,
        refreshCache: job.refreshCache,
        resume: job.resume,
        lockWaitMs: job.lockWaitMs,
        runLock: job.runLock,
        signal: controls.signal,
        preloaded: { panel: this.panel, code: this.code },
        onEvent: (event) => {
          const { type, ...fields } = event;
          const record = { msg: type, ...fields };
          lines.push(JSON.stringify({ level: type === 'cache entry corrupt' ? 40 : 30, time: Date.now(), pid: process.pid, inProcess: true, ...record }));
          controls.onRecord(record);
        },
      });
      return outcome(true, '');
    } catch (error) {
      if (!isWfError(error) && !controls.signal.aborted) throw error;
      return outcome(false, error instanceof Error ? error.message : String(error));
    } finally {
      if (lines.length > 0) {
        try {
          appendFileSync(join(job.outDir, RUN_LOG_FILE), `${lines.join('\n')}\n`);
        } catch {
          // The log is for people; the shard's files and its outcome are what the run relies on.
        }
      }
    }
  }
}
