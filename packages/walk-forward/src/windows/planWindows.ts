import type { WindowsConfig } from '@wf/engine';
import { InvalidWindowPlanError } from '../errors.js';

/**
 * One walk-forward window of PROTOCOL section 6, as calendar positions (inclusive).
 * Train is the in-sample segment, test the out-of-sample one; both are realized days.
 */
export type WalkForwardWindow = {
  /** Window number k, from 0. */
  readonly index: number;
  readonly trainStart: number;
  readonly trainEnd: number;
  readonly testStart: number;
  readonly testEnd: number;
};

export type PlanWindowsOptions = {
  readonly windows: WindowsConfig;
  /** T, the number of calendar dates of the panel. */
  readonly nDates: number;
};

/**
 * The window plan of PROTOCOL section 6: with i0 = warmupDays, window k trains on
 * [i0 + k*step (i0 when anchored), i0 + trainDays - 1 + k*step] and tests on
 * [trainEnd + 1 + embargo, trainEnd + embargo + testDays]; the plan stops before the first
 * test that would pass the last date (position nDates - 1). Pure; empty when no window fits.
 * @throws InvalidWindowPlanError for a non-positive train, test or step length or warmup < 1.
 */
export function planWindows(options: PlanWindowsOptions): WalkForwardWindow[] {
  const { windows: w, nDates } = options;
  const checks: [string, number, number][] = [
    ['warmup_days', w.warmupDays, 1],
    ['train_days', w.trainDays, 1],
    ['test_days', w.testDays, 1],
    ['step_days', w.stepDays, 1],
    ['embargo_days', w.embargoDays, 0],
  ];
  for (const [key, value, min] of checks) {
    if (!Number.isInteger(value) || value < min) throw new InvalidWindowPlanError({ key, value, min });
  }
  const plan: WalkForwardWindow[] = [];
  for (let k = 0; ; k++) {
    const shift = k * w.stepDays;
    const trainStart = w.anchored ? w.warmupDays : w.warmupDays + shift;
    const trainEnd = w.warmupDays + w.trainDays - 1 + shift;
    const testStart = trainEnd + 1 + w.embargoDays;
    const testEnd = trainEnd + w.embargoDays + w.testDays;
    if (testEnd > nDates - 1) break;
    plan.push({ index: k, trainStart, trainEnd, testStart, testEnd });
  }
  return plan;
}
