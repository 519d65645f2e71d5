import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { appendToLedger, createBuiltinRegistry, createMarketContext, formatDate, isIsoDate, LedgerError, loadConfig, loadFactorModule, loadPanel, loadPanelOptionsOf, readLedger } from '@wf/engine';
import type { MarketContext, OnCacheRecovery, Segment, WalkForwardConfig } from '@wf/engine';
import { parseResultLine } from '../store/ResultRecord.js';
import { loadSpaceFile } from '../space/loadSpaceFile.js';
import { ParameterSpace } from '../space/ParameterSpace.js';
import { spaceSpecFromFactorSpec } from '../space/spaceSpecFromFactorSpec.js';
import type { StrategyName } from '../strategy/SearchStrategy.js';
import type { CreateSweepExecutor } from '../executor/SweepExecutorFactory.js';
import type { ArtifactPolicy } from './ArtifactPolicy.js';
import { InvalidSweepOptionsError } from '../errors.js';
import { resolveSegment } from './resolveSegment.js';
import { runSweep, SWEEP_FILES } from './runSweep.js';
import type { SweepOptions, SweepResult } from './runSweep.js';
import type { SweepTelemetry } from './SweepTelemetry.js';

/** Stages of loading, for the caller's log. */
export type OptimizationStage =
  | { readonly stage: 'panel loaded'; readonly source: 'csv' | 'cache' | 'appended'; readonly symbols: number; readonly dates: number; readonly elapsedMs: number }
  | {
      readonly stage: 'sweep planned';
      readonly factor: string;
      readonly gridSize: number;
      /** The segment's first and last realized days as dates (YYYY-MM-DD), and their calendar positions. */
      readonly segment: { readonly from: string; readonly to: string; readonly start: number; readonly end: number };
      readonly strategy: StrategyName;
      readonly workers: number;
    };

export type RunOptimizationOptions = {
  readonly configPath: string;
  readonly factorId: string;
  /** Overrides the config's data.prices. */
  readonly pricesDir: string | null;
  /** A YAML/JSON space file; null = the factor's `space` (or `params`) in the config. */
  readonly spacePath: string | null;
  /** ISO dates of the first and last realized day; null = the whole post-warm-up period. */
  readonly start: string | null;
  readonly end: string | null;
  /** Binary panel cache folder; null = always parse the CSVs. */
  readonly cacheDir: string | null;
  readonly strategy: StrategyName;
  readonly budget: number | null;
  readonly seed: number;
  readonly workers: number;
  readonly timeoutMs: number | null;
  /** Each worker's V8 heap limit in MB (`--candidate-memory-mb`); null or absent = none. */
  readonly candidateMemoryMb?: number | null;
  /** Replace a worker silent this long (`--stall-timeout`); null or absent = never. */
  readonly stallTimeoutMs?: number | null;
  readonly artifacts: ArtifactPolicy;
  readonly checkpointInterval: number;
  readonly outDir: string;
  readonly resume: boolean;
  readonly force: boolean;
  /**
   * first_seen (`YYYY-MM-DD`) of the rows appended to the config's trial ledger, when it
   * names one (PROTOCOL section 8b). Default: the UTC date of the start.
   */
  readonly runDate?: string | null;
  /**
   * Evaluate the candidates elsewhere (`wf-optimize --launcher bullmq`: wf-worker processes
   * through a job queue); given the sweep's spec, including where its data lie. Default: here.
   */
  readonly createExecutor?: CreateSweepExecutor;
  /** Other implementations of the sweep's parts (runSweep's options; absent = the product's own). */
  readonly implementation?: Pick<SweepOptions, 'memoize' | 'openStore' | 'createPool'>;
  readonly onStage?: (event: OptimizationStage) => void;
  /** Told when the panel's cache entry was corrupt and is rebuilt (log it at warn). */
  readonly onCacheRecovery?: OnCacheRecovery;
  readonly onHeartbeat?: (telemetry: SweepTelemetry) => void;
  readonly onProgress?: (telemetry: SweepTelemetry) => void;
};

export type OptimizationResult = SweepResult & {
  readonly config: WalkForwardConfig;
  readonly context: MarketContext;
  readonly segment: Segment;
  /** Rows appended to the config's trial ledger; null when the config names none. */
  readonly ledgerAppended: number | null;
};

/**
 * The `wf-optimize` job: loads a config (PROTOCOL section 10), its market and factor
 * registry (user modules included), builds the factor's parameter space (a space file,
 * or the config's `space`), resolves the segment from dates and runs the sweep with the
 * config's portfolio settings and objective. When the config names a trial ledger, every
 * candidate the sweep evaluated (status OK, ERROR or TIMEOUT; resumed ones included) is
 * appended to it at the end, in sweep order, as wf-gates appends (PROTOCOL section 8b).
 */
export async function runOptimization(options: RunOptimizationOptions): Promise<OptimizationResult> {
  const runDate = options.runDate ?? new Date().toISOString().slice(0, 10);
  if (!isIsoDate(runDate)) throw new InvalidSweepOptionsError('run-date', `expected a date YYYY-MM-DD, got ${JSON.stringify(runDate)}`);
  const config = await loadConfig(options.configPath);
  // A malformed ledger is refused before the sweep runs.
  if (config.ledger !== null) readLedger(config.ledger);
  const spec = config.factors.find((f) => f.id === options.factorId);
  if (spec === undefined && options.spacePath === null) {
    const ids = config.factors.map((f) => f.id).join(', ');
    throw new InvalidSweepOptionsError('factor', `factor "${options.factorId}" is not in ${options.configPath} (it has ${ids}); name one of those or give --space`);
  }
  if (spec?.external !== undefined) {
    throw new InvalidSweepOptionsError('factor', `factor "${options.factorId}" is external (its scores come from ${spec.external}): it has no parameters to search`);
  }
  const registry = createBuiltinRegistry();
  for (const modulePath of config.factorModules) await loadFactorModule(registry, modulePath);
  const factor = registry.get(options.factorId);
  const spaceSpec = options.spacePath !== null ? await loadSpaceFile(options.spacePath) : spaceSpecFromFactorSpec(spec ?? { id: options.factorId });
  const space = new ParameterSpace({
    factor,
    spec: spaceSpec,
    portfolio: config.portfolio,
    source: options.spacePath ?? `${options.configPath} (factor ${options.factorId})`,
  });
  const loadStarted = performance.now();
  const pricesDir = options.pricesDir ?? config.data.prices;
  const loaded = await loadPanel({
    ...loadPanelOptionsOf(config.data, options.pricesDir),
    cacheDir: options.cacheDir,
    ...(options.onCacheRecovery === undefined ? {} : { onCacheRecovery: options.onCacheRecovery }),
  });
  options.onStage?.({
    stage: 'panel loaded',
    source: loaded.source,
    symbols: loaded.panel.nSymbols,
    dates: loaded.panel.nDates,
    elapsedMs: Math.round(performance.now() - loadStarted),
  });
  const segment = resolveSegment({ panel: loaded.panel, start: options.start, end: options.end, defaultStart: config.windows.warmupDays });
  const context = createMarketContext({ panel: loaded.panel, dataFingerprint: loaded.fingerprint, universe: config.universe });
  const dateOf = (t: number): string => formatDate(context.panel.dates[t] ?? 0);
  options.onStage?.({
    stage: 'sweep planned',
    factor: factor.id,
    gridSize: space.size,
    segment: { from: dateOf(segment.start), to: dateOf(segment.end), start: segment.start, end: segment.end },
    strategy: options.strategy,
    workers: options.workers,
  });
  const result = await runSweep({
    context,
    factor,
    factorModules: config.factorModules,
    space,
    segment,
    objective: config.objective,
    strategy: options.strategy,
    seed: options.seed,
    budget: options.budget,
    workers: options.workers,
    timeoutMs: options.timeoutMs,
    candidateMemoryMb: options.candidateMemoryMb ?? null,
    stallTimeoutMs: options.stallTimeoutMs ?? null,
    artifacts: options.artifacts,
    checkpointInterval: options.checkpointInterval,
    outDir: options.outDir,
    resume: options.resume,
    force: options.force,
    ...(options.createExecutor === undefined
      ? {}
      : {
          createExecutor: options.createExecutor,
          dataSource: { configPath: resolve(options.configPath), pricesDir: resolve(pricesDir), marketCapsDir: config.data.marketCaps, calendarFile: config.data.calendar },
        }),
    ...options.implementation,
    ...(options.onHeartbeat === undefined ? {} : { onHeartbeat: options.onHeartbeat }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  let ledgerAppended: number | null = null;
  if (config.ledger !== null) {
    const added = appendToLedger({ path: config.ledger, trials: evaluatedTrials(options.outDir, factor.id), firstSeen: runDate });
    ledgerAppended = added.length;
  }
  return { ...result, config, context, segment, ledgerAppended };
}

/** The factor params of every evaluated record of the sweep's results store, in ordinal order. */
function evaluatedTrials(outDir: string, factorId: string): { factor: string; params: string }[] {
  const path = join(outDir, SWEEP_FILES.results);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new LedgerError({ file: path, problem: 'cannot read the sweep results to record its trials', cause: error });
  }
  const records = text
    .split('\n')
    .map((line) => (line === '' ? null : parseResultLine(line)))
    .filter((record) => record !== null && record.status !== 'PRUNED')
    .map((record) => record as NonNullable<typeof record>)
    .sort((a, b) => a.ordinal - b.ordinal);
  return records.map((record) => ({ factor: factorId, params: record.params }));
}
