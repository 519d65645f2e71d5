import { describe, expect, it } from 'vitest';
import { makeTestPanel } from '../portfolio/testing/makeTestPanel.js';
import { computeDatePrefixFingerprints, datePrefixFingerprintHex } from './computeDatePrefixFingerprints.js';

const closes = [
  [10, 20, 30],
  [11, 21, Number.NaN],
  [12, 22, 32],
  [13, 23, 33],
];

function hexes(prefixes: Uint8Array): string[] {
  return Array.from({ length: prefixes.length / 32 }, (_, t) => datePrefixFingerprintHex(prefixes, t));
}

describe('computeDatePrefixFingerprints', () => {
  it('leaves every earlier prefix unchanged when days are appended', () => {
    const short = hexes(computeDatePrefixFingerprints(makeTestPanel({ symbols: ['A', 'B', 'C'], close: closes.slice(0, 3) })));
    const long = hexes(computeDatePrefixFingerprints(makeTestPanel({ symbols: ['A', 'B', 'C'], close: closes })));
    expect(long.slice(0, 3)).toEqual(short);
    expect(new Set(long).size).toBe(4);
  });

  it('changes the prefixes from a revised date on, and only from there', () => {
    const base = hexes(computeDatePrefixFingerprints(makeTestPanel({ symbols: ['A', 'B', 'C'], close: closes })));
    const revised = closes.map((row) => [...row]);
    revised[2]![1] = 22.5;
    const after = hexes(computeDatePrefixFingerprints(makeTestPanel({ symbols: ['A', 'B', 'C'], close: revised })));
    expect(after.slice(0, 2)).toEqual(base.slice(0, 2));
    expect(after[2]).not.toBe(base[2]);
    expect(after[3]).not.toBe(base[3]);
  });

  it('sees a volume, a date or the symbol list change', () => {
    const base = hexes(computeDatePrefixFingerprints(makeTestPanel({ symbols: ['A', 'B', 'C'], close: closes })));
    const volume = closes.map((row) => row.map(() => 1e6));
    volume[1]![0] = 2e6;
    expect(hexes(computeDatePrefixFingerprints(makeTestPanel({ symbols: ['A', 'B', 'C'], close: closes, volume })))[0]).toBe(base[0]);
    expect(hexes(computeDatePrefixFingerprints(makeTestPanel({ symbols: ['A', 'B', 'C'], close: closes, volume })))[1]).not.toBe(base[1]);
    const dates = [20200101, 20200102, 20200106, 20200107];
    const moved = hexes(computeDatePrefixFingerprints(makeTestPanel({ symbols: ['A', 'B', 'C'], close: closes, dates })));
    expect(moved.slice(0, 2)).toEqual(base.slice(0, 2));
    expect(moved[2]).not.toBe(base[2]);
    const renamed = hexes(computeDatePrefixFingerprints(makeTestPanel({ symbols: ['A', 'B', 'D'], close: closes })));
    expect(renamed[0]).not.toBe(base[0]);
  });

  it('refuses a position outside the panel', () => {
    const prefixes = computeDatePrefixFingerprints(makeTestPanel({ symbols: ['A', 'B', 'C'], close: closes }));
    expect(() => datePrefixFingerprintHex(prefixes, 4)).toThrow(/outside/);
    expect(() => datePrefixFingerprintHex(prefixes, -1)).toThrow(/outside/);
  });
});
