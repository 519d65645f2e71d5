import { describe, expect, it } from 'vitest';
import { MemoryBudgetError } from '../errors.js';
import { estimateRunMemory, largestFittingShape, MEMORY_MODEL } from '@wf/walk-forward';
import { sizeRemoteShards, sizeShards } from './sizeShards.js';

const GB = 1024 ** 3;
const BOOK = { nDates: 5000, nSymbols: 5000, marketCaps: false };

describe('estimateRunMemory', () => {
  it('grows with the panel, the shards at once and the workers, per the model', () => {
    const one = estimateRunMemory({ ...BOOK, concurrentShards: 1, workers: 1 });
    const cells = 5000 * 5000;
    expect(one).toBe(2 * MEMORY_MODEL.processBytes + cells * (MEMORY_MODEL.shardBytesPerCell + MEMORY_MODEL.workerBytesPerCell));
    expect(estimateRunMemory({ ...BOOK, concurrentShards: 1, workers: 2 }) - one).toBe(cells * MEMORY_MODEL.workerBytesPerCell);
    expect(estimateRunMemory({ ...BOOK, concurrentShards: 2, workers: 1 })).toBeGreaterThan(estimateRunMemory({ ...BOOK, concurrentShards: 1, workers: 2 }));
    expect(estimateRunMemory({ ...BOOK, marketCaps: true, concurrentShards: 1, workers: 1 }) - one).toBe(cells * MEMORY_MODEL.marketCapBytesPerCell);
  });

  it('finds the most threads that fit, preferring fewer processes', () => {
    const limit = estimateRunMemory({ ...BOOK, concurrentShards: 1, workers: 2 });
    expect(largestFittingShape(BOOK, 2, 2, limit)).toEqual({ concurrentShards: 1, workers: 2, bytes: limit });
    expect(largestFittingShape(BOOK, 2, 2, 0.1 * GB)).toBeNull();
  });
});

describe('sizeShards', () => {
  const base = { ...BOOK, concurrentShards: 1, cores: 2, limitSource: '--max-memory-gb' };

  it('gives the default shard every core when memory allows, and fewer workers when it is short', () => {
    expect(sizeShards({ ...base, workers: null, limitBytes: 64 * GB }).workers).toBe(2);
    const oneWorker = estimateRunMemory({ ...BOOK, concurrentShards: 1, workers: 1 });
    expect(sizeShards({ ...base, workers: null, limitBytes: oneWorker }).workers).toBe(1);
  });

  it('refuses an explicit plan over the limit, naming the estimate, the limit and what fits', () => {
    const oneWorker = estimateRunMemory({ ...BOOK, concurrentShards: 1, workers: 1 });
    expect(() => sizeShards({ ...base, workers: 2, limitBytes: oneWorker })).toThrow(MemoryBudgetError);
    expect(() => sizeShards({ ...base, workers: 2, limitBytes: oneWorker })).toThrow(
      /needs an estimated [0-9.]+ GB .*5000 symbols x 5000 dates, 1 shard\(s\) at once x 2 worker\(s\).*more than --max-memory-gb \([0-9.]+ GB\); what fits: --max-parallel 1 --workers 1/,
    );
  });

  it('says when nothing fits', () => {
    expect(() => sizeShards({ ...base, workers: null, limitBytes: 1 * GB })).toThrow(/even 1 shard with 1 worker needs [0-9.]+ GB/);
  });

  it('leaves shards on other machines to them: --workers as given (however many), else 0, the estimate one shard on one machine', () => {
    expect(sizeRemoteShards({ ...BOOK, workers: 16 })).toEqual({ workers: 16, estimatedBytes: estimateRunMemory({ ...BOOK, concurrentShards: 1, workers: 16 }) });
    expect(sizeRemoteShards({ ...BOOK, workers: null })).toEqual({ workers: 0, estimatedBytes: estimateRunMemory({ ...BOOK, concurrentShards: 1, workers: 1 }) });
  });
});
