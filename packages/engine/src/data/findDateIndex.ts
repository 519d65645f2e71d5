import type { Panel } from './Panel.js';

/**
 * Calendar position of a YYYYMMDD date in a panel (binary search over the ascending
 * `dates`), or -1 when the date is not a calendar date (PROTOCOL section 1).
 */
export function findDateIndex(panel: Pick<Panel, 'dates'>, yyyymmdd: number): number {
  const dates = panel.dates;
  let lo = 0;
  let hi = dates.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = dates[mid]!;
    if (value < yyyymmdd) lo = mid + 1;
    else if (value > yyyymmdd) hi = mid - 1;
    else return mid;
  }
  return -1;
}
