import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { canonicalConfigJson, compareCodePoints, ConfigError, createBuiltinRegistry, formatDate, identifyPanel, isWfError, loadConfig, loadFactorModule, loadPanelOptionsOf, registerExternalFactors, sha256Hex } from '@wf/engine';
import type { ConfigProblem, LoadedPanel, LoadWarning, MemoryLimit, PanelSource, WalkForwardConfig } from '@wf/engine';
import { protocolCandidates } from '@wf/optimizer';
import { planWindows } from '@wf/walk-forward';
import { GateConfigError } from '../errors.js';
import { planShards } from './planShards.js';
import type { ShardPlan } from './planShards.js';

/** One factor of a gate run as the shard planner and the freeze see it. */
export type PlannedGateFactor = {
  readonly id: string;
  /** FactorDefinition.costHint (1 when absent). */
  readonly costHint: number;
  /** Canonical params text of every candidate, in PROTOCOL section 7 grid order. */
  readonly candidates: readonly string[];
};

/** The data a gate run reads, as identified before any shard starts. */
export type GateDataInfo = {
  /** sha256 of the input files' contents (the engine's data fingerprint). */
  readonly fingerprint: string;
  readonly pricesDir: string;
  readonly symbols: number;
  readonly dates: number;
  readonly firstDate: string;
  readonly lastDate: string;
  /** Where the orchestrator's panel identity came from: a cache entry's header, or the CSVs (then it fills the panel cache the shards read). */
  readonly panelSource: PanelSource;
  /**
   * With `data.lenient: true` only: how many row errors the loader turned into NaN cells or
   * skipped rows, and the first of them (a panel served by the cache had none: only
   * warning-free panels are cached).
   */
  readonly lenientWarnings?: { readonly count: number; readonly first: readonly LoadWarning[] };
};

/** How many lenient-mode warnings the manifest lists (all are counted). */
const LISTED_WARNINGS = 20;

/** Everything decided before the shards start (DESIGN.md, nightly step 1). */
export type GatePlan = {
  readonly configPath: string;
  /** The validated config, `data.prices` replaced by `pricesDir` when given. */
  readonly config: WalkForwardConfig;
  /** sha256 of canonicalConfigJson(config). */
  readonly configSha256: string;
  /** sha256 of the config file's bytes. */
  readonly configFileSha256: string;
  /** Factors in id (code-point) order. */
  readonly factors: readonly PlannedGateFactor[];
  /** User factor modules with the sha256 of their file. */
  readonly factorModules: readonly { readonly path: string; readonly sha256: string }[];
  /** K, windows per factor (PROTOCOL section 6). */
  readonly windows: number;
  readonly data: GateDataInfo;
  /** The shards and the factors each is given (planShards): the one plan of the run. */
  readonly shardPlan: ShardPlan;
  /** The whole panel when planning loaded it (the stat index did not vouch for the files), else null (only its identity was read). */
  readonly loadedPanel: LoadedPanel | null;
};

export type PlanGateRunOptions = {
  readonly configPath: string;
  /** Overrides the config's data.prices. */
  readonly pricesDir?: string | null;
  /** Panel cache root shared with the shards (`<cacheDir>/panels/`). */
  readonly cacheDir: string;
  readonly refreshCache?: boolean;
  /**
   * Shard processes requested; the plan has at most one per factor (never an empty shard),
   * so `shardPlan.shardCount` is min(shardCount, factors).
   */
  readonly shardCount: number;
  /** The memory the plan's panel load may use: a cold load whose estimate exceeds it is refused before reading (MemoryLimitError). */
  readonly memoryLimit?: MemoryLimit | null;
};

/**
 * Validates the config (the engine's checks, then every factor entry against the factor
 * registry, user modules included: all problems reported together with their key paths),
 * fingerprints the data through the panel cache (so the shards find the panel warm),
 * plans the windows (PROTOCOL section 6) and the shards (planShards: factors sorted by id,
 * balanced by estimateFactorCost), over at most one shard per factor: extra shards would
 * start processes with nothing to run. Each shard is then given its factor list.
 * @throws GateConfigError listing every config problem; data errors of the engine as they are.
 */
export async function planGateRun(options: PlanGateRunOptions): Promise<GatePlan> {
  const configPath = options.configPath;
  let loaded: WalkForwardConfig;
  try {
    loaded = await loadConfig(configPath);
  } catch (error) {
    if (error instanceof ConfigError) throw new GateConfigError({ file: configPath, problems: error.problems, cause: error });
    throw error;
  }
  const config: WalkForwardConfig =
    options.pricesDir == null ? loaded : { ...loaded, data: { ...loaded.data, prices: resolve(options.pricesDir) } };

  const problems: ConfigProblem[] = [];
  const registry = createBuiltinRegistry();
  const factorModules: { path: string; sha256: string }[] = [];
  for (const [k, modulePath] of config.factorModules.entries()) {
    try {
      await loadFactorModule(registry, modulePath);
      factorModules.push({ path: modulePath, sha256: sha256Hex(await readFile(modulePath)) });
    } catch (error) {
      problems.push({ keyPath: `factor_modules.${k}`, problem: problemText(error) });
    }
  }
  for (const [k, spec] of config.factors.entries()) {
    if (spec.external === undefined) continue;
    try {
      await registerExternalFactors(registry, [spec]);
    } catch (error) {
      problems.push({ keyPath: `factors.${k}.external`, problem: problemText(error) });
    }
  }
  const factors: PlannedGateFactor[] = [];
  for (const [k, spec] of config.factors.entries()) {
    if (factors.some((f) => f.id === spec.id)) {
      problems.push({ keyPath: `factors.${k}.id`, problem: `factor "${spec.id}" is listed twice` });
      continue;
    }
    try {
      const factor = registry.get(spec.id);
      const candidates = protocolCandidates(factor, spec).map((c) => c.paramsText);
      factors.push({ id: spec.id, costHint: factor.costHint ?? 1, candidates });
    } catch (error) {
      problems.push({ keyPath: `factors.${k}`, problem: problemText(error) });
    }
  }
  if (problems.length > 0) throw new GateConfigError({ file: configPath, problems });
  factors.sort((a, b) => compareCodePoints(a.id, b.id));

  // Header and calendar only on a warm cache; a cold one is parsed and written here, for the shards.
  const identity = await identifyPanel({
    ...loadPanelOptionsOf(config.data),
    cacheDir: options.cacheDir,
    refreshCache: options.refreshCache ?? false,
    memoryLimit: options.memoryLimit ?? null,
  });
  const windows = planWindows({ windows: config.windows, nDates: identity.nDates }).length;
  const shardPlan = planShards({
    factors: factors.map((f) => ({ id: f.id, costHint: f.costHint, candidates: f.candidates.length, windows })),
    shardCount: clampShardCount(options.shardCount, factors.length),
  });
  return {
    configPath,
    config,
    configSha256: sha256Hex(new TextEncoder().encode(canonicalConfigJson(config))),
    configFileSha256: sha256Hex(await readFile(configPath)),
    factors,
    factorModules,
    windows,
    data: {
      fingerprint: identity.fingerprint,
      pricesDir: config.data.prices,
      symbols: identity.nSymbols,
      dates: identity.nDates,
      firstDate: formatDate(identity.dates[0] ?? 0),
      lastDate: formatDate(identity.dates[identity.nDates - 1] ?? 0),
      panelSource: identity.source,
      ...(config.data.lenient === true ? { lenientWarnings: lenientWarningsOf(identity.loaded?.warnings ?? []) } : {}),
    },
    shardPlan,
    loadedPanel: identity.loaded,
  };
}

/**
 * The shard count a run uses: the requested one, at most one per factor. Planning n > factors
 * shards would leave n - factors of them empty (processes that load the panel to run nothing);
 * the factors' split is the same, one factor per shard, so no output changes.
 */
export function clampShardCount(requested: number, factors: number): number {
  return Number.isInteger(requested) && requested > factors ? Math.max(1, factors) : requested;
}

function lenientWarningsOf(warnings: readonly LoadWarning[]): NonNullable<GateDataInfo['lenientWarnings']> {
  return { count: warnings.length, first: warnings.slice(0, LISTED_WARNINGS) };
}

function problemText(error: unknown): string {
  if (isWfError(error)) return error.message;
  throw error;
}
