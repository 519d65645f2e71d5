import { availableParallelism } from 'node:os';
import { execa } from 'execa';
import type { ShardAttemptControls, ShardAttemptOutcome, ShardJob, ShardLauncher, WarmUpHint } from './ShardLauncher.js';
import { hugePageMallocTunables } from './hugePageMallocTunables.js';
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
 *
 * Shards run with glibc's huge-page malloc (hugePageMallocTunables: `GLIBC_TUNABLES` gains
 * `glibc.malloc.hugetlb=1` unless it sets that tunable already, e.g. `=0` to turn it off).
 */
export class LocalShardLauncher implements ShardLauncher {
  private readonly script: string;
  private readonly nodePath: string;
  private readonly killGraceMs: number;
  private readonly v8BackgroundThreads: 'auto' | 'on' | 'off';
  private readonly cores: number;
  /** Environment variables the shard processes get on top of this process's. */
  private readonly env: Readonly<Record<string, string>>;
  /** Processes started ahead of their job (warmUp), not yet given one. */
  private standbys: Standby[] = [];

  constructor(options: LocalShardLauncherOptions) {
    this.script = options.walkForwardScript;
    this.nodePath = options.nodePath ?? process.execPath;
    this.killGraceMs = options.killGraceMs ?? 5000;
    this.v8BackgroundThreads = options.v8BackgroundThreads ?? 'auto';
    this.cores = options.cores ?? availableParallelism();
    this.env = { GLIBC_TUNABLES: hugePageMallocTunables(process.env.GLIBC_TUNABLES) };
  }

  /**
   * The node flags of a job's process: `--single-threaded` when V8's background threads are
   * off for it (auto: when the shards running at once and their pool workers fill every core).
   */
  nodeFlags(job: Pick<ShardJob, 'concurrentShards' | 'workers'>): string[] {
    const off = this.v8BackgroundThreads === 'off' || (this.v8BackgroundThreads === 'auto' && job.concurrentShards * job.workers >= this.cores);
    return off ? ['--single-threaded'] : [];
  }

  /**
   * Starts up to `hint.processes` shard processes now, without a job (`wf-walk-forward
   * --standby`): node and the CLI's code load while the orchestrator plans, and the next
   * launches hand them their job's flags over the IPC channel instead of starting a process
   * (a shard's start-up, about 0.2 s, is then off the run's critical path). A standby started
   * with other node flags than a job needs is stopped and a process started for the job; one
   * that died is replaced. coolDown stops those never used. The shard computes the same either way.
   */
  warmUp(hint: WarmUpHint): void {
    const flags = this.nodeFlags(hint);
    const wanted = Math.min(hint.processes, this.cores) - this.standbys.length;
    for (let k = 0; k < wanted; k++) this.standbys.push({ child: this.start(flags, [STANDBY_FLAG]), flags });
  }

  /** Stops the standby processes no job took (they exit when their channel closes). */
  coolDown(): void {
    for (const standby of this.standbys.splice(0)) dismiss(standby);
  }

  async launch(job: ShardJob, controls: ShardAttemptControls): Promise<ShardAttemptOutcome> {
    const startedMs = performance.now();
    const flags = this.nodeFlags(job);
    const args = walkForwardArgs(job);
    // (Wrapped: a subprocess is a promise of its result, which an async function would wait for.)
    const child = (await this.handOver(flags, args))?.child ?? this.start(flags, args);
    controls.onStart({ pid: child.pid ?? null });
    // A timeout or an abort sends SIGTERM; execa sends SIGKILL after the grace period (forceKillAfterDelay).
    let timedOut = false;
    let stopped = false;
    const onAbort = (): void => {
      stopped = true;
      child.kill('SIGTERM');
    };
    if (controls.signal.aborted) onAbort();
    else controls.signal.addEventListener('abort', onAbort, { once: true });
    const timer =
      controls.timeoutMs === null
        ? null
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGTERM');
          }, controls.timeoutMs);
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
    let result: Result;
    try {
      result = await child;
    } finally {
      if (timer !== null) clearTimeout(timer);
      controls.signal.removeEventListener('abort', onAbort);
    }
    onLine(pending);
    const exitCode = result.exitCode ?? null;
    return {
      ok: exitCode === 0 && !timedOut && !stopped,
      exitCode,
      exitSignal: result.signal ?? null,
      timedOut,
      stopped,
      lastError: plain.join(' ').slice(0, 500),
      elapsedMs: performance.now() - startedMs,
    };
  }

  /** A standby process with `flags`, given `args` as its job; null when none is left (others are stopped). */
  private async handOver(flags: readonly string[], args: readonly string[]): Promise<{ child: Subprocess } | null> {
    for (let standby = this.standbys.shift(); standby !== undefined; standby = this.standbys.shift()) {
      if (exited(standby.child) || standby.flags.join(' ') !== flags.join(' ')) {
        dismiss(standby);
        continue;
      }
      try {
        await standby.child.sendMessage({ type: STANDBY_JOB, args: [...args] });
        return { child: standby.child };
      } catch {
        // It died meanwhile (its channel is closed): the job goes to a new process.
        dismiss(standby);
      }
    }
    return null;
  }

  private start(flags: readonly string[], args: readonly string[]): Subprocess {
    return spawnShard(this.nodePath, [...flags, this.script, ...args], this.killGraceMs, this.env);
  }
}

function spawnShard(nodePath: string, argv: readonly string[], killGraceMs: number, env: Readonly<Record<string, string>>) {
  return execa(nodePath, argv, {
    env,
    stdin: 'ignore',
    stdout: 'ignore',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    forceKillAfterDelay: killGraceMs,
    cleanup: true,
    // execa's cleanup cannot run when this process is SIGKILLed; the shard watches this
    // channel instead and stops when it closes (its parent died). A standby waits on it for its job.
    ipc: true,
  });
}

/** The flag that starts `wf-walk-forward` as a standby: it waits on its IPC channel for a STANDBY_JOB message. */
export const STANDBY_FLAG = '--standby';
/** The message type that gives a standby its arguments (`{ type, args }`). */
export const STANDBY_JOB = 'shard job';

type Subprocess = ReturnType<typeof spawnShard>;
type Result = Awaited<Subprocess>;
type Standby = { readonly child: Subprocess; readonly flags: readonly string[] };

/** Whether a process has exited (or was ended by a signal). */
function exited(child: Subprocess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Stops a standby no job took (SIGTERM; execa sends SIGKILL after the grace period should it linger). */
function dismiss(standby: Standby): void {
  if (!exited(standby.child)) standby.child.kill('SIGTERM');
}
