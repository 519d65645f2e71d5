import { formatDate, parseIsoDate } from '@wf/engine';
import type { Panel, Segment } from '@wf/engine';
import { InvalidSweepOptionsError } from '../errors.js';

export type ResolveSegmentOptions = {
  readonly panel: Pick<Panel, 'dates' | 'nDates'>;
  /** First realized day, ISO `YYYY-MM-DD` (the first calendar date on or after it); null = `defaultStart`. */
  readonly start: string | null;
  /** Last realized day, ISO (the last calendar date on or before it); null = the last date. */
  readonly end: string | null;
  /** Calendar position used when `start` is null (the post-warm-up period starts at warmup_days). */
  readonly defaultStart: number;
};

/** The segment [start, end] of calendar positions for a date range (PROTOCOL sections 4 and 6). */
export function resolveSegment(options: ResolveSegmentOptions): Segment {
  const { panel } = options;
  const last = panel.nDates - 1;
  let start = Math.max(1, options.defaultStart);
  let end = last;
  if (options.start !== null) {
    const date = parseIsoDate(options.start);
    if (Number.isNaN(date)) throw new InvalidSweepOptionsError('start', `${JSON.stringify(options.start)} is not a date YYYY-MM-DD`);
    start = firstOnOrAfter(panel.dates, date);
    if (start < 0) throw new InvalidSweepOptionsError('start', `${options.start} is after the last calendar date ${formatDate(panel.dates[last] ?? 0)}`);
    if (start === 0) start = 1;
  }
  if (options.end !== null) {
    const date = parseIsoDate(options.end);
    if (Number.isNaN(date)) throw new InvalidSweepOptionsError('end', `${JSON.stringify(options.end)} is not a date YYYY-MM-DD`);
    end = lastOnOrBefore(panel.dates, date);
    if (end < 1) throw new InvalidSweepOptionsError('end', `${options.end} leaves no realized day (the first calendar date ${formatDate(panel.dates[0] ?? 0)} only forms positions)`);
  }
  if (end < start) {
    throw new InvalidSweepOptionsError('end', `the segment is empty: start ${formatDate(panel.dates[start] ?? 0)} is after end ${formatDate(panel.dates[end] ?? 0)}`);
  }
  return { start, end };
}

function firstOnOrAfter(dates: Int32Array, date: number): number {
  for (let t = 0; t < dates.length; t++) if ((dates[t] as number) >= date) return t;
  return -1;
}

function lastOnOrBefore(dates: Int32Array, date: number): number {
  for (let t = dates.length - 1; t >= 0; t--) if ((dates[t] as number) <= date) return t;
  return -1;
}
