import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, prepareRunDir, ResumeMismatchError, ResumeStateError, SegmentOutOfRangeError, sha256Hex } from '@wf/engine';
import type { FactorDefinition, MarketContext, Objective, PortfolioConfig, Segment, SegmentMetrics } from '@wf/engine';
import type { CandidateExecutor, EvaluationOutcome, EvaluationTask } from '../executor/EvaluationTask.js';
import { InProcessExecutor } from '../executor/InProcessExecutor.js';
import { shareMarketContext } from '../executor/sharedMarketContext.js';
import { WorkerPoolExecutor } from '../executor/WorkerPoolExecutor.js';
import type { CreateSweepExecutor, SweepDataSource } from '../executor/SweepExecutorFactory.js';
import type { WorkerPoolExecutorOptions } from '../executor/WorkerPoolExecutor.js';
import { objectiveValue } from '../selection/objectiveValue.js';
import type { ParameterSpace } from '../space/ParameterSpace.js';
import { NdjsonResultsStore } from '../store/NdjsonResultsStore.js';
import type { NdjsonStoreRecovery, OpenNdjsonStoreOptions } from '../store/NdjsonResultsStore.js';
import type { ResultRecord } from '../store/ResultRecord.js';
import type { ResultsStore } from '../store/ResultsStore.js';
import { readCheckpoint, topEntrySummary, writeCheckpoint } from '../store/SweepCheckpoint.js';
import { TopKHeap } from '../store/TopKHeap.js';
import { writeArtifactFile } from '../store/writeArtifactFile.js';
import { ArtifactWriter } from '../store/ArtifactWriter.js';
import { createStrategy } from '../strategy/createStrategy.js';
import type { Observation, StrategyName } from '../strategy/SearchStrategy.js';
import type { ArtifactPolicy } from './ArtifactPolicy.js';
import { formatArtifactPolicy } from './ArtifactPolicy.js';
import { InvalidSweepOptionsError } from '../errors.js';
import type { SweepCandidate } from './SweepCandidate.js';
import type { SweepTelemetry } from './SweepTelemetry.js';

/** Files a sweep writes in its output folder. */
export const SWEEP_FILES = { run: 'run.json', results: 'results.ndjson', checkpoint: 'checkpoint.json', top: 'top.json', artifacts: 'artifacts' } as const;

export type SweepOptions = {
  readonly context: MarketContext;
  readonly factor: FactorDefinition;
  /** User factor modules the factor may come from (workers register them again). */
  readonly factorModules: readonly string[];
  readonly space: ParameterSpace;
  /** The segment every candidate is scored on (calendar positions of first and last realized day). */
  readonly segment: Segment;
  readonly objective: Objective;
  readonly strategy: StrategyName;
  /** Seed of random and tpe (32-bit integer). */
  readonly seed: number;
  /** Most candidates to process (evaluated, pruned or resumed); null = until the strategy is exhausted. */
  readonly budget: number | null;
  /** 0 = evaluate in-process; N >= 1 = a pool of N worker threads. */
  readonly workers: number;
  /** Per-candidate time limit in ms (needs workers >= 1); null = none. */
  readonly timeoutMs: number | null;
  /** Each worker thread's V8 heap limit in MB (a candidate over it is MEMORY); null or absent = none. Needs workers >= 1. */
  readonly candidateMemoryMb?: number | null;
  /** A worker silent (no outcome, no progress) this long is replaced, its candidate TIMEOUT; null or absent = never. Needs workers >= 1. */
  readonly stallTimeoutMs?: number | null;
  readonly artifacts: ArtifactPolicy;
  /** Candidates between checkpoints (default 50). */
  readonly checkpointInterval?: number;
  readonly outDir: string;
  /** Continue the sweep found in `outDir`, skipping processed signatures. */
  readonly resume: boolean;
  /** Start over in a non-empty `outDir` (the sweep's own files are removed). */
  readonly force?: boolean;
  /** Candidates proposed (and evaluated) per round; default 512 for grid/random, 32 for tpe. Part of a tpe run's identity. */
  readonly batchSize?: number;
  /** Skip candidates dominated by an earlier one (see README, "Pruning"); default true for random/tpe, false for grid. */
  readonly prune?: boolean;
  /** false: every candidate recomputes its score matrix. Default true. */
  readonly memoize?: boolean;
  /** Opens the results store (default NdjsonResultsStore.open); any store must end with the same file. */
  readonly openStore?: OpenResultsStore;
  /** Starts the executor of workers >= 1 (default WorkerPoolExecutor.create); any executor must give the same outcomes. */
  readonly createPool?: (options: WorkerPoolExecutorOptions) => Promise<CandidateExecutor>;
  /**
   * Evaluates candidates elsewhere (e.g. wf-worker processes through a job queue) instead of
   * in-process or on the worker pool; given the spec of this sweep. Outcomes must be the same.
   */
  readonly createExecutor?: CreateSweepExecutor;
  /** Where `context`'s data came from, for an executor elsewhere (`createExecutor`); default null. */
  readonly dataSource?: SweepDataSource | null;
  /** Entries kept in the top ranking (checkpoint, top.json); default N of top:N, else 10. */
  readonly topK?: number;
  readonly maxMemoizedSignals?: number;
  /** Extra facts that must match on resume (config file, dates, data fingerprint...). */
  readonly identity?: Readonly<Record<string, string | number | boolean | null>>;
  /** Heartbeat every this many candidates (default 100) and at the end. */
  readonly heartbeatEvery?: number;
  readonly onHeartbeat?: (telemetry: SweepTelemetry) => void;
  /** Called after every round (for a progress bar). */
  readonly onProgress?: (telemetry: SweepTelemetry) => void;
};

/** Opens (creating if absent) a sweep's results store, replaying the records it already holds. */
export type OpenResultsStore = (options: OpenNdjsonStoreOptions) => { readonly store: ResultsStore; readonly recovery: NdjsonStoreRecovery };

/** A ranked entry of the final top list. */
export type SweepTopEntry = {
  readonly rank: number;
  readonly ordinal: number;
  readonly signature: string;
  readonly params: string;
  readonly portfolio: string;
  readonly objective: number;
  readonly dailySharpe: number;
  readonly metrics: SegmentMetrics;
  /** The artifact file, when the policy kept this entry's series. */
  readonly artifactFile: string | null;
};

export type SweepResult = {
  readonly outDir: string;
  readonly top: readonly SweepTopEntry[];
  readonly telemetry: SweepTelemetry;
  /** Records found in the store on resume, and of those how many were past the last checkpoint. */
  readonly recovered: { readonly records: number; readonly pastCheckpoint: number; readonly tornBytes: number };
};

type TopItem = {
  readonly ordinal: number;
  readonly objective: number;
  readonly record: ResultRecord;
  readonly returns: Float64Array | null;
};

type Slot =
  | { readonly kind: 'evaluate'; readonly candidate: SweepCandidate; readonly ordinal: number }
  | { readonly kind: 'pruned'; readonly candidate: SweepCandidate; readonly ordinal: number; readonly by: string }
  | { readonly kind: 'resumed'; readonly candidate: SweepCandidate; readonly ordinal: number; readonly record: PriorRecord }
  | { readonly kind: 'duplicate'; readonly candidate: SweepCandidate };

type PriorRecord = { readonly ordinal: number; readonly objective: number; readonly status: ResultRecord['status'] };

const IC_OBJECTIVES: readonly Objective[] = ['mean_ic', 'ic_tstat'];

/**
 * Searches `space` on one segment and streams every candidate's outcome to
 * `<outDir>/results.ndjson` (PROTOCOL sections 4, 5 and 7 for each evaluation), with a
 * light checkpoint every `checkpointInterval` candidates, the final top list in
 * `top.json` and artifacts per `artifacts`. Rounds of `batchSize` proposals are evaluated
 * (in-process or by the worker pool), then recorded in proposal order and reported to
 * the strategy, so results never depend on the worker count. With `resume`, the store's
 * records are replayed: the strategy re-proposes the same sequence and processed
 * signatures are taken from the store instead of evaluated again.
 */
export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  const started = performance.now();
  const checkpointInterval = options.checkpointInterval ?? 50;
  const batchSize = options.batchSize ?? (options.strategy === 'tpe' ? 32 : 512);
  const prune = options.prune ?? options.strategy !== 'grid';
  const memoize = options.memoize ?? true;
  const topK = options.topK ?? (options.artifacts.kind === 'top' ? options.artifacts.n : 10);
  const heartbeatEvery = options.heartbeatEvery ?? 100;
  checkOptions({ ...options, checkpointInterval, batchSize, topK, heartbeatEvery });
  const { space, segment, outDir } = options;
  const portfolio: PortfolioConfig = space.portfolio;

  const entries = prepareRunDir({ outDir, resume: options.resume, force: options.force === true });
  // Forced over a previous sweep: its files go, any others stay.
  if (entries.length > 0 && !options.resume) for (const name of Object.values(SWEEP_FILES)) rmSync(join(outDir, name), { recursive: true, force: true });
  const identity = {
    format: 1,
    factor: options.factor.id,
    space: space.dimensions.map((d) => ({ name: d.name, target: d.target, dimension: d.dimension })),
    portfolio,
    segment,
    objective: options.objective,
    strategy: options.strategy,
    seed: options.strategy === 'grid' ? 0 : options.seed,
    batchSize: options.strategy === 'tpe' ? batchSize : 0,
    prune,
    dataFingerprint: options.context.dataFingerprint,
    universe: options.context.universe.config,
    extra: options.identity ?? {},
  };
  const identityText = canonicalJson(JSON.parse(JSON.stringify(identity)) as never);
  const runKey = sha256Hex(Buffer.from(identityText, 'utf8'));
  const runPath = join(outDir, SWEEP_FILES.run);
  const previousRun = options.resume ? readJsonOrNull(runPath) : null;
  if (previousRun !== null && (previousRun as { runKey?: unknown }).runKey !== runKey) {
    throw new ResumeMismatchError({
      stateFile: runPath,
      field: 'run key',
      found: String((previousRun as { runKey?: unknown }).runKey),
      expected: runKey,
      remedy: 'the factor, space, segment, objective, strategy, seed or data changed; pass --force to start over',
    });
  }
  if (previousRun === null) writeFileSync(runPath, JSON.stringify({ runKey, identity: JSON.parse(identityText) as unknown }, null, 2) + '\n');

  // Replay what an interrupted run left behind.
  const prior = new Map<string, PriorRecord>();
  const heap = new TopKHeap<TopItem>(topK);
  const openStore = options.openStore ?? NdjsonResultsStore.open;
  const { store, recovery } = openStore({
    path: join(outDir, SWEEP_FILES.results),
    onExisting: (record) => {
      prior.set(record.signature, { ordinal: record.ordinal, objective: record.objective, status: record.status });
      if (record.status === 'OK') heap.offer({ ordinal: record.ordinal, objective: record.objective, record, returns: null });
    },
  });
  const checkpointPath = join(outDir, SWEEP_FILES.checkpoint);
  const checkpoint = options.resume ? readCheckpoint(checkpointPath) : null;
  if (checkpoint !== null && (checkpoint.runKey !== runKey || checkpoint.storeRecords > recovery.records)) {
    store.close();
    throw checkpoint.runKey !== runKey
      ? new ResumeMismatchError({ stateFile: checkpointPath, field: 'run key', found: checkpoint.runKey, expected: runKey, remedy: 'the checkpoint belongs to another sweep; pass --force to start over' })
      : new ResumeStateError({ file: join(outDir, SWEEP_FILES.results), problem: `it has ${recovery.records} records but the checkpoint vouches for ${checkpoint.storeRecords}` });
  }

  const artifactsDir = join(outDir, SWEEP_FILES.artifacts);
  if (options.artifacts.kind !== 'none') mkdirSync(options.artifacts.kind === 'all' ? join(artifactsDir, 'all') : artifactsDir, { recursive: true });
  const executor = await createExecutor(options, memoize);
  // --artifacts all: written on a thread of their own, off the evaluation path.
  const artifactWriter = options.artifacts.kind === 'all' ? new ArtifactWriter(options.context.panel.dates) : null;
  const strategy = createStrategy({ name: options.strategy, space, seed: options.seed });
  const objectives = new Map<string, number>();
  const groupLeader = new Map<string, string>();
  const pruneApplies = prune && IC_OBJECTIVES.includes(options.objective) && space.dimensions.some((d) => d.target === 'portfolio');
  const wantSeries = options.artifacts.kind !== 'none';
  const stages = { scores: 0, portfolio: 0, metrics: 0, persistence: 0 };
  const counts = { candidates: 0, evaluated: 0, resumed: 0, pruned: 0, duplicates: 0, ok: 0, errors: 0, timeouts: 0, overMemory: 0, checkpoints: 0 };
  let sinceCheckpoint = 0;
  let sinceHeartbeat = 0;
  let nextOrdinal = 0;

  const telemetry = (): SweepTelemetry => {
    const stats = executor.stats();
    const requests = stats.engine.computed + stats.engine.memoHits + stats.engine.cacheHits;
    const elapsedMs = performance.now() - started;
    return {
      ...counts,
      planned: options.budget ?? space.size,
      rejected: strategy.rejected(),
      stagesMs: { ...stages },
      engine: stats.engine,
      memoHitRatio: requests === 0 ? Number.NaN : stats.engine.memoHits / requests,
      workersReplaced: stats.workersReplaced,
      elapsedMs,
      candidatesPerSecond: elapsedMs > 0 ? (counts.evaluated * 1000) / elapsedMs : 0,
    };
  };
  const saveCheckpoint = (): void => {
    const t = performance.now();
    // The checkpoint vouches for every record before it: their artifacts must be on disk.
    artifactWriter?.flush();
    store.sync();
    writeCheckpoint(checkpointPath, {
      format: 1,
      runKey,
      storeRecords: store.records,
      storeBytes: store.bytes,
      top: heap.sorted().map((item, k) => topEntrySummary(k + 1, item.record)),
    });
    stages.persistence += performance.now() - t;
    counts.checkpoints += 1;
    sinceCheckpoint = 0;
  };

  const allArtifactPath = (ordinal: number, signature: string): string => join(artifactsDir, 'all', `${String(ordinal).padStart(6, '0')}_${signature}.csv`);
  let artifactEvaluator: InProcessExecutor | null = null;
  // A resumed candidate past the last checkpoint may have lost its artifact with the killed
  // process: evaluated again here (the same numbers) and written.
  const rewriteMissingArtifact = (candidate: SweepCandidate, ordinal: number, signature: string): void => {
    const path = allArtifactPath(ordinal, signature);
    if (existsSync(path)) return;
    artifactEvaluator ??= new InProcessExecutor({ context: options.context, factor: options.factor, portfolio, segment, memoize: true });
    const outcome = artifactEvaluator.evaluateSync({ ordinal, params: candidate.params, paramsText: candidate.paramsText, portfolio: candidate.portfolio, wantSeries: true });
    if (outcome.status === 'OK' && outcome.returns !== null) {
      artifactWriter?.write({ path, start: segment.start, returns: outcome.returns, holdingDays: (candidate.portfolio ?? portfolio).holdingDays });
    }
  };
  const processSlot = (slot: Slot, outcome: EvaluationOutcome | null, observations: Observation[]): void => {
    if (slot.kind === 'duplicate') {
      counts.duplicates += 1;
      observations.push({ candidate: slot.candidate, objective: objectives.get(slot.candidate.signature) ?? Number.NaN });
      return;
    }
    counts.candidates += 1;
    sinceHeartbeat += 1;
    if (slot.kind === 'resumed') {
      counts.resumed += 1;
      if (artifactWriter !== null && slot.record.status === 'OK') rewriteMissingArtifact(slot.candidate, slot.ordinal, slot.candidate.signature);
      objectives.set(slot.candidate.signature, slot.record.objective);
      observations.push({ candidate: slot.candidate, objective: slot.record.objective });
      return;
    }
    const record =
      slot.kind === 'pruned'
        ? prunedRecord(slot.candidate, slot.ordinal, slot.by, objectives.get(slot.by) ?? Number.NaN)
        : outcomeRecord(slot.candidate, slot.ordinal, outcome as EvaluationOutcome, options.objective);
    const t = performance.now();
    store.append(record);
    const returns = outcome !== null && outcome.status === 'OK' ? outcome.returns : null;
    if (artifactWriter !== null && returns !== null) {
      artifactWriter.write({
        path: allArtifactPath(slot.ordinal, record.signature),
        start: segment.start,
        returns,
        holdingDays: (slot.candidate.portfolio ?? portfolio).holdingDays,
      });
    }
    stages.persistence += performance.now() - t;
    if (record.status === 'OK') {
      heap.offer({ ordinal: slot.ordinal, objective: record.objective, record, returns: options.artifacts.kind === 'top' ? returns : null });
    }
    counts[STATUS_COUNTS[record.status]] += 1;
    if (slot.kind === 'evaluate') counts.evaluated += 1;
    objectives.set(slot.candidate.signature, record.objective);
    observations.push({ candidate: slot.candidate, objective: record.objective });
    sinceCheckpoint += 1;
    if (sinceCheckpoint >= checkpointInterval) saveCheckpoint();
  };

  try {
    while (options.budget === null || nextOrdinal < options.budget) {
      const room = options.budget === null ? batchSize : Math.min(batchSize, options.budget - nextOrdinal);
      const proposals = strategy.propose(room);
      if (proposals.length === 0) break;
      const slots: Slot[] = [];
      const tasks: EvaluationTask[] = [];
      const inBatch = new Set<string>();
      for (const candidate of proposals) {
        if (objectives.has(candidate.signature) || inBatch.has(candidate.signature)) {
          slots.push({ kind: 'duplicate', candidate });
          continue;
        }
        inBatch.add(candidate.signature);
        const ordinal = nextOrdinal++;
        const previous = prior.get(candidate.signature);
        const leader = pruneApplies ? groupLeader.get(candidate.paramsText) : undefined;
        if (previous !== undefined) {
          if (previous.ordinal !== ordinal) {
            throw new ResumeMismatchError({
              stateFile: join(outDir, SWEEP_FILES.results),
              field: `candidate ${candidate.signature} at`,
              found: `#${previous.ordinal}`,
              expected: `#${ordinal}`,
              remedy: 'the proposal sequence changed; pass --force to start over',
            });
          }
          slots.push({ kind: 'resumed', candidate, ordinal, record: previous });
          if (pruneApplies && leader === undefined && previous.status !== 'PRUNED') groupLeader.set(candidate.paramsText, candidate.signature);
        } else if (leader !== undefined) {
          slots.push({ kind: 'pruned', candidate, ordinal, by: leader });
        } else {
          slots.push({ kind: 'evaluate', candidate, ordinal });
          if (pruneApplies) groupLeader.set(candidate.paramsText, candidate.signature);
          tasks.push({ ordinal, params: candidate.params, paramsText: candidate.paramsText, portfolio: candidate.portfolio, wantSeries });
        }
      }
      const observations: Observation[] = [];
      const done = new Map<number, EvaluationOutcome>();
      let cursor = 0;
      // Records go to the store in ordinal order as soon as the prefix before them is complete.
      const flush = (): void => {
        while (cursor < slots.length) {
          const slot = slots[cursor] as Slot;
          if (slot.kind === 'evaluate' && !done.has(slot.ordinal)) return;
          cursor += 1;
          processSlot(slot, slot.kind === 'evaluate' ? (done.get(slot.ordinal) as EvaluationOutcome) : null, observations);
        }
      };
      flush();
      await executor.evaluate(tasks, (outcome) => {
        done.set(outcome.ordinal, outcome);
        stages.scores += outcome.timings.scoresMs;
        stages.portfolio += outcome.timings.portfolioMs;
        stages.metrics += outcome.timings.metricsMs;
        flush();
      });
      flush();
      strategy.observe(observations);
      options.onProgress?.(telemetry());
      if (sinceHeartbeat >= heartbeatEvery) {
        sinceHeartbeat = 0;
        options.onHeartbeat?.(telemetry());
      }
    }
    saveCheckpoint();
    const top = finishTop({ options, heap, artifactsDir, memoize });
    writeFileSync(
      join(outDir, SWEEP_FILES.top),
      JSON.stringify(
        {
          factor: options.factor.id,
          objective: options.objective,
          strategy: options.strategy,
          artifacts: formatArtifactPolicy(options.artifacts),
          top: top.map((e) => ({ ...e, objective: finiteOrNull(e.objective), dailySharpe: finiteOrNull(e.dailySharpe), metrics: metricsJson(e.metrics) })),
        },
        null,
        2,
      ) + '\n',
    );
    const final = telemetry();
    options.onHeartbeat?.(final);
    return {
      outDir,
      top,
      telemetry: final,
      recovered: { records: recovery.records, pastCheckpoint: recovery.records - (checkpoint?.storeRecords ?? 0), tornBytes: recovery.tornBytes },
    };
  } finally {
    store.close();
    await executor.close();
    // Flushed by the last checkpoint on success; after a failure, what is queued is still written.
    await artifactWriter?.close().catch(() => undefined);
  }
}

/** The smallest --candidate-memory-mb: a worker thread with its engine needs about 20 MB of heap before any candidate. */
const MIN_CANDIDATE_MEMORY_MB = 64;

function checkOptions(options: SweepOptions & { checkpointInterval: number; batchSize: number; topK: number; heartbeatEvery: number }): void {
  const positiveInt = (value: number, name: string): void => {
    if (!Number.isInteger(value) || value < 1) throw new InvalidSweepOptionsError(name, `expected a positive integer, got ${value}`);
  };
  if (options.budget !== null) positiveInt(options.budget, 'budget');
  if (!Number.isInteger(options.workers) || options.workers < 0) throw new InvalidSweepOptionsError('workers', `expected an integer >= 0, got ${options.workers}`);
  if (options.timeoutMs !== null) {
    positiveInt(options.timeoutMs, 'timeout-ms');
    if (options.workers === 0) throw new InvalidSweepOptionsError('timeout-ms', 'a time limit needs worker threads (--workers >= 1): an in-process candidate cannot be interrupted');
  }
  if (options.stallTimeoutMs != null) {
    positiveInt(options.stallTimeoutMs, 'stall-timeout');
    if (options.workers === 0) throw new InvalidSweepOptionsError('stall-timeout', 'stall detection needs worker threads (--workers >= 1): an in-process candidate cannot be stopped');
  }
  const memoryMb = options.candidateMemoryMb ?? null;
  if (memoryMb !== null) {
    if (!Number.isInteger(memoryMb) || memoryMb < MIN_CANDIDATE_MEMORY_MB) {
      throw new InvalidSweepOptionsError('candidate-memory-mb', `must be an integer >= ${MIN_CANDIDATE_MEMORY_MB} (a worker's own heap needs about 20 MB), got ${memoryMb}`);
    }
    if (options.workers === 0) throw new InvalidSweepOptionsError('candidate-memory-mb', 'a memory budget needs worker threads (--workers >= 1): an in-process candidate cannot be stopped');
  }
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff) throw new InvalidSweepOptionsError('seed', `expected an integer in 0..4294967295, got ${options.seed}`);
  positiveInt(options.checkpointInterval, 'checkpoint-interval');
  positiveInt(options.batchSize, 'batch-size');
  positiveInt(options.heartbeatEvery, 'heartbeat-every');
  if (!Number.isInteger(options.topK) || options.topK < 0) throw new InvalidSweepOptionsError('top-k', `expected an integer >= 0, got ${options.topK}`);
  const { start, end } = options.segment;
  const nDates = options.context.panel.nDates;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 1 || end < start || end >= nDates) throw new SegmentOutOfRangeError({ start, end, nDates });
}

async function createExecutor(options: SweepOptions, memoize: boolean): Promise<CandidateExecutor> {
  const common = { portfolio: options.space.portfolio, segment: options.segment, memoize, ...(options.maxMemoizedSignals === undefined ? {} : { maxMemoizedSignals: options.maxMemoizedSignals }) };
  if (options.createExecutor !== undefined) {
    return options.createExecutor({
      ...common,
      factorId: options.factor.id,
      factorModules: options.factorModules,
      maxMemoizedSignals: options.maxMemoizedSignals ?? 16,
      workers: options.workers,
      timeoutMs: options.timeoutMs,
      dataFingerprint: options.context.dataFingerprint,
      universe: options.context.universe.config,
      data: options.dataSource ?? null,
    });
  }
  if (options.workers === 0) return new InProcessExecutor({ ...common, context: options.context, factor: options.factor });
  const createPool = options.createPool ?? WorkerPoolExecutor.create;
  return createPool({
    ...common,
    context: shareMarketContext(options.context),
    factorId: options.factor.id,
    factorModules: options.factorModules,
    workers: options.workers,
    timeoutMs: options.timeoutMs,
    candidateMemoryMb: options.candidateMemoryMb ?? null,
    stallTimeoutMs: options.stallTimeoutMs ?? null,
  });
}

/** The telemetry counter of each result status. */
const STATUS_COUNTS = { OK: 'ok', ERROR: 'errors', TIMEOUT: 'timeouts', MEMORY: 'overMemory', PRUNED: 'pruned' } as const;

function outcomeRecord(candidate: SweepCandidate, ordinal: number, outcome: EvaluationOutcome, objective: Objective): ResultRecord {
  const base = { ordinal, index: candidate.index, signature: candidate.signature, params: candidate.paramsText, portfolio: candidate.portfolioText, dominatedBy: null };
  if (outcome.status === 'OK') {
    return { ...base, status: 'OK', objective: objectiveValue(outcome.metrics, objective), dailySharpe: outcome.dailySharpe, metrics: outcome.metrics, error: null };
  }
  return { ...base, status: outcome.status, objective: Number.NaN, dailySharpe: Number.NaN, metrics: null, error: outcome.error };
}

function prunedRecord(candidate: SweepCandidate, ordinal: number, by: string, objective: number): ResultRecord {
  return {
    ordinal,
    index: candidate.index,
    signature: candidate.signature,
    params: candidate.paramsText,
    portfolio: candidate.portfolioText,
    status: 'PRUNED',
    objective,
    dailySharpe: Number.NaN,
    metrics: null,
    error: null,
    dominatedBy: by,
  };
}

/** The final ranking; with top:N, writes each entry's artifact (re-evaluating those resumed without a series). */
function finishTop(options: { options: SweepOptions; heap: TopKHeap<TopItem>; artifactsDir: string; memoize: boolean }): SweepTopEntry[] {
  const { heap, artifactsDir } = options;
  const sweep = options.options;
  const items = heap.sorted();
  let evaluator: InProcessExecutor | null = null;
  return items.map((item, k) => {
    const record = item.record;
    let artifactFile: string | null = null;
    if (sweep.artifacts.kind === 'top' && k < sweep.artifacts.n) {
      const candidate = sweep.space.decode(record.index);
      let returns = item.returns;
      if (returns === null && candidate !== null) {
        // Resumed entries lost their series with the killed process: evaluate them again (same numbers).
        evaluator ??= new InProcessExecutor({ context: sweep.context, factor: sweep.factor, portfolio: sweep.space.portfolio, segment: sweep.segment, memoize: true });
        const outcome = evaluator.evaluateSync({ ordinal: record.ordinal, params: candidate.params, paramsText: candidate.paramsText, portfolio: candidate.portfolio, wantSeries: true });
        returns = outcome.status === 'OK' ? outcome.returns : null;
      }
      if (returns !== null && candidate !== null) {
        artifactFile = join(artifactsDir, `top${String(k + 1).padStart(3, '0')}_${record.signature}.csv`);
        writeArtifactFile({
          path: artifactFile,
          dates: sweep.context.panel.dates,
          start: sweep.segment.start,
          returns,
          holdingDays: (candidate.portfolio ?? sweep.space.portfolio).holdingDays,
        });
      }
    }
    return {
      rank: k + 1,
      ordinal: record.ordinal,
      signature: record.signature,
      params: record.params,
      portfolio: record.portfolio,
      objective: record.objective,
      dailySharpe: record.dailySharpe,
      metrics: record.metrics as SegmentMetrics,
      artifactFile,
    };
  });
}

function readJsonOrNull(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function metricsJson(m: SegmentMetrics): Record<string, unknown> {
  return {
    days: m.days,
    total_return: finiteOrNull(m.totalReturn),
    ann_return: finiteOrNull(m.annReturn),
    ann_vol: finiteOrNull(m.annVol),
    sharpe: finiteOrNull(m.sharpe),
    max_drawdown: finiteOrNull(m.maxDrawdown),
    turnover: finiteOrNull(m.turnover),
    hit_rate: finiteOrNull(m.hitRate),
    mean_ic: finiteOrNull(m.meanIc),
    ic_std: finiteOrNull(m.icStd),
    ic_tstat: finiteOrNull(m.icTstat),
    universe_mean: finiteOrNull(m.universeMean),
    quantile_means: m.quantileMeans.map(finiteOrNull),
  };
}

