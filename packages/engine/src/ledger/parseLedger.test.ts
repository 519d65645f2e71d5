import { describe, expect, test } from 'vitest';
import { LedgerError } from '../errors.js';
import { isIsoDate, parseLedger } from './parseLedger.js';

describe('parseLedger', () => {
  test('reads rows after the exact header, with or without a final newline, keeping repeats', () => {
    const text = 'factor,params,first_seen\nmomentum,lookback=252;skip=21,2026-10-06\nreversal,lookback=5,2026-10-06\nreversal,lookback=5,2026-10-06';
    expect(parseLedger(text, 'l.csv')).toEqual([
      { factor: 'momentum', params: 'lookback=252;skip=21', firstSeen: '2026-10-06' },
      { factor: 'reversal', params: 'lookback=5', firstSeen: '2026-10-06' },
      { factor: 'reversal', params: 'lookback=5', firstSeen: '2026-10-06' },
    ]);
  });

  test('is empty for an empty file or a header alone, and accepts quoted fields and empty params', () => {
    expect(parseLedger('', 'l.csv')).toEqual([]);
    expect(parseLedger('factor,params,first_seen\n', 'l.csv')).toEqual([]);
    expect(parseLedger('factor,params,first_seen\r\nuser,"name=a,b",2026-01-31\r\nfixed,,2026-02-01\n', 'l.csv')).toEqual([
      { factor: 'user', params: 'name=a,b', firstSeen: '2026-01-31' },
      { factor: 'fixed', params: '', firstSeen: '2026-02-01' },
    ]);
  });

  test('names the file and line of a malformed row', () => {
    const bad = (body: string) => () => parseLedger(`factor,params,first_seen\nok,p=1,2026-10-06\n${body}\n`, 'data/ledger.csv');
    expect(bad('momentum,p=1')).toThrow('trial ledger data/ledger.csv:3: expected 3 fields (factor,params,first_seen), got 2');
    expect(bad('momentum,p=1,2026-10-06,x')).toThrow(/:3: expected 3 fields/);
    expect(bad(',p=1,2026-10-06')).toThrow('trial ledger data/ledger.csv:3: the factor is empty');
    expect(bad('momentum,p=1,2026-13-01')).toThrow('trial ledger data/ledger.csv:3: first_seen "2026-13-01" is not a YYYY-MM-DD date');
    expect(bad('momentum,p=1,06/10/2026')).toThrow(LedgerError);
    expect(bad('')).toThrow(/:3: expected 3 fields/);
    expect(() => parseLedger('factor,params,date\n', 'l.csv')).toThrow(/l\.csv:1: the header is "factor,params,date"/);
  });
});

describe('isIsoDate', () => {
  test('accepts real dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2026-1-05')).toBe(false);
    expect(isIsoDate('2026-11-20T00:00:00Z')).toBe(false);
  });
});
