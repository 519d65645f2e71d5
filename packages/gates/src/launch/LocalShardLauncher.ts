import { availableParallelism } from 'node:os';
import { execa } from 'execa';
import type { ShardAttemptControls, ShardAttemptOutcome, ShardJob, ShardLauncher } from './ShardLauncher.js';
import { parseShardLogLine } from './parseShardLogLine.js';
import { walkForwardArgs } from './walkForwardArgs.js';

export type LocalShardLauncherOptions = {
  /** The compiled `wf-walk-forward` script (scripts/dist/run-walk-forward.js). */
  readonly walkForwardScript: string;
  /** The node binary (default: this process's). */
  readonly nodePath?: string;
  /** Grace period between SIGTERM and SIGKILL when a shard is stopped or times out (default 5000). */
  readonly killGraceMs?: number;
  /**
   * V8's background threads (concurrent GC and compilation) in the shard processes: 'auto'
   * (default) turns them off (`node --single-threaded`) when the run's concurrent shards
   * fill every core, and keeps them otherwise; 'on' and 'off' force either.
   */
  readonly v8BackgroundThreads?: 'auto' | 'on' | 'off';
  /** Cores of this machine for the 'auto' rule (default os.availableParallelism()). */
  readonly cores?: number;
};

/**
 * Runs each shard as a local child process of `node wf-walk-forward ...` (execa): stderr
 * is read line by line (pino NDJSON records go to `onRecord`, the first plain lines are kept
 * as the error, stack frames dropped), stdout is discarded (the shard's outputs are its files). A timeout or an
 * abort sends SIGTERM, then SIGKILL after the grace period; the shard's flushed rows stay.
 * Each shard gets an IPC channel it never uses for messages: the kernel closes it when this
 * process dies, however it dies, and the shard stops at once (wf-walk-forward watches it).
 *
 * When as many shards run at once as there are cores, each shard's V8 background threads
 * only take time from another shard's main thread: on the 2-core benchmark machine two S&P
 * shards with them took 1.78 s, with `--single-threaded` 1.56 s (alone, a shard gains about
 * 0.1 s from them on an idle core, so they stay on when cores are free). Outputs are the
 * same bytes either way.
 */
export class LocalShardLauncher implements ShardLauncher {
  private readonly script: string;
  private readonly nodePath: string;
  private readonly killGraceMs: number;
  private readonly v8BackgroundThreads: 'auto' | 'on' | 'off';
  private readonly cores: number;

  constructor(options: LocalShardLauncherOptions) {
    this.script = options.walkForwardScript;
    this.nodePath = options.nodePath ?? process.execPath;
    this.killGraceMs = options.killGraceMs ?? 5000;
    this.v8BackgroundThreads = options.v8BackgroundThreads ?? 'auto';
    this.cores = options.cores ?? availableParallelism();
  }

  /**
   * The node flags of a job's process: `--single-threaded` when V8's background threads are
   * off for it (auto: when the shards running at once and their pool workers fill every core).
   */
  nodeFlags(job: ShardJob): string[] {
    const off = this.v8BackgroundThreads === 'off' || (this.v8BackgroundThreads === 'auto' && job.concurrentShards * job.workers >= this.cores);
    return off ? ['--single-threaded'] : [];
  }

  async launch(job: ShardJob, controls: ShardAttemptControls): Promise<ShardAttemptOutcome> {
    const startedMs = performance.now();
    const child = execa(this.nodePath, [...this.nodeFlags(job), this.script, ...walkForwardArgs(job)], {
      stdin: 'ignore',
      stdout: 'ignore',
      stderr: 'pipe',
      buffer: false,
      reject: false,
      cancelSignal: controls.signal,
      forceKillAfterDelay: this.killGraceMs,
      cleanup: true,
      // execa's cleanup cannot run when this process is SIGKILLed; the shard watches this
      // channel instead and stops when it closes (its parent died).
      ipc: true,
      ...(controls.timeoutMs === null ? {} : { timeout: controls.timeoutMs }),
    });
    controls.onStart({ pid: child.pid ?? null });
    // Plain (non-log) stderr lines are the shard's error message; stack frames are left out.
    const plain: string[] = [];
    let pending = '';
    const onLine = (line: string): void => {
      if (line.trim() === '') return;
      const record = parseShardLogLine(line);
      if (record !== null) controls.onRecord(record);
      else if (!/^\s+at /.test(line) && plain.length < 5) plain.push(line.trim());
    };
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      pending += chunk;
      let at = pending.indexOf('\n');
      while (at >= 0) {
        onLine(pending.slice(0, at));
        pending = pending.slice(at + 1);
        at = pending.indexOf('\n');
      }
    });
    const result = await child;
    onLine(pending);
    const exitCode = result.exitCode ?? null;
    return {
      ok: exitCode === 0 && !result.timedOut && !result.isCanceled,
      exitCode,
      exitSignal: result.signal ?? null,
      timedOut: result.timedOut,
      stopped: result.isCanceled,
      lastError: plain.join(' ').slice(0, 500),
      elapsedMs: performance.now() - startedMs,
    };
  }
}
