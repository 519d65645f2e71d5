import { describe, expect, test } from 'vitest';
import { clampShardCount } from './planGateRun.js';
import { planShards } from './planShards.js';

describe('clampShardCount', () => {
  test('never more shards than factors, at least one', () => {
    expect(clampShardCount(10_000, 10)).toBe(10);
    expect(clampShardCount(3, 10)).toBe(3);
    expect(clampShardCount(10, 10)).toBe(10);
    expect(clampShardCount(4, 0)).toBe(1);
  });

  test('leaves invalid counts for the option check to refuse', () => {
    expect(clampShardCount(0, 5)).toBe(0);
    expect(clampShardCount(2.5, 5)).toBe(2.5);
  });

  test('the clamped plan splits the factors as the unclamped one did, minus its empty shards', () => {
    const factors = ['a', 'b', 'c'].map((id, k) => ({ id, costHint: k + 1, candidates: 2, windows: 4 }));
    const wide = planShards({ factors, shardCount: 7 });
    const clamped = planShards({ factors, shardCount: clampShardCount(7, factors.length) });
    expect(clamped.shards.map((s) => s.factorIds)).toEqual(wide.shards.map((s) => s.factorIds).filter((ids) => ids.length > 0));
    expect(clamped.shards.every((s) => s.factorIds.length > 0)).toBe(true);
  });
});
