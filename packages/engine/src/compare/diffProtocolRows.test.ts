import { describe, expect, it } from 'vitest';
import { diffProtocolRows } from './diffProtocolRows.js';

describe('diffProtocolRows', () => {
  const expected = [{ factor: 'a', window: '0', sharpe: '1.2345678901', dsr: '' }];

  it('accepts numbers within the relative tolerance and identical text', () => {
    expect(diffProtocolRows({ label: 'f', expected, actual: [{ factor: 'a', window: '0', sharpe: '1.2345678902', dsr: '' }] })).toEqual([]);
  });

  it('names the row, column and both values of a number outside the tolerance', () => {
    const actual = [{ factor: 'a', window: '0', sharpe: '1.2345679', dsr: '' }];
    expect(diffProtocolRows({ label: 'f', expected, actual })).toEqual(['f row 2 sharpe: got "1.2345679", expected "1.2345678901"']);
  });

  it('treats an empty cell (NaN) and a number as different, and text exactly', () => {
    const actual = [{ factor: 'b', window: '0', sharpe: '1.2345678901', dsr: '0.5' }];
    expect(diffProtocolRows({ label: 'f', expected, actual })).toEqual([
      'f row 2 factor: got "b", expected "a"',
      'f row 2 dsr: got "0.5", expected ""',
    ]);
  });

  it('reports a different row count and different columns', () => {
    expect(diffProtocolRows({ label: 'f', expected, actual: [] })).toEqual(['f: 0 rows, expected 1']);
    expect(diffProtocolRows({ label: 'f', expected, actual: [{ factor: 'a', window: '0', sharpe: '1' }] })).toEqual([
      'f row 2: columns factor,window,sharpe, expected factor,window,sharpe,dsr',
    ]);
  });
});
