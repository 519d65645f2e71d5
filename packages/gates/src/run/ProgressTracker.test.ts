import { describe, expect, it } from 'vitest';
import { ProgressTracker } from './ProgressTracker.js';

describe('ProgressTracker', () => {
  it('sums the latest unitsDone of each shard and estimates the rest from units computed by this run only', () => {
    let now = 0;
    const tracker = new ProgressTracker({ unitsPerShard: [10, 6], nowMs: () => now });
    // Shard 0 resumes with 4 units already done: they count as done but not as work of this run.
    tracker.record(0, { msg: 'run planned', unitsResumed: 4 });
    expect(tracker.snapshot()).toMatchObject({ unitsDone: 4, unitsTotal: 16, etaMs: null });
    now = 1000;
    tracker.record(0, { msg: 'heartbeat', unitsDone: 6 });
    // The first computed units only start the clock: start-up is not a rate.
    expect(tracker.snapshot()).toMatchObject({ unitsDone: 6, etaMs: null });
    now = 2000;
    tracker.record(1, { msg: 'heartbeat', unitsDone: 2 });
    tracker.record(0, { msg: 'heartbeat', unitsDone: 8 });
    // 4 units computed in the 1000 ms since the first ones, 6 left: 1500 ms.
    expect(tracker.snapshot()).toEqual({ unitsDone: 10, unitsTotal: 16, shardsDone: 0, shardCount: 2, elapsedMs: 2000, etaMs: 1500 });
    tracker.finish(1);
    expect(tracker.snapshot()).toMatchObject({ unitsDone: 14, shardsDone: 1 });
  });

  it('ignores records that carry no progress', () => {
    const tracker = new ProgressTracker({ unitsPerShard: [3], nowMs: () => 0 });
    expect(tracker.record(0, { msg: 'panel loaded', source: 'cache' })).toBe(false);
    expect(tracker.record(0, { msg: 'heartbeat' })).toBe(false);
    expect(tracker.snapshot().unitsDone).toBe(0);
  });
});
