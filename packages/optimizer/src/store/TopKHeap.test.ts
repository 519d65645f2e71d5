import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ranksAbove, TopKHeap } from './TopKHeap.js';

describe('TopKHeap', () => {
  it('keeps exactly the best K by objective (NaN worst, ties to the earlier ordinal)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(Number.NaN), fc.integer({ min: -5, max: 5 }).map((x) => x / 2)), { maxLength: 200 }),
        fc.integer({ min: 0, max: 12 }),
        (objectives, k) => {
          const heap = new TopKHeap<{ ordinal: number; objective: number }>(k);
          objectives.forEach((objective, ordinal) => heap.offer({ ordinal, objective }));
          const expected = objectives
            .map((objective, ordinal) => ({ ordinal, objective }))
            .sort((a, b) => (ranksAbove(a, b) ? -1 : 1))
            .slice(0, k);
          expect(heap.sorted()).toEqual(expected);
        },
      ),
    );
  });

  it('returns what it displaces so a payload lives only while its entry is in the top', () => {
    const heap = new TopKHeap<{ ordinal: number; objective: number }>(2);
    expect(heap.offer({ ordinal: 0, objective: 1 })).toBeNull();
    expect(heap.offer({ ordinal: 1, objective: 3 })).toBeNull();
    expect(heap.offer({ ordinal: 2, objective: 2 })).toEqual({ ordinal: 0, objective: 1 });
    expect(heap.offer({ ordinal: 3, objective: 2 })).toEqual({ ordinal: 3, objective: 2 });
    expect(heap.sorted().map((e) => e.ordinal)).toEqual([1, 2]);
  });
});
