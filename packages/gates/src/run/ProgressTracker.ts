import type { ShardLogRecord } from '../launch/ShardLauncher.js';

/** Aggregated progress of all shards, in (factor, window) units. */
export type ProgressSnapshot = {
  readonly unitsDone: number;
  readonly unitsTotal: number;
  readonly shardsDone: number;
  readonly shardCount: number;
  readonly elapsedMs: number;
  /**
   * Remaining time at the rate of the units computed by this run since its first computed unit
   * (start-up, panel load and the first unit are not a rate); null until a second advance.
   */
  readonly etaMs: number | null;
};

/**
 * Folds the shards' heartbeat records into one view: per shard the latest unitsDone
 * (`run planned` sets it to the units found complete by a resume, `heartbeat` to its
 * unitsDone, a successful exit to the shard's total). The ETA uses only units computed by
 * this invocation (resumed ones cost nothing), timed from the first one (a shard's start-up is
 * not work per unit: counting it showed a 17 s run as 10 minutes), so it holds for resumed runs too.
 */
export class ProgressTracker {
  private readonly totals: readonly number[];
  private readonly done: number[];
  private readonly finished: boolean[];
  private readonly startedMs: number;
  private readonly nowMs: () => number;
  private computed = 0;
  /** When units were first computed, and how many that first advance brought. */
  private first: { atMs: number; computed: number } | null = null;

  constructor(options: { unitsPerShard: readonly number[]; nowMs: () => number }) {
    this.totals = options.unitsPerShard;
    this.done = options.unitsPerShard.map(() => 0);
    this.finished = options.unitsPerShard.map(() => false);
    this.nowMs = options.nowMs;
    this.startedMs = options.nowMs();
  }

  /** Applies one record of shard `shard`; true when the view changed. */
  record(shard: number, record: ShardLogRecord): boolean {
    if (record.msg === 'run planned' && typeof record['unitsResumed'] === 'number') {
      this.done[shard] = record['unitsResumed'];
      return true;
    }
    if (record.msg === 'heartbeat' && typeof record['unitsDone'] === 'number') {
      this.advance(shard, record['unitsDone']);
      return true;
    }
    return false;
  }

  /** Shard `shard` finished: all of its units are done. */
  finish(shard: number): void {
    this.advance(shard, this.totals[shard] ?? 0);
    this.finished[shard] = true;
  }

  snapshot(): ProgressSnapshot {
    const unitsTotal = this.totals.reduce((a, b) => a + b, 0);
    const unitsDone = this.done.reduce((a, b) => a + b, 0);
    const elapsedMs = this.nowMs() - this.startedMs;
    return {
      unitsDone,
      unitsTotal,
      shardsDone: this.finished.filter(Boolean).length,
      shardCount: this.totals.length,
      elapsedMs: Math.round(elapsedMs),
      etaMs: this.eta(unitsTotal - unitsDone),
    };
  }

  private advance(shard: number, units: number): void {
    const before = this.done[shard] ?? 0;
    if (units > before) {
      this.computed += units - before;
      this.first ??= { atMs: this.nowMs(), computed: this.computed };
    }
    this.done[shard] = units;
  }

  private eta(remaining: number): number | null {
    if (remaining === 0) return 0;
    const first = this.first;
    if (first === null || this.computed === first.computed) return null;
    return Math.round(((this.nowMs() - first.atMs) / (this.computed - first.computed)) * remaining);
  }
}
