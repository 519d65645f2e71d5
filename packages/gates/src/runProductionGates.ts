import { availableParallelism } from 'node:os';
import { formatTelemetryReport, TELEMETRY_REPORT_FILE } from './report/formatTelemetryReport.js';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { appendToLedger, computeCodeIdentity, diffCodeIdentity, scoreTablesOf, FileWriteError, isIsoDate, isWfError, ledgerTrials, OutputDirError, prepareRunDir, PROTOCOL_VERSION, readLedger, ResumeMismatchError, writeFileAtomic } from '@wf/engine';
import type { CodeIdentity, LoadedPanel } from '@wf/engine';
import { isLockFileName, LOCK_FILE, memoryLimitOf, PROTOCOL_FILES, ResumeCodeChangedError, RUN_STATE_FILE, RunFolderLock, SUMMARY_FILE } from '@wf/walk-forward';
import type { RunState } from '@wf/walk-forward';
import { GateOptionError, RunInterruptedError, ShardCodeMismatchError, ShardFactorsMismatchError, ShardsFailedError } from './errors.js';
import { checkFreeze, writeFreeze } from './freeze/freezeFiles.js';
import type { FreezeCheck } from './freeze/freezeFiles.js';
import { InProcessShardLauncher } from './launch/InProcessShardLauncher.js';
import type { ShardJob, ShardLauncher } from './launch/ShardLauncher.js';
import { updateLatestLink } from './drift/updateLatestLink.js';
import { writeDriftReport } from './drift/writeDriftReport.js';
import { describeCodeVersion } from './manifest/describeCodeVersion.js';
import type { CodeVersion } from './manifest/describeCodeVersion.js';
import { MANIFEST_FILE } from './manifest/GateManifest.js';
import type { GateManifest, GateRunStatus, InvocationRecord } from './manifest/GateManifest.js';
import { hashOutputFiles } from './manifest/hashOutputFiles.js';
import { formatDataWarningsMarkdown } from './report/formatDataWarningsMarkdown.js';
import { mergeShardOutputs } from './merge/mergeShardOutputs.js';
import { countUnitsToCompute } from './plan/countUnitsToCompute.js';
import { planGateRun } from './plan/planGateRun.js';
import { collectGarbage } from './sizing/collectGarbage.js';
import { sizeRemoteShards, sizeShards, workersByCores } from './sizing/sizeShards.js';
import type { GatePlan } from './plan/planGateRun.js';
import { computeGateReportFromDir, formatGateReportCsv } from './report/computeGateReport.js';
import type { GateReportRow } from './report/computeGateReport.js';
import { chartPath, formatGateReportJson, formatGateReportMarkdown } from './report/formatGateReport.js';
import { readEquityCurves } from './report/readEquityCurves.js';
import { renderEquityChart } from './report/renderEquityChart.js';
import { writeGateReportHtml } from './report/html/writeGateReportHtml.js';
import { readWindowSummaries } from './report/readWindowSummaries.js';
import type { WindowSummary } from './report/readWindowSummaries.js';
import { computeQuantileMeans } from './report/quantiles/computeQuantileMeans.js';
import { exportRunTables } from './export/exportRunTables.js';
import type { GateRunEvent } from './run/GateRunEvent.js';
import { pruneRunCache } from './run/pruneRunCache.js';
import { describeExit, runShards } from './run/runShards.js';

/** With `parquet`, the folder of the run's Parquet tables (inside the run folder). */
export const PARQUET_DIR = 'parquet';

/** The report files of a gate run (beside the merged walk-forward files). */
export const GATE_REPORT_FILES = ['gate_report.csv', 'gate_report.json', 'gate_report.md', 'gate_report.html'] as const;

/** Options of {@link runProductionGates}: the flags of `wf-gates`. */
/** The shards' heartbeat cadence by default: a heartbeat at least every 10 s while they make progress. */
export const DEFAULT_HEARTBEAT_SECONDS = 10;
/** A shard silent for 10 minutes is stopped and retried by default. */
export const DEFAULT_STALL_TIMEOUT_MS = 600_000;

export type RunProductionGatesOptions = {
  /** Walk-forward config (a manifest under manifests/, PROTOCOL section 10). */
  readonly configPath: string;
  /** The run folder: manifest.json, merged files, reports, charts/, shards/<i>/. */
  readonly outDir: string;
  /** Where shards run. */
  readonly launcher: ShardLauncher;
  /** Number of shard processes (default 1; on resume, the manifest's). */
  readonly shardCount?: number | null;
  /** At most this many shards at once (>= 1). */
  readonly maxParallel: number;
  /**
   * Worker threads per shard (wf-walk-forward --workers); null or absent: the cores shared
   * by the shards running at once (at least 1 each), fewer when memory is short.
   */
  readonly workers?: number | null;
  /**
   * Refuse a run whose estimated peak memory (@wf/walk-forward estimateRunMemory) exceeds this many
   * bytes; null or absent: the machine's memory (or its cgroup limit).
   */
  readonly maxMemoryBytes?: number | null;
  /** Extra attempts of a failed shard, each with --resume (default 1). */
  readonly retries?: number;
  /** Per-attempt limit in ms (null or absent: none). */
  readonly shardTimeoutMs?: number | null;
  /** The shards' heartbeat cadence in seconds (default 10): three silent intervals report a shard stalled. */
  readonly heartbeatSeconds?: number;
  /** Stop and retry (with --resume) a shard silent this many ms (default 600 000; null: never). */
  readonly stallTimeoutMs?: number | null;
  /** Overrides the config's data.prices. */
  readonly pricesDir?: string | null;
  /** Signal cache on in the shards. */
  readonly useCache?: boolean;
  /** Cache root (panels always, signals with useCache), shared by the orchestrator and all shards. */
  readonly cacheDir: string;
  readonly refreshCache?: boolean;
  /** After a finished run (verdict and reports written), prune cacheDir to this many bytes, least recently used entries first; null or absent: no limit. */
  readonly cacheMaxBytes?: number | null;
  /**
   * The previous run to compare with (`drift.csv`, a section of gate_report.md); null or
   * absent: `<parent of outDir>/latest` when it is a finished run of the same config file.
   */
  readonly compareTo?: string | null;
  /** Continue the run in outDir (its manifest must match this run). */
  readonly resume?: boolean;
  /** Also write every table of the run folder as Parquet into `<outDir>/parquet/` (wf-export's typed tables), hashed in the manifest. */
  readonly parquet?: boolean;
  /** Write the factor freeze here (then the config's own `freeze:` check is skipped when it names this file). */
  readonly writeFreezePath?: string | null;
  /**
   * The run's date, `YYYY-MM-DD`: first_seen of the rows appended to the config's trial
   * ledger (PROTOCOL section 8b). Default: the UTC date of the run's start.
   */
  readonly runDate?: string | null;
  /** Aborting stops all shards (SIGINT/SIGTERM); its reason names the signal. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: GateRunEvent) => void;
  /** How long a shard waits for a live holder of its folder's lock (an orphan of a killed run, which stops at its next unit) before failing (default 60000). */
  readonly shardLockWaitMs?: number;
  /** Minimum ms between `progress` events (default 2000). */
  readonly progressEveryMs?: number;
  /** Monotonic ms clock (default performance.now) and wall clock (default new Date) for the manifest. */
  readonly nowMs?: () => number;
  readonly wallClock?: () => Date;
};

/** A finished gate run: the verdicts and the completed manifest. */
export type ProductionGatesResult = {
  /** True when every factor passes every configured gate. */
  readonly pass: boolean;
  readonly rows: readonly GateReportRow[];
  readonly manifest: GateManifest;
};

/**
 * The nightly production gate (DESIGN.md, "Data flow of one nightly gate run"): validates
 * the config and the freeze, fingerprints the data, plans the shards, writes manifest.json,
 * runs one walk-forward shard per plan entry through `launcher` (bounded parallelism,
 * retries with resume, stop on abort), merges the shard files in protocol order, evaluates
 * the gates of PROTOCOL section 8 and writes gate_report.{csv,json,md} and one SVG equity
 * chart per factor, then completes the manifest with the verdict and every output's
 * sha256. Report files depend only on the merged rows: byte-identical for any shard count
 * and cache state.
 *
 * The run folder is locked (`<out>/.lock`, RunFolderLock) from before its emptiness check
 * to the end: of runs racing into one folder exactly one proceeds, the others are refused
 * with FolderLockedError. A lock left by a killed run is taken over. Each shard is given the
 * lock's token and stops once the lock holds another; each shard also locks its own folder,
 * so a resumed run's shard waits for an orphan of the killed run instead of writing beside it.
 * @throws GateOptionError, FolderLockedError, LockFileError, GateConfigError, FreezeMismatchError, FreezeFileError,
 * OutputDirError, ResumeMismatchError (all before any shard starts), data errors of
 * the engine, ShardsFailedError, RunInterruptedError, MergeError, FileWriteError.
 */
export async function runProductionGates(options: RunProductionGatesOptions): Promise<ProductionGatesResult> {
  const nowMs = options.nowMs ?? (() => performance.now());
  const wallClock = options.wallClock ?? (() => new Date());
  const emit = options.onEvent ?? (() => undefined);
  const startedMs = nowMs();
  const startedAt = wallClock().toISOString();
  const runDate = options.runDate ?? startedAt.slice(0, 10);
  if (!isIsoDate(runDate)) throw new GateOptionError({ option: '--run-date', value: runDate, expected: 'a date YYYY-MM-DD' });
  const resume = options.resume ?? false;
  const outDir = resolve(options.outDir);
  const retries = options.retries ?? 1;
  const timeoutMs = options.shardTimeoutMs ?? null;
  const heartbeatSeconds = options.heartbeatSeconds ?? DEFAULT_HEARTBEAT_SECONDS;
  if (!(heartbeatSeconds > 0)) throw new GateOptionError({ option: '--heartbeat-seconds', value: heartbeatSeconds, expected: 'a number of seconds > 0' });
  const stallTimeoutMs = options.stallTimeoutMs === undefined ? DEFAULT_STALL_TIMEOUT_MS : options.stallTimeoutMs;
  if (stallTimeoutMs !== null && !(stallTimeoutMs > 3 * heartbeatSeconds * 1000)) {
    throw new GateOptionError({ option: '--stall-timeout', value: stallTimeoutMs / 1000, expected: `a number of seconds > 3 heartbeats (${3 * heartbeatSeconds} s), or 0 for never` });
  }
  if (options.shardCount != null) checkInteger('--shards', options.shardCount, 1);
  checkInteger('--max-parallel', options.maxParallel, 1);
  if (options.workers != null) checkInteger('--workers', options.workers, 1);
  if (options.maxMemoryBytes != null && !(options.maxMemoryBytes > 0)) {
    throw new GateOptionError({ option: '--max-memory-gb', value: options.maxMemoryBytes / 1024 ** 3, expected: 'a number of GB > 0' });
  }
  checkInteger('--retries', retries, 0);
  if (timeoutMs !== null && !(timeoutMs > 0)) throw new GateOptionError({ option: '--shard-timeout', value: timeoutMs / 1000, expected: 'a number of seconds > 0' });
  const cacheMaxBytes = options.cacheMaxBytes ?? null;
  if (cacheMaxBytes !== null && !(cacheMaxBytes >= 0)) throw new GateOptionError({ option: '--cache-max-gb', value: cacheMaxBytes / 1e9, expected: 'a size in GB >= 0' });
  // Quick refusals before locking; the same check under the lock is the one that counts.
  openRunDir(outDir, resume, null);
  const lock = await RunFolderLock.acquire({
    dir: outDir,
    purpose: 'wf-gates',
    wallClock,
    onTakeover: (stale, reason) => emit({ type: 'stale lock taken over', lockFile: join(outDir, LOCK_FILE), stalePid: stale.pid, staleStartedAt: stale.startedAt, reason }),
  });
  try {
    return await runLocked({ options, lock, outDir, resume, retries, timeoutMs, cacheMaxBytes, runDate, startedMs, startedAt, nowMs, wallClock, emit });
  } finally {
    options.launcher.coolDown?.();
    lock.releaseAndRemoveDirIfEmpty();
  }
}

type RunLockedOptions = {
  readonly options: RunProductionGatesOptions;
  readonly lock: RunFolderLock;
  readonly outDir: string;
  readonly resume: boolean;
  readonly retries: number;
  readonly timeoutMs: number | null;
  readonly cacheMaxBytes: number | null;
  readonly runDate: string;
  readonly startedMs: number;
  readonly startedAt: string;
  readonly nowMs: () => number;
  readonly wallClock: () => Date;
  readonly emit: (event: GateRunEvent) => void;
};

/**
 * Where the shards run: inside this process when the window cache replays every unit (see
 * InProcessShardLauncher, which keeps the panel), else the caller's launcher. The units to
 * compute are counted only when the cache is read (null otherwise).
 */
async function chooseLauncher(o: {
  readonly plan: GatePlan;
  readonly codeIdentity: CodeIdentity;
  readonly options: RunProductionGatesOptions;
}): Promise<{ launcher: ShardLauncher; unitsToCompute: number | null; panel: LoadedPanel | null }> {
  const { options } = o;
  if (options.useCache !== true || options.refreshCache === true) return { launcher: options.launcher, unitsToCompute: null, panel: null };
  const cached = await countUnitsToCompute({ plan: o.plan, codeIdentity: o.codeIdentity, cacheDir: options.cacheDir });
  if (cached.toCompute > 0) return { launcher: options.launcher, unitsToCompute: cached.toCompute, panel: null };
  return { launcher: new InProcessShardLauncher({ panel: cached.panel, code: o.codeIdentity }), unitsToCompute: 0, panel: cached.panel };
}

/** The run, with the run folder locked. */
async function runLocked(locked: RunLockedOptions): Promise<ProductionGatesResult> {
  const { options, lock, outDir, resume, retries, timeoutMs, cacheMaxBytes, runDate, startedMs, startedAt, nowMs, wallClock, emit } = locked;
  const previous = openRunDir(outDir, resume, lock);
  const requestedShards = options.shardCount ?? previous?.plan?.shards?.length ?? 1;
  // The shard processes start loading while the run is planned (when they will run: a run
  // with --use-cache may turn out to have nothing to compute, and run in this process).
  if (options.useCache !== true || options.refreshCache === true) {
    const concurrentShards = Math.min(options.maxParallel, requestedShards);
    const workers = options.workers ?? workersByCores(availableParallelism(), concurrentShards);
    options.launcher.warmUp?.({ processes: concurrentShards, concurrentShards, workers });
  }
  // Asks git for HEAD (a child process) while the plan is made; only a new manifest needs it.
  const code = previous === null ? describeCodeVersion() : null;
  code?.catch(() => undefined);

  // The run's memory limit: the plan's CSV load and the shards' sizing are checked against it.
  const memoryLimit = memoryLimitOf(options.maxMemoryBytes);
  let plan = await planGateRun({
    configPath: options.configPath,
    pricesDir: options.pricesDir ?? null,
    cacheDir: options.cacheDir,
    refreshCache: options.refreshCache ?? false,
    shardCount: requestedShards,
    memoryLimit,
  });
  // The trial ledger is read (and a malformed one refused) before any shard starts.
  const ledgerPath = plan.config.ledger;
  const trials = ledgerPath === null ? null : ledgerTrials(readLedger(ledgerPath).rows, plan.factors);
  // At most one shard per factor (planGateRun): never a process with nothing to run.
  const shardCount = plan.shardPlan.shardCount;
  if (shardCount < requestedShards) emit({ type: 'shards clamped', requested: requestedShards, shardCount, factors: plan.factors.length });
  // What code computes this run (engine build, user modules and their local imports): recorded
  // in the manifest; a resume under other code is refused, and every shard must report the same.
  const codeIdentity = await computeCodeIdentity({
    factorModules: plan.config.factorModules,
    baseDir: dirname(resolve(plan.configPath)),
    scoreTables: scoreTablesOf(plan.config.factors),
  });
  // A night the window cache fully replays has nothing to spread over processes: the shards
  // run inside this process on the panel it already loaded (the same code, the same files).
  const { launcher, unitsToCompute, panel: inProcessPanel } = await chooseLauncher({ plan, codeIdentity, options });
  // Shard processes load their own panel: this process keeps none while they run (a large
  // book's panel is gigabytes).
  const droppedPanelBytes = plan.loadedPanel === null ? 0 : panelBytes(plan.loadedPanel.panel);
  plan = { ...plan, loadedPanel: null };
  // Worth its pauses only for a panel a shard would miss (a 5,000 x 5,000 book's is 1 GB, the S&P's 30 MB).
  if (launcher === options.launcher && droppedPanelBytes >= COLLECT_GARBAGE_FROM_BYTES) await collectGarbage();
  // Threads per shard, sized to the cores and to the memory; a run that cannot fit is refused here.
  const concurrentShards = Math.min(options.maxParallel, plan.shardPlan.shards.length);
  // Shards on other machines (a job queue) are sized there: this machine's cores and memory say nothing about them.
  const elsewhere = launcher === options.launcher && launcher.runsElsewhere === true;
  const shape = { nDates: plan.data.dates, nSymbols: plan.data.symbols, marketCaps: plan.config.data.marketCaps !== null };
  const sizing = elsewhere ? sizeRemoteShards({ ...shape, workers: options.workers ?? null }) : sizeShards({
    nDates: plan.data.dates,
    nSymbols: plan.data.symbols,
    marketCaps: plan.config.data.marketCaps !== null,
    concurrentShards,
    workers: options.workers ?? null,
    cores: availableParallelism(),
    limitBytes: memoryLimit.bytes,
    limitSource: memoryLimit.source,
  });
  const writeFreezePath = options.writeFreezePath == null ? null : resolve(options.writeFreezePath);
  const checked = writeFreezePath !== null && plan.config.freeze === writeFreezePath ? null : checkFreeze(plan);
  const invocation: InvocationRecord = {
    resume,
    startedAt,
    endedAt: null,
    elapsedMs: null,
    status: 'running',
    timings: { planMs: Math.round(nowMs() - startedMs), shardsMs: null, mergeMs: null, reportsMs: null },
    unitsToCompute,
    shardsRan: launcher === options.launcher ? 'processes' : 'in-process',
    error: null,
  };
  const manifest = previous ?? newManifest({ plan, options, shardCount, retries, timeoutMs, code: await (code ?? describeCodeVersion()), codeIdentity });
  if (previous !== null) checkResumable(join(outDir, MANIFEST_FILE), previous, plan, codeIdentity);
  manifest.status = 'running';
  manifest.invocations.push(invocation);
  manifest.verdict = null;
  manifest.outputs = [];
  manifest.freeze.checked = checked;
  if (checked !== null) emit({ type: 'freeze checked', ...checked });
  if (writeFreezePath !== null) {
    manifest.freeze.written = writeFreeze(plan, writeFreezePath);
    emit({ type: 'freeze written', ...manifest.freeze.written });
  }
  const save = (): void => writeManifest(outDir, manifest);
  save();
  // Progress saves while shards run are interim records: one that fails (a full disk) is a
  // warning, so the failure the shards themselves hit is the one reported; the final save
  // (finish) still throws when the run's outcome cannot be recorded.
  let progressSaveFailed = false;
  const saveProgress = (): void => {
    try {
      save();
    } catch (error) {
      if (progressSaveFailed) return;
      progressSaveFailed = true;
      emit({ type: 'manifest not saved', path: join(outDir, MANIFEST_FILE), reason: error instanceof Error ? error.message : String(error) });
    }
  };

  const finish = (status: GateRunStatus, error: unknown): void => {
    manifest.status = status;
    invocation.status = status;
    invocation.endedAt = wallClock().toISOString();
    invocation.elapsedMs = Math.round(nowMs() - startedMs);
    if (error !== null) invocation.error = { code: isWfError(error) ? error.code : 'UNEXPECTED', message: error instanceof Error ? error.message : String(error) };
    save();
  };

  const unitsPerShard = plan.shardPlan.shards.map((s) => s.factorIds.length * plan.windows);
  emit({
    type: 'run planned',
    outDir,
    factors: plan.factors.length,
    windows: plan.windows,
    shardCount,
    shards: plan.shardPlan.shards.map((s) => s.factorIds),
    unitsTotal: unitsPerShard.reduce((a, b) => a + b, 0),
    dataFingerprint: plan.data.fingerprint,
    panelSource: plan.data.panelSource,
    resume,
    unitsToCompute: invocation.unitsToCompute ?? null,
    shardsInProcess: invocation.shardsRan === 'in-process',
  });
  try {
    const shardsStartedMs = nowMs();
    const signal = options.signal ?? new AbortController().signal;
    const { workers } = sizing;
    emit({ type: 'shards sized', shards: plan.shardPlan.shards.length, concurrentShards, workers, estimatedPeakBytes: sizing.estimatedBytes });
    const jobs: ShardJob[] = plan.shardPlan.shards.map((shard) => ({
      factorIds: shard.factorIds,
      shardIndex: shard.index,
      shardCount,
      configPath: resolve(plan.configPath),
      outDir: join(outDir, shardDir(shard.index)),
      pricesDir: options.pricesDir == null ? null : resolve(options.pricesDir),
      useCache: options.useCache ?? false,
      cacheDir: options.cacheDir,
      refreshCache: options.refreshCache ?? false,
      resume,
      concurrentShards,
      workers,
      heartbeatSeconds: options.heartbeatSeconds ?? DEFAULT_HEARTBEAT_SECONDS,
      maxMemoryBytes: options.maxMemoryBytes ?? null,
      runLock: { path: lock.path, token: lock.owner.token },
      lockWaitMs: options.shardLockWaitMs ?? 60_000,
      identity: { dataFingerprint: plan.data.fingerprint, codeSha256: codeIdentity.sha256 },
    }));
    for (const record of manifest.shards) record.status = 'pending';
    await runShards({
      jobs,
      records: manifest.shards,
      unitsPerShard,
      launcher,
      maxParallel: options.maxParallel,
      retries,
      timeoutMs,
      heartbeatMs: (options.heartbeatSeconds ?? DEFAULT_HEARTBEAT_SECONDS) * 1000,
      stallTimeoutMs: options.stallTimeoutMs === undefined ? DEFAULT_STALL_TIMEOUT_MS : options.stallTimeoutMs,
      signal,
      onEvent: emit,
      onRecordsChanged: saveProgress,
      progressEveryMs: options.progressEveryMs ?? 2000,
      nowMs,
      wallClock,
    });
    invocation.timings.shardsMs = Math.round(nowMs() - shardsStartedMs);
    if (signal.aborted) throw new RunInterruptedError({ outDir, reason: abortReason(signal) });
    const failed = manifest.shards.filter((s) => s.status !== 'done');
    if (failed.length > 0) {
      throw new ShardsFailedError(
        failed.map((s) => {
          const last = s.attempts.at(-1);
          const outcome = {
            ok: false,
            exitCode: last?.exitCode ?? null,
            exitSignal: last?.exitSignal ?? null,
            timedOut: last?.timedOut ?? false,
            stopped: last?.stopped ?? false,
            stalled: last?.stalled ?? false,
            lastError: last?.lastError ?? '',
            elapsedMs: 0,
          };
          // A shard that reported its error (user code that threw) is named by it; the stack is in its run.log and the manifest.
          const reported = last?.error === undefined ? outcome.lastError : `${last.error.name}: ${last.error.message} (stack in ${s.outDir}/run.log and manifest.json)`;
          return { shard: s.index, attempts: s.attempts.length, exit: describeExit(outcome, timeoutMs), lastError: reported };
        }),
      );
    }
    for (const job of jobs) checkShardRan(job, codeIdentity);

    const mergeStartedMs = nowMs();
    const merged = mergeShardOutputs({ shardDirs: jobs.map((job) => job.outDir), outDir });
    invocation.timings.mergeMs = Math.round(nowMs() - mergeStartedMs);
    emit({ type: 'merged', files: merged, elapsedMs: invocation.timings.mergeMs });

    const reportsStartedMs = nowMs();
    const rows = computeGateReportFromDir({ dir: outDir, thresholds: plan.config.gates, trials });
    const windowRows = readWindowSummaries(readFileSync(join(outDir, SUMMARY_FILE), 'utf8'));
    const reportFiles = await writeReports({ outDir, rows, plan, windowRows });
    const drift = await writeDriftReport({ outDir, manifest, compareTo: options.compareTo ?? null, cacheDir: options.cacheDir });
    if (drift !== null) {
      reportFiles.push(...drift.files);
      const count = (change: string): number => drift.rows.filter((row) => row.change === change).length;
      emit({
        type: 'compared with previous run',
        previousDir: drift.previousDir,
        verdictChanges: count('verdict_changed'),
        windowsAdded: count('window_added'),
        windowsChanged: count('window_changed'),
      });
    }
    // After drift.csv, which the page shows. q1..qQ are in no protocol file: recomputed for each
    // window's selected params from the signal cache the shards filled (about 0.1 s on the S&P).
    // Without the cache that would mean computing every selected signal again (about 2 s, a third
    // of an uncached S&P run): left to `wf-report RUN_DIR`.
    const quantiles =
      options.useCache === true
        ? await computeQuantileMeans({
            config: plan.config,
            windows: windowRows,
            cacheDir: options.cacheDir,
            // The in-process shards' panel; after shard processes, read again through the panel cache.
            panel: inProcessPanel,
            signalCache: { codeSha256: codeIdentity.sha256 },
          })
        : null;
    reportFiles.push(writeGateReportHtml({ outDir, rows, manifest, quantiles }));
    if (options.parquet === true) {
      const exported = await exportRunTables({ dir: outDir, format: 'parquet', outDir: join(outDir, PARQUET_DIR) });
      reportFiles.push(...exported.map((file) => `${PARQUET_DIR}/${file.table}.parquet`));
    }
    invocation.timings.reportsMs = Math.round(nowMs() - reportsStartedMs);
    emit({ type: 'reports written', files: reportFiles, elapsedMs: invocation.timings.reportsMs });
    if (ledgerPath !== null) {
      // PROTOCOL section 8b: after the output files, tonight's new candidates, atomically under the ledger lock.
      const added = appendToLedger({
        path: ledgerPath,
        trials: plan.factors.flatMap((f) => f.candidates.map((params) => ({ factor: f.id, params }))),
        firstSeen: runDate,
      });
      emit({ type: 'ledger appended', path: ledgerPath, rows: added.length, runDate });
    }
    if (cacheMaxBytes !== null) emit(pruneRunCache({ cacheDir: options.cacheDir, maxBytes: cacheMaxBytes, nowMs }));

    const pass = rows.length > 0 && rows.every((r) => r.verdict.pass);
    const shardFiles = plan.shardPlan.shards.flatMap((s) => [...PROTOCOL_FILES.map((f) => f.name), RUN_STATE_FILE].map((name) => `${shardDir(s.index)}/${name}`));
    manifest.outputs = hashOutputFiles(outDir, [...PROTOCOL_FILES.map((f) => f.name), ...reportFiles, ...shardFiles]);
    manifest.verdict = {
      pass,
      passed: rows.filter((r) => r.verdict.pass).map((r) => r.factor),
      failed: rows.filter((r) => !r.verdict.pass).map((r) => r.factor),
    };
    writeFileAtomic(join(outDir, TELEMETRY_REPORT_FILE), formatTelemetryReport(invocation, manifest.shards));
    finish(pass ? 'passed' : 'gates_failed', null);
    updateLatestLink(outDir);
    emit({ type: 'run done', pass, passed: manifest.verdict.passed.length, failed: manifest.verdict.failed.length, elapsedMs: invocation.elapsedMs ?? 0 });
    return { pass, rows, manifest };
  } catch (error) {
    try {
      finish(error instanceof RunInterruptedError ? 'interrupted' : 'failed', error);
    } catch (saveError) {
      // The run's own failure is the one to report (on a full disk the manifest fails too,
      // and must not take the blame); the manifest keeps its last saved state.
      emit({ type: 'manifest not saved', path: join(outDir, MANIFEST_FILE), reason: saveError instanceof Error ? saveError.message : String(saveError) });
    }
    throw error;
  }
}

/** A dropped plan panel at least this large is collected before the shards start (collectGarbage); a smaller one is left to V8. */
const COLLECT_GARBAGE_FROM_BYTES = 256 * 1024 * 1024;

/** Bytes of a panel's value arrays. */
function panelBytes(panel: LoadedPanel['panel']): number {
  return [panel.open, panel.high, panel.low, panel.close, panel.volume, panel.marketCap].reduce((sum, field) => sum + (field?.byteLength ?? 0), 0);
}

/** writeFileAtomic's temp file of manifest.json (`manifest.json.<pid>.<hex>.tmp`). */
const MANIFEST_TEMP = /^manifest\.json\.\d+\.[0-9a-f]+\.tmp$/;

/** `shards/<i>`, relative to the run folder. */
export function shardDir(index: number): string {
  return `shards/${index}`;
}

type NewManifestOptions = {
  readonly plan: GatePlan;
  readonly code: CodeVersion;
  readonly codeIdentity: CodeIdentity;
  readonly options: RunProductionGatesOptions;
  readonly shardCount: number;
  readonly retries: number;
  readonly timeoutMs: number | null;
};

function newManifest(o: NewManifestOptions): GateManifest {
  const { plan, code } = o;
  return {
    manifestVersion: 1,
    status: 'running',
    protocolVersion: PROTOCOL_VERSION,
    code: { ...code, node: process.version },
    codeIdentity: o.codeIdentity,
    config: { path: resolve(plan.configPath), fileSha256: plan.configFileSha256, sha256: plan.configSha256, resolved: plan.config },
    data: plan.data,
    options: {
      shardCount: o.shardCount,
      maxParallel: o.options.maxParallel,
      retries: o.retries,
      shardTimeoutMs: o.timeoutMs,
      useCache: o.options.useCache ?? false,
      cacheDir: o.options.cacheDir,
      refreshCache: o.options.refreshCache ?? false,
    },
    plan: {
      windows: plan.windows,
      unitsTotal: plan.shardPlan.shards.reduce((n, s) => n + s.factorIds.length * plan.windows, 0),
      shards: plan.shardPlan.shards.map((s) => ({ index: s.index, factorIds: s.factorIds, cost: s.cost })),
    },
    freeze: { checked: null, written: null },
    invocations: [],
    shards: plan.shardPlan.shards.map((s) => ({ index: s.index, outDir: shardDir(s.index), factorIds: s.factorIds, cost: s.cost, status: 'pending', attempts: [] })),
    verdict: null,
    outputs: [],
  };
}

/**
 * Refuses a non-empty folder without resume (prepareRunDir; the lock creates the folder);
 * with resume, returns its manifest. Lock files do not count. `lock` null is the quick check
 * before locking. A resume of an existing folder holding nothing but lock files (a run killed
 * before it wrote its first manifest) starts the run afresh (returns null): nothing was lost
 * and there is nothing to continue. An absent folder is still refused (a mistyped --out must
 * not start a new run).
 */
function openRunDir(outDir: string, resume: boolean, lock: RunFolderLock | null): GateManifest | null {
  // Under the lock the folder exists: the lock created it when it did not.
  const existed = lock === null ? existsSync(outDir) : !lock.createdDir;
  // A manifest temp file of a run killed while writing its first manifest holds nothing to continue.
  const entries = prepareRunDir({ outDir, resume, force: null, ignore: (name) => isLockFileName(name) || MANIFEST_TEMP.test(name), create: false });
  if (!resume) return null;
  const manifestPath = join(outDir, MANIFEST_FILE);
  if (!entries.includes(MANIFEST_FILE)) {
    if (existed && entries.length === 0) return null;
    throw new OutputDirError({ outDir, problem: 'not_resumable', detail: `there is no ${MANIFEST_FILE} to resume; start a new run without --resume` });
  }
  try {
    return JSON.parse(readFileSync(manifestPath, 'utf8')) as GateManifest;
  } catch (error) {
    throw new OutputDirError({ outDir, problem: 'not_resumable', detail: `${MANIFEST_FILE} is not readable JSON`, cause: error });
  }
}

function checkResumable(manifestPath: string, previous: GateManifest, plan: GatePlan, codeIdentity: CodeIdentity): void {
  const compare = (field: string, found: string, expected: string): void => {
    if (found !== expected) throw new ResumeMismatchError({ stateFile: manifestPath, field, found, expected, remedy: 'use a new --out' });
  };
  compare('protocol version', String(previous.protocolVersion), String(PROTOCOL_VERSION));
  compare('config sha256', previous.config?.sha256 ?? '(none)', plan.configSha256);
  compare('data fingerprint', previous.data?.fingerprint ?? '(none)', plan.data.fingerprint);
  const changes = diffCodeIdentity(previous.codeIdentity, codeIdentity);
  if (changes.length > 0) throw new ResumeCodeChangedError({ stateFile: manifestPath, changes });
  compare(
    'shard plan',
    JSON.stringify(previous.plan?.shards?.map((s) => s.factorIds) ?? null),
    JSON.stringify(plan.shardPlan.shards.map((s) => s.factorIds)),
  );
}

/** The shard's run.json must name the factors its job gave it (the launcher ran that job) and the run's code identity. */
function checkShardRan(job: ShardJob, codeIdentity: CodeIdentity): void {
  let state: RunState;
  try {
    state = JSON.parse(readFileSync(join(job.outDir, RUN_STATE_FILE), 'utf8')) as RunState;
  } catch (error) {
    throw new OutputDirError({ outDir: job.outDir, problem: 'unreadable', file: RUN_STATE_FILE, cause: error });
  }
  if (JSON.stringify(state.factors) !== JSON.stringify(job.factorIds)) throw new ShardFactorsMismatchError({ shard: job.shardIndex, given: job.factorIds, ran: state.factors });
  const changes = diffCodeIdentity(codeIdentity, state.codeIdentity);
  if (changes.length > 0) throw new ShardCodeMismatchError({ shard: job.shardIndex, changes });
}

function writeManifest(outDir: string, manifest: GateManifest): void {
  const path = join(outDir, MANIFEST_FILE);
  try {
    writeFileAtomic(path, `${JSON.stringify(manifest, null, 2)}\n`);
  } catch (error) {
    throw new FileWriteError({ what: 'gate manifest', path, cause: error });
  }
}

/** Writes gate_report.{csv,json,md} and charts/<factor>.svg; returns their paths relative to outDir. */
async function writeReports(options: {
  outDir: string;
  rows: readonly GateReportRow[];
  plan: GatePlan;
  windowRows: ReadonlyMap<string, readonly WindowSummary[]>;
}): Promise<string[]> {
  const { outDir, rows, plan, windowRows } = options;
  const files: [string, string][] = [
    ['gate_report.csv', formatGateReportCsv(rows)],
    ['gate_report.json', formatGateReportJson(rows, plan.config.gates)],
    ['gate_report.md', formatGateReportMarkdown(rows, plan.config.gates, windowRows) + formatDataWarningsMarkdown(plan.data)],
  ];
  const curves = readEquityCurves(readFileSync(join(outDir, 'oos_daily.csv'), 'utf8'));
  for (const row of rows) {
    const curve = curves.get(row.factor) ?? { factor: row.factor, dates: [], equity: new Float64Array(0) };
    const sharpe = Number.isFinite(row.summary.oosSharpe) ? row.summary.oosSharpe.toFixed(2) : '-';
    const svg = renderEquityChart({ curve, title: `${row.factor}: ${row.verdict.pass ? 'PASS' : 'FAIL'} (OOS Sharpe ${sharpe})` });
    files.push([chartPath(row.factor), `${svg}\n`]);
  }
  for (const [name, text] of files) {
    const path = join(outDir, name);
    try {
      writeFileAtomic(path, text);
    } catch (error) {
      throw new FileWriteError({ what: name.endsWith('.svg') ? 'equity chart' : 'gate report', path, cause: error });
    }
  }
  return files.map(([name]) => name);
}

function checkInteger(option: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new GateOptionError({ option, value, expected: `an integer >= ${min}` });
}

function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return typeof reason === 'string' ? reason : reason instanceof Error ? reason.message : 'aborted';
}

