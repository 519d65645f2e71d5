import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/fixtures.js';
import { NdjsonResultsStore } from './NdjsonResultsStore.js';
import type { ResultRecord } from './ResultRecord.js';
import { formatResultLine } from './ResultRecord.js';
import { ResultsStoreCorruptError } from '../errors.js';

function record(ordinal: number, objective: number): ResultRecord {
  return {
    ordinal,
    index: ordinal * 2,
    signature: `sig${ordinal}`,
    params: `lookback=${ordinal}`,
    portfolio: '',
    status: 'OK',
    objective,
    dailySharpe: objective / 16,
    metrics: null,
    error: null,
    dominatedBy: null,
  };
}

describe('NdjsonResultsStore', () => {
  it('appends records and replays them on reopen, NaN read back as NaN', () => {
    const path = join(tempDir('store'), 'results.ndjson');
    const { store } = NdjsonResultsStore.open({ path });
    store.append(record(0, 1.5));
    store.append(record(1, Number.NaN));
    store.close();
    const seen: ResultRecord[] = [];
    const reopened = NdjsonResultsStore.open({ path, onExisting: (r) => seen.push(r) });
    expect(reopened.recovery).toEqual({ records: 2, tornBytes: 0 });
    expect(seen).toEqual([record(0, 1.5), record(1, Number.NaN)]);
    expect(reopened.store.bytes).toBe(readFileSync(path).length);
    reopened.store.close();
  });

  it('cuts off a torn last line and appends after the last complete record', () => {
    const path = join(tempDir('torn'), 'results.ndjson');
    writeFileSync(path, formatResultLine(record(0, 1)) + formatResultLine(record(1, 2)).slice(0, 40));
    const { store, recovery } = NdjsonResultsStore.open({ path });
    expect(recovery).toEqual({ records: 1, tornBytes: 40 });
    store.append(record(1, 2));
    store.close();
    expect(readFileSync(path, 'utf8')).toBe(formatResultLine(record(0, 1)) + formatResultLine(record(1, 2)));
  });

  it('refuses a store whose middle line is not a record', () => {
    const path = join(tempDir('corrupt'), 'results.ndjson');
    writeFileSync(path, formatResultLine(record(0, 1)) + 'garbage\n');
    appendFileSync(path, formatResultLine(record(1, 2)));
    expect(() => NdjsonResultsStore.open({ path })).toThrow(ResultsStoreCorruptError);
  });
});
