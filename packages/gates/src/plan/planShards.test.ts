import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DuplicateShardFactorError, InvalidShardCountError } from '../errors.js';
import { estimateFactorCost } from '@wf/walk-forward';
import { planShards } from './planShards.js';

describe('planShards', () => {
  it('assigns longest-first to the least loaded shard and lists each shard by id', () => {
    // Costs, windows x (candidates x (hint + 4) + 4): a 3*6+4=22, b 4*5+4=24 (no hint = 1), c 4*4.5+4=22, d 1*7+4=11.
    const plan = planShards({
      factors: [
        { id: 'c', costHint: 0.5, candidates: 4, windows: 1 },
        { id: 'a', costHint: 2, candidates: 3, windows: 1 },
        { id: 'b', candidates: 4, windows: 1 },
        { id: 'd', costHint: 3, candidates: 1, windows: 1 },
      ],
      shardCount: 2,
    });
    // b(24)->0, a(22)->1, c(22, after a by id)->1 (22<24), d(11)->0 (24<44).
    expect(plan.shards).toEqual([
      { index: 0, factorIds: ['b', 'd'], cost: 35 },
      { index: 1, factorIds: ['a', 'c'], cost: 44 },
    ]);
  });

  it('estimates a factor as windows x (candidates x (costHint + candidate base) + factor base)', () => {
    expect(estimateFactorCost({ id: 'x', costHint: 2.5, candidates: 3, windows: 11 })).toBe(11 * (3 * 6.5 + 4));
    expect(estimateFactorCost({ id: 'y', candidates: 1, windows: 2 })).toBe(2 * (5 + 4));
  });

  it('breaks cost ties by id and load ties by the lower shard index', () => {
    const plan = planShards({
      factors: [
        { id: 'y', candidates: 1, windows: 1 },
        { id: 'x', candidates: 1, windows: 1 },
        { id: 'z', candidates: 1, windows: 1 },
      ],
      shardCount: 2,
    });
    expect(plan.shards.map((s) => s.factorIds)).toEqual([['x', 'z'], ['y']]);
  });

  it('leaves shards empty when there are more shards than factors', () => {
    const plan = planShards({ factors: [{ id: 'a', candidates: 1, windows: 3 }], shardCount: 3 });
    expect(plan.shards.map((s) => s.factorIds)).toEqual([['a'], [], []]);
  });

  it('refuses a shard count below 1 and a repeated factor id', () => {
    expect(() => planShards({ factors: [], shardCount: 0 })).toThrow(InvalidShardCountError);
    expect(() => planShards({ factors: [], shardCount: 1.5 })).toThrow(/shard count 1.5 is invalid/);
    expect(() =>
      planShards({ factors: [{ id: 'a', candidates: 1, windows: 1 }, { id: 'a', candidates: 2, windows: 1 }], shardCount: 2 }),
    ).toThrow(DuplicateShardFactorError);
  });

  it('partitions the factors and gives the same plan for any input order', () => {
    const factor = fc.record({
      costHint: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      candidates: fc.integer({ min: 1, max: 9 }),
      windows: fc.integer({ min: 0, max: 12 }),
    });
    fc.assert(
      fc.property(fc.array(factor, { maxLength: 12 }), fc.integer({ min: 1, max: 5 }), (raw, shardCount) => {
        const factors = raw.map((f, k) => ({ id: `f${String(k).padStart(2, '0')}`, ...f }));
        const plan = planShards({ factors, shardCount });
        const reversed = planShards({ factors: [...factors].reverse(), shardCount });
        expect(reversed).toEqual(plan);
        expect(plan.shards.length).toBe(shardCount);
        const all = plan.shards.flatMap((s) => s.factorIds).sort();
        expect(all).toEqual(factors.map((f) => f.id).sort());
        for (const shard of plan.shards) {
          expect([...shard.factorIds].sort()).toEqual(shard.factorIds);
          const cost = factors.filter((f) => shard.factorIds.includes(f.id)).reduce((sum, f) => sum + estimateFactorCost(f), 0);
          expect(shard.cost).toBe(cost);
        }
      }),
    );
  });
});
