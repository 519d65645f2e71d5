import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvText, formatNumber } from './csvText.js';
import { parseCsvRecords } from './parseCsvRecords.js';

describe('parseCsvRecords', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, with each record\'s offsets', () => {
    const text = 'a,b\n"x,1","say ""hi"""\n"two\nlines",\n';
    const { records, completeLength } = parseCsvRecords(text);
    expect(records.map((r) => r.fields)).toEqual([['a', 'b'], ['x,1', 'say "hi"'], ['two\nlines', '']]);
    expect(records.map((r) => [r.start, r.end])).toEqual([[0, 4], [4, 23], [23, 36]]);
    expect(completeLength).toBe(text.length);
  });

  it('leaves out a torn last line and reports where the complete text ends', () => {
    const { records, completeLength } = parseCsvRecords('h\n1,2\n3,');
    expect(records.map((r) => r.fields)).toEqual([['h'], ['1', '2']]);
    expect(completeLength).toBe(6);
  });

  it('reads back exactly what csvText writes', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), { maxLength: 6 }), (rows) => {
        // A single empty field is written as an empty line; the protocol files never have one-column rows.
        const safe = rows.map((row) => (row.length === 1 ? [...row, 'x'] : row));
        expect(parseCsvRecords(csvText(safe)).records.map((r) => r.fields)).toEqual(safe);
      }),
    );
  });
});

describe('formatNumber', () => {
  it('writes the shortest round-trip form and NaN as an empty field', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(formatNumber(1e-7)).toBe('1e-7');
    expect(formatNumber(Number.NaN)).toBe('');
    expect(formatNumber(Infinity)).toBe('Infinity');
  });
});
