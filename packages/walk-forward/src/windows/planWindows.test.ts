import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidWindowPlanError } from '../errors.js';
import { planWindows } from './planWindows.js';

const base = { warmupDays: 3, trainDays: 4, testDays: 2, stepDays: 2, embargoDays: 0, anchored: false };

describe('planWindows', () => {
  it('rolls train and test by step_days and stops before a test that would pass the last date', () => {
    // nDates 12: last position 11. k=0 train 3..6 test 7..8; k=1 train 5..8 test 9..10; k=2 test 11..12 passes 11.
    expect(planWindows({ windows: base, nDates: 12 })).toEqual([
      { index: 0, trainStart: 3, trainEnd: 6, testStart: 7, testEnd: 8 },
      { index: 1, trainStart: 5, trainEnd: 8, testStart: 9, testEnd: 10 },
    ]);
  });

  it('keeps a test that ends exactly on the last date', () => {
    expect(planWindows({ windows: base, nDates: 11 }).at(-1)).toEqual({ index: 1, trainStart: 5, trainEnd: 8, testStart: 9, testEnd: 10 });
  });

  it('anchors every train at warmup_days and skips embargo days before the test', () => {
    const plan = planWindows({ windows: { ...base, anchored: true, embargoDays: 1 }, nDates: 14 });
    expect(plan).toEqual([
      { index: 0, trainStart: 3, trainEnd: 6, testStart: 8, testEnd: 9 },
      { index: 1, trainStart: 3, trainEnd: 8, testStart: 10, testEnd: 11 },
      { index: 2, trainStart: 3, trainEnd: 10, testStart: 12, testEnd: 13 },
    ]);
  });

  it('is empty when not even the first test fits', () => {
    expect(planWindows({ windows: base, nDates: 8 })).toEqual([]);
  });

  it('reproduces the sp500-nightly plan: 11 windows over 1259 dates', () => {
    const plan = planWindows({
      windows: { warmupDays: 252, trainDays: 252, testDays: 63, stepDays: 63, embargoDays: 0, anchored: false },
      nDates: 1259,
    });
    expect(plan.length).toBe(11);
    expect(plan[10]).toEqual({ index: 10, trainStart: 882, trainEnd: 1133, testStart: 1134, testEnd: 1196 });
  });

  it('refuses a zero step (it would never end) naming the key', () => {
    expect(() => planWindows({ windows: { ...base, stepDays: 0 }, nDates: 20 })).toThrow(InvalidWindowPlanError);
    expect(() => planWindows({ windows: { ...base, stepDays: 0 }, nDates: 20 })).toThrow(/windows\.step_days is 0/);
  });

  it('with step = test days, tests tile the calendar from the first test on without gaps or overlaps', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 300 }),
        (warmupDays, trainDays, testDays, embargoDays, nDates) => {
          const windows = { warmupDays, trainDays, testDays, stepDays: testDays, embargoDays, anchored: false };
          const plan = planWindows({ windows, nDates });
          for (const [k, w] of plan.entries()) {
            expect(w.index).toBe(k);
            expect(w.trainEnd - w.trainStart + 1).toBe(trainDays);
            expect(w.testEnd - w.testStart + 1).toBe(testDays);
            expect(w.testStart).toBe(w.trainEnd + 1 + embargoDays);
            expect(w.testEnd).toBeLessThanOrEqual(nDates - 1);
            if (k > 0) expect(w.testStart).toBe((plan[k - 1]?.testEnd ?? 0) + 1);
          }
          // The next window's test would pass the last date.
          const nextEnd = warmupDays + trainDays - 1 + plan.length * testDays + embargoDays + testDays;
          expect(nextEnd).toBeGreaterThan(nDates - 1);
        },
      ),
    );
  });
});
