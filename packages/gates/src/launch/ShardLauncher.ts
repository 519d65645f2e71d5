/**
 * What one shard must compute: the inputs of a `wf-walk-forward --factors a,b,...` run.
 * Explicit and serializable, so a launcher may run it anywhere that sees the same folders
 * (DESIGN.md, "Growing past one machine"); the shard plans nothing.
 */
export type ShardJob = {
  /** The factors this shard runs: its part of the orchestrator's plan, in id order. */
  readonly factorIds: readonly string[];
  /** The shard's label in logs and its run.json (`--shard-index i --shard-count n`); it selects nothing. */
  readonly shardIndex: number;
  readonly shardCount: number;
  /** Absolute walk-forward config path. */
  readonly configPath: string;
  /** The shard's output folder (`<out>/shards/<i>`). */
  readonly outDir: string;
  readonly pricesDir: string | null;
  readonly useCache: boolean;
  readonly cacheDir: string;
  readonly refreshCache: boolean;
  /** Continue the folder's rows (`--resume`): retries and resumed gate runs. */
  readonly resume: boolean;
  /**
   * How many shards of the run may run at the same time (min of max parallel and the shard
   * count): a launcher may size each process by it. It never changes what a shard computes.
   */
  readonly concurrentShards: number;
  /** Worker threads of the shard (`wf-walk-forward --workers`); never changes what it computes. 0 (a launcher that runsElsewhere): the worker machine decides. */
  readonly workers: number;
  /**
   * wf-gates' `--max-memory-gb` in bytes, handed to a local shard (its own memory check then
   * uses the run's limit, never refusing what the orchestrator's sizing allowed); absent or
   * null: the shard's default (the machine's memory).
   */
  readonly maxMemoryBytes?: number | null;
  /** The shard's heartbeat cadence in seconds (`--heartbeat-seconds`): the orchestrator's stall detection expects it. */
  readonly heartbeatSeconds: number;
  /**
   * The orchestrator's run lock (`<out>/.lock`) and its token: the shard refuses to start,
   * and stops before its next unit, once the lock holds another token (the orchestrator is
   * gone and another took over the run). Null: no orchestrator lock to check.
   */
  readonly runLock: { readonly path: string; readonly token: string } | null;
  /** How long the shard waits for a live holder of its folder's lock (an orphan of a killed run, finishing its unit) before refusing. */
  readonly lockWaitMs: number;
  /**
   * What the orchestrator's plan was computed from: the data fingerprint (sha256 of the price
   * files, the engine's panel fingerprint) and the sha256 of the run's code identity. A launcher
   * that runs shards on other machines hands them on, so a worker whose data or code differ
   * refuses the job instead of computing other numbers; a local shard process reads the same
   * files, and wf-gates checks its run.json after it ran. Null: not known (a shard run by hand).
   */
  readonly identity: { readonly dataFingerprint: string; readonly codeSha256: string } | null;
};

/** What ShardLauncher.warmUp prepares for: the processes the run will likely run at once, sized as their jobs will be. */
export type WarmUpHint = {
  readonly processes: number;
  readonly concurrentShards: number;
  readonly workers: number;
};

/** How the orchestrator controls and observes one attempt. */
export type ShardAttemptControls = {
  /** 1-based attempt number (for logs). */
  readonly attempt: number;
  /** Stop the attempt after this long (null: no limit). */
  readonly timeoutMs: number | null;
  /** Aborted on SIGINT/SIGTERM of the orchestrator: the shard must be stopped. */
  readonly signal: AbortSignal;
  /**
   * The shard process started (pid when there is one), or a worker took the job (`worker`:
   * its name, for the manifest). Called again when another worker takes the same attempt over
   * (a stalled job of a killed worker).
   */
  readonly onStart: (info: { readonly pid: number | null; readonly worker?: string }) => void;
  /** Every structured log record of the shard (its pino NDJSON lines: heartbeats and other events). */
  readonly onRecord: (record: ShardLogRecord) => void;
};

/** A shard's pino log record: `msg` is the event type (`heartbeat`, `run planned`, ...), the rest its fields. */
export type ShardLogRecord = { readonly msg: string; readonly [field: string]: unknown };

/** How an attempt ended. */
export type ShardAttemptOutcome = {
  /** True when the shard finished (exit code 0). */
  readonly ok: boolean;
  readonly exitCode: number | null;
  /** Signal that ended it, e.g. SIGKILL. */
  readonly exitSignal: string | null;
  readonly timedOut: boolean;
  /** Stopped because `signal` was aborted. */
  readonly stopped: boolean;
  /** Stopped by the orchestrator because the shard went silent (set by runShards, not by launchers). */
  readonly stalled?: boolean;
  /** The non-log lines the shard wrote on stderr (its error message, stack frames left out), or ''. */
  readonly lastError: string;
  readonly elapsedMs: number;
};

/**
 * Starts shard runs: the one seam between the orchestrator and where shards execute. The
 * default is LocalShardLauncher (child processes); a cluster launcher (a job queue or batch
 * scheduler) implements the same method. `launch` resolves when the attempt has ended,
 * never rejects for a shard failure (that is an outcome), and honours `controls.signal`.
 */
export interface ShardLauncher {
  launch(job: ShardJob, controls: ShardAttemptControls): Promise<ShardAttemptOutcome>;
  /**
   * True when shards run on other machines (a job queue): the orchestrator then does not size
   * them by its own cores and memory (no lowering, no memory refusal); `ShardJob.workers` is
   * `--workers` when given, else 0: each worker's own choice (its cores / its jobs at once).
   */
  readonly runsElsewhere?: boolean;
  /**
   * Optional: prepare the processes of the coming launches while the orchestrator plans
   * (LocalShardLauncher starts standby shard processes). A hint only: launches work without it.
   */
  warmUp?(hint: WarmUpHint): void;
  /** Optional: release what warmUp prepared and no launch used. Called once the run's shards are done. */
  coolDown?(): void;
}
