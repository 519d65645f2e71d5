import { WfError } from '../errors/WfError.js';

/**
 * A segment [start, end] of realized days does not fit the calendar: it needs
 * 1 <= start <= end <= nDates - 1 (the first realized day needs a signal date before it).
 */
export class SegmentOutOfRangeError extends WfError {
  readonly start: number;
  readonly end: number;
  readonly nDates: number;

  constructor(facts: { start: number; end: number; nDates: number; firstDay?: number }) {
    super(
      'SEGMENT_OUT_OF_RANGE',
      `segment [${facts.start}, ${facts.end}] does not fit a calendar of ${facts.nDates} dates ` +
        `(expected integers with ${facts.firstDay ?? 1} <= start <= end <= ${facts.nDates - 1})`,
    );
    this.start = facts.start;
    this.end = facts.end;
    this.nDates = facts.nDates;
  }
}
