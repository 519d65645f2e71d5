import { createBuiltinRegistry, createMarketContext, loadConfig, loadFactorModule, loadPanel } from '@wf/engine';
import type { MarketContext, OnCacheRecovery, Segment, WalkForwardConfig } from '@wf/engine';
import { loadSpaceFile } from '../space/loadSpaceFile.js';
import { ParameterSpace } from '../space/ParameterSpace.js';
import { spaceSpecFromFactorSpec } from '../space/spaceSpecFromFactorSpec.js';
import type { StrategyName } from '../strategy/SearchStrategy.js';
import type { ArtifactPolicy } from './ArtifactPolicy.js';
import { InvalidSweepOptionsError } from './InvalidSweepOptionsError.js';
import { resolveSegment } from './resolveSegment.js';
import { runSweep } from './runSweep.js';
import type { SweepResult } from './runSweep.js';
import type { CheckpointStyle, ExecutorKind, SignatureStyle, TimeoutStyle } from './SweepModes.js';
import type { SweepTelemetry } from './SweepTelemetry.js';

/** Stages of loading, for the caller's log. */
export type OptimizationStage =
  | { readonly stage: 'panel loaded'; readonly source: 'csv' | 'cache'; readonly symbols: number; readonly dates: number; readonly elapsedMs: number }
  | {
      readonly stage: 'sweep planned';
      readonly factor: string;
      readonly gridSize: number;
      readonly segment: { readonly start: number; readonly end: number };
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
  readonly artifacts: ArtifactPolicy;
  readonly checkpointInterval: number;
  readonly outDir: string;
  readonly resume: boolean;
  readonly force: boolean;
  /** Implementation modes (SweepModes.ts); absent = the current styles. The old styles exist as benchmark baselines. */
  readonly signatures?: SignatureStyle;
  readonly checkpointStyle?: CheckpointStyle;
  readonly timeouts?: TimeoutStyle;
  readonly executor?: ExecutorKind;
  /** false: no score-matrix memo (benchmark baseline); default true. */
  readonly memoize?: boolean;
  readonly onStage?: (event: OptimizationStage) => void;
  /** Told when the panel's cache entry was corrupt and is rebuilt (log it at warn). */
  readonly onCacheRecovery?: OnCacheRecovery;
  readonly onHeartbeat?: (telemetry: SweepTelemetry) => void;
  readonly onProgress?: (telemetry: SweepTelemetry) => void;
};

export type OptimizationResult = SweepResult & { readonly config: WalkForwardConfig; readonly context: MarketContext; readonly segment: Segment };

/**
 * The `wf-optimize` job: loads a config (PROTOCOL section 10), its market and factor
 * registry (user modules included), builds the factor's parameter space (a space file,
 * or the config's `space`), resolves the segment from dates and runs the sweep with the
 * config's portfolio settings and objective.
 */
export async function runOptimization(options: RunOptimizationOptions): Promise<OptimizationResult> {
  const config = await loadConfig(options.configPath);
  const spec = config.factors.find((f) => f.id === options.factorId);
  if (spec === undefined && options.spacePath === null) {
    const ids = config.factors.map((f) => f.id).join(', ');
    throw new InvalidSweepOptionsError('factor', `factor "${options.factorId}" is not in ${options.configPath} (it has ${ids}); name one of those or give --space`);
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
    ...(options.signatures === undefined ? {} : { signatureStyle: options.signatures }),
  });
  const loadStarted = performance.now();
  const loaded = await loadPanel({
    pricesDir: options.pricesDir ?? config.data.prices,
    marketCapsDir: config.data.marketCaps,
    calendarFile: config.data.calendar,
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
  options.onStage?.({ stage: 'sweep planned', factor: factor.id, gridSize: space.size, segment, strategy: options.strategy, workers: options.workers });
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
    artifacts: options.artifacts,
    checkpointInterval: options.checkpointInterval,
    outDir: options.outDir,
    resume: options.resume,
    force: options.force,
    ...(options.checkpointStyle === undefined ? {} : { checkpointStyle: options.checkpointStyle }),
    ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }),
    ...(options.executor === undefined ? {} : { executor: options.executor }),
    ...(options.memoize === undefined ? {} : { memoize: options.memoize }),
    ...(options.onHeartbeat === undefined ? {} : { onHeartbeat: options.onHeartbeat }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  return { ...result, config, context, segment };
}
