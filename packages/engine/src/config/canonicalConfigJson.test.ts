import { describe, expect, test } from 'vitest';
import { canonicalConfigJson } from './canonicalConfigJson.js';
import { parseConfig } from './parseConfig.js';

const options = { file: 'c.yaml', baseDir: '/configs' };

describe('canonicalConfigJson', () => {
  test('is the same text for configs that differ only in key order', () => {
    const a = parseConfig({ data: { prices: 'p' }, factors: [{ id: 'rsi', space: { b: [1], a: [2] } }], objective: 'sharpe' }, options);
    const b = parseConfig({ objective: 'sharpe', factors: [{ space: { a: [2], b: [1] }, id: 'rsi' }], data: { prices: 'p' } }, options);
    expect(canonicalConfigJson(a)).toBe(canonicalConfigJson(b));
  });

  test('sorts keys at every level and keeps list order', () => {
    const config = parseConfig({ data: { prices: 'p' }, factors: [{ id: 'rsi' }, { id: 'macd', params: { slow: 26, fast: 12 } }] }, options);
    const text = canonicalConfigJson(config);
    expect(text.startsWith('{"data":{"calendar":null,"marketCaps":null,"prices":"/configs/p"},"factorModules":[],"factors":[{"id":"rsi"},{"id":"macd","params":{"fast":12,"slow":26}}],')).toBe(true);
  });

  test('changes when a value changes', () => {
    const base = parseConfig({ data: { prices: 'p' }, factors: [{ id: 'rsi' }] }, options);
    const costly = parseConfig({ data: { prices: 'p' }, portfolio: { cost_bps: 20 }, factors: [{ id: 'rsi' }] }, options);
    expect(canonicalConfigJson(base)).not.toBe(canonicalConfigJson(costly));
  });
});
