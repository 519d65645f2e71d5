import { dirname, join, resolve } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { canonicalConfigJson, compareCodePoints, computeCodeIdentity, createBuiltinRegistry, createMarketContext, listedLives, loadConfig, loadFactorModule, loadPanel, loadPanelOptionsOf, panelFieldsRead, prepareRunDir, PROTOCOL_VERSION, registerExternalFactors, scoreTablesOf, sha256Hex, SignalCache, StageClock, WindowCache } from '@wf/engine';
import type { CacheRecovery, CodeIdentity, FactorSpec, LoadedPanel, MarketContext, MemoryLimit, UnitTexts, WalkForwardConfig } from '@wf/engine';
import { protocolCandidates } from '@wf/optimizer';
import { InvalidRunOptionError, ShardIndexOutOfRangeError, ShardOrphanedError, UnknownFactorSelectionError } from '../errors.js';
import { ProtocolFileWriter } from '../output/ProtocolFileWriter.js';
import { PROTOCOL_FILES, RUN_LOG_FILE } from '../output/protocolFiles.js';
import { prepareOutputDir } from '../resume/prepareOutputDir.js';
import { isLockFileName, LOCK_FILE, lockTokenProblem, RunFolderLock } from '../resume/RunFolderLock.js';
import type { PlannedUnit, RunState } from '../resume/RunState.js';
import { planWindows } from '../windows/planWindows.js';
import type { WalkForwardWindow } from '../windows/planWindows.js';
import type { WalkForwardEvent } from './WalkForwardEvent.js';
import { FactorUnitComputer } from './FactorUnitComputer.js';
import { FactorWorkerPool } from './pool/FactorWorkerPool.js';
import { abandonSharedMarket, finishSharedMarket, startSharedMarket } from './pool/shareMarket.js';
import { estimateFactorCost } from './estimateFactorCost.js';
import { estimateShardMemory, fitShardWorkers } from '../memory/fitShardWorkers.js';
import type { PlannedFactor } from './runUnit.js';
import { windowUnitKeys } from './windowUnitKeys.js';
import { shardTelemetry, writeShardTelemetry } from '../telemetry/shardTelemetry.js';

/** Options of {@link runWalkForward}; the flags of `wf-walk-forward`. */
export type RunWalkForwardOptions = {
  /** Walk-forward config (PROTOCOL section 10). */
  readonly configPath: string;
  /** Output folder of this shard. */
  readonly outDir: string;
  /** Overrides the config's data.prices folder. */
  readonly pricesDir?: string | null;
  /**
   * The factors to run (each must be in the config; they run in id order); null or absent =
   * all of the config's. A shard of wf-gates is given its part of the orchestrator's plan here.
   */
  readonly factorIds?: readonly string[] | null;
  /**
   * The run's shard label, 0..shardCount-1 (default 0 of 1): named in its events, lock and
   * run.json. It selects nothing: the factors are `factorIds`.
   */
  readonly shardIndex?: number;
  readonly shardCount?: number;
  /** Read and write computed signals in the on-disk signal cache under `cacheDir`. */
  readonly useCache?: boolean;
  /** Cache root: panels under `<cacheDir>/panels/` and universes under `<cacheDir>/universe/` (always used), signals under `<cacheDir>/signals/`. */
  readonly cacheDir: string;
    /** Recompute and overwrite cache entries (panel, universe and signals). */
  readonly refreshCache?: boolean;
  /** Skip the units already complete in outDir (see prepareOutputDir). */
  readonly resume?: boolean;
  /** Overwrite outDir's protocol files. */
  readonly force?: boolean;
  /**
   * Worker threads computing factors in parallel on one shared panel (default 1: this thread
   * computes). The files are the same bytes for any number.
   */
  readonly workers?: number;
  /**
   * The memory this shard may use (`--max-memory-gb`, or the machine's): a panel or a pool of
   * workers whose estimate exceeds it is refused with a MemoryLimitError before it is
   * allocated (loadPanel's check; fitShardWorkers). Null or absent: not checked.
   */
  readonly memoryLimit?: MemoryLimit | null;
  /** With memoryLimit: lower `workers` to the most that fit instead of refusing (the caller did not ask for a number). */
  readonly lowerWorkersToFit?: boolean;
  /** A heartbeat every this many windows (default 1) ... */
  readonly heartbeatEvery?: number;
  /** ... and after the first window that ends at least this long after the previous heartbeat (default 30). */
  readonly heartbeatSeconds?: number;
  /**
   * How long to wait for another live owner of outDir's lock (`<outDir>/.lock`) to end
   * before refusing (default 0: refuse at once). A resumed shard waits for the orphan of a
   * killed orchestrator, which stops at its next unit.
   */
  readonly lockWaitMs?: number;
  /**
   * The orchestrator's run lock and the token it gave this shard: checked before any work
   * and before every unit is appended; when the lock holds another token (the orchestrator
   * is gone and a resumed run took over) the shard stops with ShardOrphanedError.
   */
  readonly runLock?: { readonly path: string; readonly token: string } | null;
  /**
   * Aborted when the run must stop at once (the CLI: the IPC channel to the orchestrator
   * closed). Checked before every unit is appended, after yielding to the event loop so a
   * pending abort is seen; nothing of the unit is written then.
   */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: WalkForwardEvent) => void;
  /** Monotonic clock in ms (default performance.now); only for elapsed times and ETAs. */
  readonly nowMs?: () => number;
  /**
   * What the caller already loaded for this config and data (an orchestrator running the
   * shard in its own process): the panel loadPanel gives for the config's data and the code
   * identity computeCodeIdentity gives for its factor modules. Absent: both are loaded here.
   */
  readonly preloaded?: { readonly panel: LoadedPanel; readonly code: CodeIdentity } | null;
};

/** What a finished shard run did. */
export type WalkForwardRunResult = {
  readonly state: RunState;
  readonly unitsRun: number;
  readonly unitsResumed: number;
  /** Units replayed from the window cache (included in unitsRun). */
  readonly unitsReused: number;
};

/**
 * One walk-forward shard process (DESIGN.md, nightly step 3): loads the config and the
 * panel (binary panel cache) once, plans the windows (PROTOCOL section 6) for the factors it
 * is given (`factorIds`), then per factor builds one BacktestEngine, and per window selects
 * params on train with @wf/optimizer (section 7), evaluates the winner on test, audits both
 * segments, and appends the unit's rows to the output files (section 9, plus the section 8
 * inputs) before moving on. Everything that can be refused (options, config, factors,
 * shard, output folder, data) is checked before any file is written.
 */
export async function runWalkForward(options: RunWalkForwardOptions): Promise<WalkForwardRunResult> {
  const nowMs = options.nowMs ?? (() => performance.now());
  const startedMs = nowMs();
  const emit = options.onEvent ?? (() => undefined);
  const shardIndex = options.shardIndex ?? 0;
  const shardCount = options.shardCount ?? 1;
  const heartbeatEvery = options.heartbeatEvery ?? 1;
  const heartbeatMs = (options.heartbeatSeconds ?? 30) * 1000;
  const resume = options.resume ?? false;
  const force = options.force ?? false;
  if (resume && force) throw new InvalidRunOptionError({ option: '--resume', value: 'with --force', expected: 'one of them, not both' });
  if (!Number.isInteger(heartbeatEvery) || heartbeatEvery < 1) {
    throw new InvalidRunOptionError({ option: '--heartbeat-every', value: heartbeatEvery, expected: 'an integer >= 1' });
  }
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) {
    throw new InvalidRunOptionError({ option: '--workers', value: options.workers, expected: 'an integer >= 1' });
  }
  if (!(heartbeatMs > 0)) {
    throw new InvalidRunOptionError({ option: '--heartbeat-seconds', value: options.heartbeatSeconds, expected: 'a number > 0' });
  }
  if (!Number.isInteger(shardCount) || shardCount < 1) {
    throw new InvalidRunOptionError({ option: '--shard-count', value: shardCount, expected: 'an integer >= 1' });
  }
  if (!Number.isInteger(shardIndex) || shardIndex < 0 || shardIndex >= shardCount) {
    throw new ShardIndexOutOfRangeError({ shardIndex, shardCount });
  }

  const loaded = await loadConfig(options.configPath);
  const config: WalkForwardConfig =
    options.pricesDir == null ? loaded : { ...loaded, data: { ...loaded.data, prices: resolve(options.pricesDir) } };
  const registry = createBuiltinRegistry();
  for (const modulePath of config.factorModules) await loadFactorModule(registry, modulePath);
  await registerExternalFactors(registry, config.factors);
  // The code that computes this shard's numbers: part of run.json (a resume under other code
  // is refused) and of every signal cache key.
  const code = options.preloaded?.code ?? (await computeCodeIdentity({ factorModules: config.factorModules, baseDir: dirname(resolve(options.configPath)), scoreTables: scoreTablesOf(config.factors) }));
  const selected = selectFactors(config.factors, options.factorIds ?? null);
  const planned: PlannedFactor[] = selected.map((spec) => {
    const factor = registry.get(spec.id);
    return { spec, factor, candidates: protocolCandidates(factor, spec) };
  });
  const checkOwner = (): void => {
    const { signal, runLock } = options;
    if (signal?.aborted === true) throw new ShardOrphanedError({ outDir: options.outDir, reason: abortReason(signal) });
    const problem = runLock == null ? null : lockTokenProblem(runLock.path, runLock.token);
    if (problem !== null) throw new ShardOrphanedError({ outDir: options.outDir, reason: problem });
  };
  checkOwner();
  // Once before the lock for a quick refusal (a file, a full folder), once under it: of runs
  // racing into one folder, the first holds the lock and the others are refused. The appended
  // run.log and the lock files do not count.
  const runDir = { outDir: options.outDir, resume, force, ignore: (name: string) => name === RUN_LOG_FILE || isLockFileName(name) };
  prepareRunDir({ ...runDir, create: false });
  const lock = await RunFolderLock.acquire({
    dir: options.outDir,
    purpose: `wf-walk-forward shard ${shardIndex} of ${shardCount}`,
    waitMs: options.lockWaitMs ?? 0,
    onTakeover: (stale, reason) => emit({ type: 'stale lock taken over', lockFile: join(options.outDir, LOCK_FILE), stalePid: stale.pid, staleStartedAt: stale.startedAt, reason }),
    onWait: (owner) => emit({ type: 'waiting for lock', lockFile: join(options.outDir, LOCK_FILE), ownerPid: owner.pid, owner: owner.purpose, waitMs: options.lockWaitMs ?? 0 }),
    // An orphan must not wait its turn and then write: it gives up once its orchestrator is gone.
    checkStillWanted: checkOwner,
  });
  try {
    prepareRunDir(runDir);
  } catch (error) {
    lock.releaseAndRemoveDirIfEmpty();
    throw error;
  }
  try {
    // Run-thread time by stage (telemetry.json, heartbeats); `other` is the rest of the wall time.
    const wall = new StageClock(nowMs);
    // A corrupt cache entry is recomputed, never trusted; the caller logs it at warn.
    const onCacheRecovery = (recovery: CacheRecovery): void => emit({ type: 'cache entry corrupt', ...recovery });
    const loadStartedMs = nowMs();
    const panelLoad =
      options.preloaded?.panel ??
      (await loadPanel({
        ...loadPanelOptionsOf(config.data),
        cacheDir: options.cacheDir,
        refreshCache: options.refreshCache ?? false,
        onCacheRecovery,
        // A pool of workers shares the panel: read it into shared memory, not copied later.
        shared: workers > 1,
        memoryLimit: options.memoryLimit ?? null,
        // Only the fields the factors and the universe read; all of them for the window cache,
        // whose keys hash every field (computeDatePrefixFingerprints).
        ...(options.useCache === true ? {} : { fields: panelFieldsRead({ factors: planned.map((p) => p.factor), universe: config.universe }) }),
      }));
    const { panel } = panelLoad;
    wall.add('setup', loadStartedMs - startedMs);
    wall.add('panelLoad', nowMs() - loadStartedMs);
    emit({
      type: 'panel loaded',
      source: panelLoad.source,
      symbols: panel.nSymbols,
      dates: panel.nDates,
      elapsedMs: Math.round(nowMs() - loadStartedMs),
    });

    const planStartedMs = nowMs();
    const windows = planWindows({ windows: config.windows, nDates: panel.nDates });
    const factorIds = planned.map((p) => p.spec.id);
    const state = runState({ config, fingerprint: panelLoad.fingerprint, code, shardIndex, shardCount, factors: factorIds, windows: windows.length });
    const units: PlannedUnit[] = [];
    for (const p of planned) {
      for (const win of windows) {
        units.push({ factorId: p.spec.id, window: win.index, candidates: p.candidates.length, testDays: win.testEnd - win.testStart + 1 });
      }
    }

    // The returns and universe are built on the first unit the window cache cannot replay.
    let context: MarketContext | null = null;
    const marketContext = (): MarketContext =>
      (context ??= createMarketContext({
        panel,
        dataFingerprint: panelLoad.fingerprint,
        universe: config.universe,
        cacheDir: options.cacheDir,
        refreshCache: options.refreshCache ?? false,
        onCacheRecovery,
      }));
    const signalCache = options.useCache === true ? new SignalCache({ dir: options.cacheDir, refresh: options.refreshCache ?? false, onCacheRecovery, codeIdentity: code.sha256 }) : null;
    const windowCache =
      options.useCache === true ? new WindowCache({ dir: options.cacheDir, refresh: options.refreshCache ?? false, onCacheRecovery }) : null;
    const lives = listedLives(panel);
    const fileNames = PROTOCOL_FILES.map((file) => file.name);
    const keyOf = windowCache === null ? null : windowUnitKeys({ config, panel, codeIdentity: code.sha256, windows, lives });

    // A resumed run learns its finished units from its folder (prepareOutputDir, which first
    // repairs torn rows as every resume does); a new run has none, so it is planned, and checked
    // against the memory limit, before its folder is touched: a refusal writes no file.
    let prepared = resume ? prepareOutputDir({ outDir: options.outDir, resume, force, state, units }) : null;
    const completedUnits = prepared?.completedUnits ?? 0;
    // Which units replay from the window cache and which are computed, per factor (resumed units
    // are neither). A factor's engine ranks and simulates only from its first window to compute
    // (its scores still span the history); from the calendar's start when that is its first
    // window, so a cold run still fills the signal cache with whole entries.
    const factorPlans = planned.map((p, f) => {
      const units = windows.map((win) => {
        if (f * windows.length + win.index < completedUnits) return { resumed: true, key: null, replay: false };
        const key = keyOf === null ? null : keyOf({ id: p.spec.id, candidates: p.candidates.map((candidate) => candidate.paramsText) }, win);
        return { resumed: false, key, replay: key !== null && windowCache !== null && windowCache.has(key) };
      });
      const toCompute = windows.filter((win) => !(units[win.index]?.resumed ?? true) && !(units[win.index]?.replay ?? true));
      return { units, toCompute, firstDay: firstDayOf(toCompute[0] ?? null, windows) };
    });
    const computing = factorPlans.flatMap((plan, f) => (plan.toCompute.length > 0 ? [f] : []));

    // Threads that fit the memory limit, before the market and score matrices are allocated:
    // only as many as there are factors to compute, and none checked when every unit is
    // resumed or replayed (such a night allocates no matrices).
    const shape = { nDates: panel.nDates, nSymbols: panel.nSymbols, marketCaps: panel.marketCap !== null };
    const wanted = Math.max(1, Math.min(workers, computing.length));
    const threads = computing.length === 0 ? wanted : fitShardWorkers({ ...shape, workers: wanted, lower: options.lowerWorkersToFit === true, limit: options.memoryLimit ?? null });
    if (threads < wanted) {
      emit({ type: 'workers lowered', requested: workers, workers: threads, estimatedBytes: estimateShardMemory({ ...shape, workers: threads }), limitBytes: options.memoryLimit?.bytes ?? 0 });
    }
    prepared ??= prepareOutputDir({ outDir: options.outDir, resume, force, state, units });
    emit({
      type: 'run planned',
      shard: shardIndex,
      shardCount,
      factors: factorIds,
      windows: windows.length,
      unitsTotal: units.length,
      unitsResumed: prepared.completedUnits,
      repairedFiles: prepared.repairedFiles,
    });
    const pooled = Math.min(threads, computing.length) > 1;
    // `plan`: windows, run state, the output folder's resume check, the window cache's keys.
    wall.add('plan', nowMs() - planStartedMs);
    // With a pool, the universe and returns ranking are built while its workers start (below).
    if (computing.length > 0 && !pooled) wall.time('universe', marketContext);
    // Between units a heartbeat (`working`) whenever the compute threads report progress and
    // heartbeatSeconds have passed: a shard that goes silent is stuck, not slow.
    let lastBeatMs = nowMs();
    let currentFactor = planned[0]?.spec.id ?? '';
    // Units written so far (file order); read by the `working` heartbeat between units.
    let unitIndex = 0;
    const threadClock = new StageClock();
    const computeStages = (): Record<string, number> => {
      const clock = new StageClock();
      clock.addAll(threadClock.snapshot());
      if (pool !== null) clock.addAll(pool.stageTimes());
      return clock.snapshot();
    };
    const onProgress = (): void => {
      const now = nowMs();
      if (now - lastBeatMs < heartbeatMs) return;
      lastBeatMs = now;
      emit({
        type: 'working',
        shard: shardIndex,
        factor: currentFactor,
        unitsDone: unitIndex,
        unitsTotal: units.length,
        elapsedMs: Math.round(now - startedMs),
        stages: wall.snapshot(),
        computeStages: computeStages(),
      });
    };
    let pool: FactorWorkerPool | null = null;
    const taskOf = new Map<number, number>();
    if (pooled) {
      // The workers start on the panel and returns; the universe and the returns ranking (read
      // first after a factor's scores) are built meanwhile on this thread, into the shared
      // arrays they wait on.
      const market = wall.time('returns', () => startSharedMarket({ panel, dataFingerprint: panelLoad.fingerprint, universe: config.universe }));
      pool = new FactorWorkerPool({
        workers: threads,
        setup: { market, config, useCache: options.useCache === true, cacheDir: options.cacheDir, refreshCache: options.refreshCache ?? false, codeIdentity: code.sha256 },
        tasks: computing.map((f, task) => {
          taskOf.set(f, task);
          const p = planned[f] as PlannedFactor;
          const plan = factorPlans[f] as (typeof factorPlans)[number];
          return { factorId: p.spec.id, windows: plan.toCompute, firstDay: plan.firstDay, cost: estimateFactorCost({ windows: plan.toCompute.length, candidates: p.candidates.length, costHint: p.factor.costHint }) };
        }),
        onCacheRecovery,
        onProgress,
      });
      try {
        const built = market;
        context = wall.time('universe', () =>
          finishSharedMarket(
            built,
            createMarketContext({ panel, dataFingerprint: panelLoad.fingerprint, universe: config.universe, cacheDir: options.cacheDir, refreshCache: options.refreshCache ?? false, onCacheRecovery, returns: built.returns }),
          ),
        );
      } catch (error) {
        abandonSharedMarket(market);
        await pool.close();
        throw error;
      }
    }
    const computerOf = (p: PlannedFactor, firstDay: number): FactorUnitComputer =>
      new FactorUnitComputer({ context: marketContext, planned: p, config, lives, signalCache, firstDay, clock: threadClock, onProgress });
    const computers = planned.map((p, f) => computerOf(p, (factorPlans[f] as (typeof factorPlans)[number]).firstDay));
    const fallbacks: (FactorUnitComputer | undefined)[] = [];
    const signalsComputed = (): number =>
      [...computers, ...fallbacks].reduce((sum, c) => sum + (c?.signalsComputed() ?? 0), 0) + (pool?.stats().signalsComputed ?? 0);
    const cacheHits = (): number => (signalCache?.stats().hits ?? 0) + (pool?.stats().cacheHits ?? 0);
    const writer = new ProtocolFileWriter(options.outDir);
    const counters = { unitsRun: 0, unitsReused: 0, unitsComputedWithKey: 0 };
    let windowsSinceBeat = 0;
    try {
      for (const [f, p] of planned.entries()) {
        const factorStartedMs = nowMs();
        const plan = factorPlans[f] as (typeof factorPlans)[number];
        currentFactor = p.spec.id;
        for (const win of windows) {
          const unit = plan.units[win.index] as (typeof plan.units)[number];
          if (unit.resumed) {
            unitIndex++;
            continue;
          }
          const key = unit.key;
          const replayed = unit.replay && key !== null ? wall.time('replay', () => windowCache?.get(key, fileNames) ?? null) : null;
          let texts: UnitTexts;
          if (replayed !== null) {
            texts = replayed;
          } else if (unit.replay) {
            // The entry was there when planned but is corrupt or gone now: computed here, on one
            // engine per factor ranking from its first such window (the same bits as from any
            // earlier day), reused by its later ones.
            const fallback = (fallbacks[f] ??= computerOf(p, firstDayOf(win, windows)));
            texts = wall.time('compute', () => fallback.compute(win));
          } else if (pool !== null) {
            const running = pool;
            texts = await wall.timeAsync('compute', () => running.unit(taskOf.get(f) as number, win.index));
          } else {
            texts = wall.time('compute', () => (computers[f] as FactorUnitComputer).compute(win));
          }
          // The places this run writes rows: a pending abort (IPC disconnect) is seen after the
          // yield, and a run lock taken over by a resumed orchestrator before the append.
          const writeStartedMs = nowMs();
          await yieldToEventLoop();
          checkOwner();
          writer.appendUnit(texts as Parameters<ProtocolFileWriter['appendUnit']>[0]);
          if (replayed !== null) counters.unitsReused++;
          else if (key !== null) {
            windowCache?.put(key, texts);
            counters.unitsComputedWithKey++;
          }
          unitIndex++;
          counters.unitsRun++;
          windowsSinceBeat++;
          const now = nowMs();
          if (windowsSinceBeat >= heartbeatEvery || now - lastBeatMs >= heartbeatMs) {
            const elapsedMs = now - startedMs;
            const remaining = units.length - unitIndex;
            emit({
              type: 'heartbeat',
              shard: shardIndex,
              shardCount,
              factor: p.spec.id,
              window: win.index,
              windowsDone: win.index + 1,
              windows: windows.length,
              unitsDone: unitIndex,
              unitsTotal: units.length,
              elapsedMs: Math.round(elapsedMs),
              etaMs: Math.round(((now - loadStartedMs) / counters.unitsRun) * remaining),
              cacheHits: cacheHits(),
              windowsReused: counters.unitsReused,
              signalsComputed: signalsComputed(),
              stages: wall.snapshot(),
              computeStages: computeStages(),
            });
            lastBeatMs = now;
            windowsSinceBeat = 0;
          }
          // `write`: the yield, the owner check, the append and the heartbeat (logged synchronously).
          wall.add('write', nowMs() - writeStartedMs);
        }
        emit({ type: 'factor done', shard: shardIndex, factor: p.spec.id, windows: windows.length, elapsedMs: Math.round(nowMs() - factorStartedMs) });
      }
    } finally {
      writer.close();
      await pool?.close();
    }
    const telemetry = shardTelemetry({
      shard: shardIndex,
      shardCount,
      wallMs: nowMs() - startedMs,
      stages: wall.snapshot(),
      computeThreads: pool?.size() ?? 1,
      computeStages: computeStages(),
      panelSource: panelLoad.source,
      universeSource: context?.universeSource ?? null,
      signals: { hits: cacheHits(), computed: signalsComputed() },
      windows: { hits: counters.unitsReused, computed: counters.unitsComputedWithKey },
      units: { run: counters.unitsRun, resumed: prepared.completedUnits, reused: counters.unitsReused },
    });
    writeShardTelemetry(options.outDir, telemetry);
    emit({
      type: 'run done',
      shard: shardIndex,
      shardCount,
      unitsRun: counters.unitsRun,
      unitsResumed: prepared.completedUnits,
      unitsReused: counters.unitsReused,
      elapsedMs: Math.round(nowMs() - startedMs),
      cacheHits: cacheHits(),
      signalsComputed: signalsComputed(),
      telemetry,
    });
    return { state, unitsRun: counters.unitsRun, unitsResumed: prepared.completedUnits, unitsReused: counters.unitsReused };
  } finally {
    lock.releaseAndRemoveDirIfEmpty();
  }
}

/** The engine's first day for a factor whose first window to compute is `first` (see BacktestEngine `firstDay`). */
function firstDayOf(first: WalkForwardWindow | null, windows: readonly WalkForwardWindow[]): number {
  return first !== null && first.trainStart > (windows[0]?.trainStart ?? 0) ? first.trainStart : 1;
}

function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return typeof reason === 'string' ? reason : reason instanceof Error ? reason.message : 'aborted';
}

/** The config's factors sorted by id, restricted to `ids` when given. */
function selectFactors(specs: readonly FactorSpec[], ids: readonly string[] | null): FactorSpec[] {
  const configIds = specs.map((spec) => spec.id);
  if (ids !== null) {
    for (const id of ids) if (!configIds.includes(id)) throw new UnknownFactorSelectionError({ factorId: id, configIds });
  }
  return specs.filter((spec) => ids === null || ids.includes(spec.id)).sort((a, b) => compareCodePoints(a.id, b.id));
}

type RunStateOptions = {
  readonly config: WalkForwardConfig;
  readonly fingerprint: string;
  readonly code: CodeIdentity;
  readonly shardIndex: number;
  readonly shardCount: number;
  readonly factors: readonly string[];
  readonly windows: number;
};

/**
 * The run identity; its key leaves out the data paths (the fingerprint stands for the data)
 * and the shard label (the factors stand for the shard), and hashes the code identity.
 */
function runState(options: RunStateOptions): RunState {
  const { config, fingerprint, code, shardIndex, shardCount, factors, windows } = options;
  // The ledger is read by the orchestrator only; the shard's files do not depend on it.
  const keyed = { ...config, data: { prices: '', marketCaps: null, calendar: null }, ledger: null };
  const identity = JSON.stringify([PROTOCOL_VERSION, canonicalConfigJson(keyed), fingerprint, code.sha256, factors]);
  return {
    protocolVersion: PROTOCOL_VERSION,
    runKey: sha256Hex(new TextEncoder().encode(identity)),
    dataFingerprint: fingerprint,
    codeIdentity: code,
    shardIndex,
    shardCount,
    factors,
    windows,
  };
}
