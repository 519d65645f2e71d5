import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatResultLine } from '@wf/optimizer';
import type { ResultRecord } from '@wf/optimizer';
import { afterEach, describe, expect, it } from 'vitest';
import { readResultsFrom } from './readResultsFrom.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function record(ordinal: number, objective: number, status: ResultRecord['status'] = 'OK'): ResultRecord {
  return { ordinal, index: ordinal, signature: `s${ordinal}`, params: `lookback=${10 + ordinal}`, portfolio: '', status, objective, dailySharpe: objective / 16, metrics: null, error: null, dominatedBy: null };
}

describe('readResultsFrom', () => {
  it('returns the complete records after a byte offset and where to continue, leaving a torn line for later', () => {
    dir = mkdtempSync(join(tmpdir(), 'wf-results-'));
    const path = join(dir, 'results.ndjson');
    writeFileSync(path, formatResultLine(record(0, 0.5)) + formatResultLine(record(1, Number.NaN, 'ERROR')));
    const first = readResultsFrom(path, 0);
    expect(first.points).toEqual([
      { ordinal: 0, params: 'lookback=10', status: 'OK', objective: 0.5 },
      { ordinal: 1, params: 'lookback=11', status: 'ERROR', objective: null },
    ]);
    expect(first.next).toBe(first.size);
    // A line still being written waits; once finished it comes, and only it.
    const line = formatResultLine(record(2, 0.7));
    appendFileSync(path, line.slice(0, 20));
    const torn = readResultsFrom(path, first.next);
    expect(torn).toMatchObject({ points: [], next: first.next });
    appendFileSync(path, line.slice(20));
    const rest = readResultsFrom(path, torn.next);
    expect(rest.points.map((p) => p.ordinal)).toEqual([2]);
    expect(readResultsFrom(path, rest.next).points).toEqual([]);
    expect(readResultsFrom(join(dir, 'missing.ndjson'), 0)).toEqual({ points: [], next: 0, size: 0 });
  });
});
