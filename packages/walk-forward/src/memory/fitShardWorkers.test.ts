import { MemoryLimitError } from '@wf/engine';
import { describe, expect, it } from 'vitest';
import { estimateShardMemory, fitShardWorkers } from './fitShardWorkers.js';

const BOOK = { nDates: 5000, nSymbols: 5000, marketCaps: false };

describe('fitShardWorkers', () => {
  const two = estimateShardMemory({ ...BOOK, workers: 2 });
  const one = estimateShardMemory({ ...BOOK, workers: 1 });
  const limit = (bytes: number) => ({ bytes, source: '--max-memory-gb' });

  it('keeps the workers asked for when they fit, or when there is no limit', () => {
    expect(fitShardWorkers({ ...BOOK, workers: 2, lower: false, limit: limit(two) })).toBe(2);
    expect(fitShardWorkers({ ...BOOK, workers: 8, lower: false, limit: null })).toBe(8);
  });

  it('lowers a default worker count to the most that fit', () => {
    expect(fitShardWorkers({ ...BOOK, workers: 4, lower: true, limit: limit(two) })).toBe(2);
    expect(fitShardWorkers({ ...BOOK, workers: 2, lower: true, limit: limit(two - 1) })).toBe(1);
  });

  it('refuses a worker count asked for that does not fit, saying what fits, and a run where one worker does not fit', () => {
    expect(() => fitShardWorkers({ ...BOOK, workers: 4, lower: false, limit: limit(two) })).toThrow(
      /^the run \(5000 symbols x 5000 dates, 4 worker threads\) needs an estimated [0-9.]+ GB of memory, more than --max-memory-gb \([0-9.]+ GB\): what fits: --workers 2$/,
    );
    expect(() => fitShardWorkers({ ...BOOK, workers: 2, lower: true, limit: limit(one - 1) })).toThrow(MemoryLimitError);
    expect(() => fitShardWorkers({ ...BOOK, workers: 2, lower: true, limit: limit(one - 1) })).toThrow(/even 1 worker needs [0-9.]+ GB: run on a machine with more memory/);
  });
});
