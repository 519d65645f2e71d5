import { join } from 'node:path';
import { writeFileAtomic } from '@wf/engine';
import type { StageTimes } from '@wf/engine';

/** The telemetry file of a shard's output folder (never a protocol file). */
export const TELEMETRY_FILE = 'telemetry.json';

/** Hits and computations of one cache kind, and the share served from the cache. */
export type CacheUse = { readonly hits: number; readonly computed: number; readonly hitRatio: number | null };

/**
 * Where a shard's time and memory went (telemetry.json, the `run done` event; merged by
 * wf-gates into its manifest and report). `stages` splits the run thread's wall time (they sum
 * to `wallMs`: `other` is the rest); `computeStages` splits the compute threads' busy time
 * (summed over `computeThreads`, so up to that many times the `compute` stage).
 */
export type ShardTelemetry = {
  readonly shard: number;
  readonly shardCount: number;
  readonly wallMs: number;
  /** setup, panelLoad, plan, universe, compute (computing or waiting for the pool), replay, write (with the heartbeat), other. */
  readonly stages: StageTimes;
  readonly computeThreads: number;
  /** scores, ranking, dailyTables, cacheReads, evaluation, selection, rows. */
  readonly computeStages: StageTimes;
  readonly caches: {
    /** Where the panel came from: parsed CSV, the binary panel cache, or a cached panel grown by appended days. */
    readonly panel: 'csv' | 'cache' | 'appended';
    /** Where the universe came from; null when no unit needed it. */
    readonly universe: 'cache' | 'computed' | null;
    /** Score matrices and daily tables read from the signal cache vs computed by kernels. */
    readonly signals: CacheUse;
    /** Units replayed from the window cache vs computed (only units that had a cache key). */
    readonly windows: CacheUse;
  };
  /** The process's peak resident memory (all its threads). */
  readonly peakRssBytes: number;
  readonly units: { readonly run: number; readonly resumed: number; readonly reused: number };
};

export type ShardTelemetryInputs = {
  readonly shard: number;
  readonly shardCount: number;
  readonly wallMs: number;
  readonly stages: StageTimes;
  readonly computeThreads: number;
  readonly computeStages: StageTimes;
  readonly panelSource: 'csv' | 'cache' | 'appended';
  readonly universeSource: 'cache' | 'computed' | null;
  readonly signals: { readonly hits: number; readonly computed: number };
  readonly windows: { readonly hits: number; readonly computed: number };
  readonly units: ShardTelemetry['units'];
};

/** The shard's telemetry; `other` takes the wall time no stage accounts for. */
export function shardTelemetry(inputs: ShardTelemetryInputs): ShardTelemetry {
  const wallMs = Math.round(inputs.wallMs);
  const named = Object.values(inputs.stages).reduce((sum, ms) => sum + ms, 0);
  return {
    shard: inputs.shard,
    shardCount: inputs.shardCount,
    wallMs,
    stages: { ...inputs.stages, other: Math.max(0, wallMs - named) },
    computeThreads: inputs.computeThreads,
    computeStages: inputs.computeStages,
    caches: {
      panel: inputs.panelSource,
      universe: inputs.universeSource,
      signals: cacheUse(inputs.signals),
      windows: cacheUse(inputs.windows),
    },
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    units: inputs.units,
  };
}

/** Writes telemetry.json into the shard's folder (atomically: a reader never sees half of it). */
export function writeShardTelemetry(outDir: string, telemetry: ShardTelemetry): void {
  writeFileAtomic(join(outDir, TELEMETRY_FILE), `${JSON.stringify(telemetry, null, 2)}\n`);
}

function cacheUse(use: { readonly hits: number; readonly computed: number }): CacheUse {
  const total = use.hits + use.computed;
  return { hits: use.hits, computed: use.computed, hitRatio: total === 0 ? null : Math.round((use.hits / total) * 1000) / 1000 };
}
