import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../protocol.js';
import { DEFAULT_UNIVERSE_CONFIG } from '../universe/Universe.js';
import { signalCacheKey, type SignalKeyParts } from './signalCacheKey.js';

const base: SignalKeyParts = {
  factorId: 'momentum',
  params: 'lookback=252;skip=21',
  dataFingerprint: 'sha256:abc',
  codeIdentity: 'ab'.repeat(32),
  universe: DEFAULT_UNIVERSE_CONFIG,
};

describe('signalCacheKey', () => {
  it('is 64 lowercase hex characters and stable for equal parts', () => {
    const key = signalCacheKey(base);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(signalCacheKey({ ...base, universe: { ...DEFAULT_UNIVERSE_CONFIG } })).toBe(key);
    expect(signalCacheKey({ ...base, protocolVersion: PROTOCOL_VERSION })).toBe(key);
  });

  it('ignores the key order of the universe config', () => {
    const reordered = { topN: null, minPrice: 5, minHistory: 60, minDollarVolume: 1e6 };
    expect(signalCacheKey({ ...base, universe: reordered })).toBe(signalCacheKey(base));
  });

  it('changes when any part changes', () => {
    const variants: SignalKeyParts[] = [
      { ...base, protocolVersion: PROTOCOL_VERSION + 1 },
      { ...base, codeIdentity: 'cd'.repeat(32) },
      { ...base, factorId: 'reversal' },
      { ...base, params: 'lookback=126;skip=21' },
      { ...base, dataFingerprint: 'sha256:abd' },
      { ...base, universe: { ...DEFAULT_UNIVERSE_CONFIG, minHistory: 61 } },
      { ...base, universe: { ...DEFAULT_UNIVERSE_CONFIG, minPrice: 1 } },
      { ...base, universe: { ...DEFAULT_UNIVERSE_CONFIG, minDollarVolume: 2e6 } },
      { ...base, universe: { ...DEFAULT_UNIVERSE_CONFIG, topN: 100 } },
    ];
    const keys = new Set([signalCacheKey(base), ...variants.map(signalCacheKey)]);
    expect(keys.size).toBe(variants.length + 1);
  });

  it('does not confuse parts that concatenate to the same text', () => {
    const a = signalCacheKey({ ...base, factorId: 'ab', params: 'c' });
    const b = signalCacheKey({ ...base, factorId: 'a', params: 'bc' });
    expect(a).not.toBe(b);
  });
});
