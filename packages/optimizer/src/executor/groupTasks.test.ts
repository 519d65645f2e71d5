import { describe, expect, it } from 'vitest';
import type { EvaluationTask } from './EvaluationTask.js';
import { groupTasks } from './groupTasks.js';

function task(ordinal: number, paramsText: string): EvaluationTask {
  return { ordinal, params: {}, paramsText, portfolio: null, wantSeries: false };
}

describe('groupTasks', () => {
  it('puts tasks sharing a score matrix together, groups in first-ordinal order, chunks capped', () => {
    const tasks = [task(0, 'b'), task(1, 'a'), task(2, 'b'), task(3, 'c'), task(4, 'a'), task(5, 'b')];
    const ordinals = (maxChunk: number): number[][] => groupTasks(tasks, maxChunk).map((chunk) => chunk.map((t) => t.ordinal));
    expect(ordinals(Number.POSITIVE_INFINITY)).toEqual([[0, 2, 5, 1, 4, 3]]);
    expect(ordinals(2)).toEqual([[0, 2], [5], [1, 4], [3]]);
    expect(ordinals(4)).toEqual([[0, 2, 5], [1, 4], [3]]);
  });
});
