import { dirname, join, resolve } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { BacktestEngine, canonicalConfigJson, compareCodePoints, computeCodeIdentity, countListedGaps, createBuiltinRegistry, createMarketContext, listedLives, loadConfig, loadFactorModule, loadPanel, prepareRunDir, PROTOCOL_VERSION, sha256Hex, SignalCache, WindowCache } from '@wf/engine';
import type { CacheRecovery, CodeIdentity, FactorDefinition, FactorSpec, ListedLives, LoadedPanel, MarketContext, UnitTexts, WalkForwardConfig } from '@wf/engine';
import { protocolCandidates, selectOnSegment } from '@wf/optimizer';
import type { Candidate } from '@wf/optimizer';
import { InvalidRunOptionError, ShardIndexOutOfRangeError, ShardOrphanedError, UnknownFactorSelectionError } from '../errors.js';
import { formatUnitRows } from '../output/formatUnitRows.js';
import { ProtocolFileWriter } from '../output/ProtocolFileWriter.js';
import { PROTOCOL_FILES, RUN_LOG_FILE } from '../output/protocolFiles.js';
import { prepareOutputDir } from '../resume/prepareOutputDir.js';
import { isLockFileName, LOCK_FILE, lockTokenProblem, RunFolderLock } from '../resume/RunFolderLock.js';
import type { PlannedUnit, RunState } from '../resume/RunState.js';
import { planWindows } from '../windows/planWindows.js';
import type { WalkForwardWindow } from '../windows/planWindows.js';
import type { WalkForwardEvent } from './WalkForwardEvent.js';
import { windowUnitKeys } from './windowUnitKeys.js';

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

type PlannedFactor = {
  readonly spec: FactorSpec;
  readonly factor: FactorDefinition;
  readonly candidates: readonly Candidate[];
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
  // The code that computes this shard's numbers: part of run.json (a resume under other code
  // is refused) and of every signal cache key.
  const code = options.preloaded?.code ?? (await computeCodeIdentity({ factorModules: config.factorModules, baseDir: dirname(resolve(options.configPath)) }));
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
    // A corrupt cache entry is recomputed, never trusted; the caller logs it at warn.
    const onCacheRecovery = (recovery: CacheRecovery): void => emit({ type: 'cache entry corrupt', ...recovery });
    const loadStartedMs = nowMs();
    const panelLoad =
      options.preloaded?.panel ??
      (await loadPanel({
        pricesDir: config.data.prices,
        marketCapsDir: config.data.marketCaps,
        calendarFile: config.data.calendar,
        cacheDir: options.cacheDir,
        refreshCache: options.refreshCache ?? false,
        onCacheRecovery,
      }));
    const { panel } = panelLoad;
    emit({
      type: 'panel loaded',
      source: panelLoad.source,
      symbols: panel.nSymbols,
      dates: panel.nDates,
      elapsedMs: Math.round(nowMs() - loadStartedMs),
    });

    const windows = planWindows({ windows: config.windows, nDates: panel.nDates });
    const factorIds = planned.map((p) => p.spec.id);
    const state = runState({ config, fingerprint: panelLoad.fingerprint, code, shardIndex, shardCount, factors: factorIds, windows: windows.length });
    const units: PlannedUnit[] = [];
    for (const p of planned) {
      for (const win of windows) {
        units.push({ factorId: p.spec.id, window: win.index, candidates: p.candidates.length, testDays: win.testEnd - win.testStart + 1 });
      }
    }
    const prepared = prepareOutputDir({ outDir: options.outDir, resume, force, state, units });
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

    // The returns, universe and engines are built on the first unit the window cache cannot replay.
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
    const codeIdentity = code.sha256;
    const windowCache =
      options.useCache === true ? new WindowCache({ dir: options.cacheDir, refresh: options.refreshCache ?? false, onCacheRecovery }) : null;
    const lives = listedLives(panel);
    const fileNames = PROTOCOL_FILES.map((file) => file.name);
    const keyOf = windowCache === null ? null : windowUnitKeys({ config, panel, codeIdentity, windows, lives });
    const unitKey = (p: PlannedFactor, win: WalkForwardWindow): string | null =>
      keyOf === null ? null : keyOf({ id: p.spec.id, candidates: p.candidates.map((candidate) => candidate.paramsText) }, win);
    const writer = new ProtocolFileWriter(options.outDir);
    const counters = { computedByRetiredEngines: 0, unitsRun: 0, unitsReused: 0 };
    let lastBeatMs = nowMs();
    let windowsSinceBeat = 0;
    let unitIndex = 0;
    try {
      for (const p of planned) {
        const factorStartedMs = nowMs();
        // Units the window cache can replay are written as they were; the engine ranks and
        // simulates only from the first window it must compute (its scores still span the history).
        const resumedHere = Math.max(0, Math.min(windows.length, prepared.completedUnits - unitIndex));
        let firstDay = Number.POSITIVE_INFINITY;
        const replays = windows.map((win, k) => {
          if (k < resumedHere) return { key: null, texts: null };
          const key = unitKey(p, win);
          const texts = key === null ? null : (windowCache?.get(key, fileNames) ?? null);
          if (texts === null) firstDay = Math.min(firstDay, win.trainStart);
          return { key, texts };
        });
        const build = (): BacktestEngine =>
          new BacktestEngine({
            context: marketContext(),
            factor: p.factor,
            portfolio: config.portfolio,
            signalCache,
            // Every candidate's signals stay in memory across windows: an LRU smaller than the
            // candidate list would miss on every access of the cyclic window loop.
            maxMemoizedSignals: Math.max(16, p.candidates.length),
            // Ranked from the first window to compute; from the calendar's start when that is the
            // factor's first window, so a cold run still fills the signal cache with whole entries.
            firstDay: Number.isFinite(firstDay) && firstDay > (windows[0]?.trainStart ?? 0) ? firstDay : 1,
          });
        let engine: BacktestEngine | null = null;
        for (const win of windows) {
          if (unitIndex < prepared.completedUnits) {
            unitIndex++;
            continue;
          }
          const { key, texts: replayed } = replays[win.index] as { key: string | null; texts: UnitTexts | null };
          if (replayed !== null) {
            // The places this run writes rows: a pending abort (IPC disconnect) is seen after the
            // yield, and a run lock taken over by a resumed orchestrator before the append.
            await yieldToEventLoop();
            checkOwner();
            writer.appendUnit(replayed as Parameters<ProtocolFileWriter['appendUnit']>[0]);
            counters.unitsReused++;
          } else {
            if (engine === null) engine = build();
            else engine.clearWindowState();
            const texts = formatUnitRows(panel, runUnit({ engine, context: marketContext(), planned: p, window: win, config, lives }));
            await yieldToEventLoop();
            checkOwner();
            writer.appendUnit(texts);
            if (key !== null) windowCache?.put(key, texts);
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
              cacheHits: signalCache?.stats().hits ?? 0,
              windowsReused: counters.unitsReused,
              signalsComputed: counters.computedByRetiredEngines + (engine?.stats().computed ?? 0),
            });
            lastBeatMs = now;
            windowsSinceBeat = 0;
          }
        }
        if (engine !== null) counters.computedByRetiredEngines += engine.stats().computed;
        emit({ type: 'factor done', shard: shardIndex, factor: p.spec.id, windows: windows.length, elapsedMs: Math.round(nowMs() - factorStartedMs) });
      }
    } finally {
      writer.close();
    }
    emit({
      type: 'run done',
      shard: shardIndex,
      shardCount,
      unitsRun: counters.unitsRun,
      unitsResumed: prepared.completedUnits,
      unitsReused: counters.unitsReused,
      elapsedMs: Math.round(nowMs() - startedMs),
      cacheHits: signalCache?.stats().hits ?? 0,
      signalsComputed: counters.computedByRetiredEngines,
    });
    return { state, unitsRun: counters.unitsRun, unitsResumed: prepared.completedUnits, unitsReused: counters.unitsReused };
  } finally {
    lock.releaseAndRemoveDirIfEmpty();
  }
}

type RunUnitOptions = {
  readonly engine: BacktestEngine;
  readonly context: MarketContext;
  readonly planned: PlannedFactor;
  readonly window: WalkForwardWindow;
  readonly config: WalkForwardConfig;
  readonly lives: ListedLives;
};

/**
 * Selection on train, evaluation and audit of one (factor, window) unit (PROTOCOL sections
 * 7 and 9), plus the section 8b inputs: every candidate simulated on the test segment as
 * the winner is (slices of the engine's memoized daily tables) and the test segment's gap counts.
 */
function runUnit(options: RunUnitOptions): Parameters<typeof formatUnitRows>[1] {
  const { engine, context, planned, window: win, config, lives } = options;
  const train = { start: win.trainStart, end: win.trainEnd };
  const testSegment = { start: win.testStart, end: win.testEnd };
  const selection = selectOnSegment({ engine, candidates: planned.candidates, segment: train, objective: config.objective });
  const test = engine.evaluate({ params: selection.best.params, segment: testSegment });
  const candidateTestReturns = planned.candidates.map((candidate, c) =>
    c === selection.bestIndex ? test.series.returns : engine.evaluate({ params: candidate.params, segment: testSegment }).series.returns,
  );
  return {
    factorId: planned.spec.id,
    window: win,
    candidates: planned.candidates,
    objective: config.objective,
    selection,
    test,
    trainAudit: engine.audit(selection.best.params, train),
    testAudit: engine.audit(selection.best.params, testSegment),
    candidateTestReturns,
    testGaps: countListedGaps({ panel: context.panel, lives, start: win.testStart, end: win.testEnd }),
  };
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
