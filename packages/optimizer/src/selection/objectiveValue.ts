import type { Objective, SegmentMetrics } from '@wf/engine';

/** The metric an objective of PROTOCOL section 7 selects on. */
export function objectiveValue(metrics: SegmentMetrics, objective: Objective): number {
  switch (objective) {
    case 'sharpe':
      return metrics.sharpe;
    case 'mean_ic':
      return metrics.meanIc;
    case 'ic_tstat':
      return metrics.icTstat;
    case 'ann_return':
      return metrics.annReturn;
  }
}

/** Section 7 ordering: true when `value` beats `best` (NaN is worst; ties keep the earlier). */
export function isBetterObjective(value: number, best: number): boolean {
  return !Number.isNaN(value) && (Number.isNaN(best) || value > best);
}
