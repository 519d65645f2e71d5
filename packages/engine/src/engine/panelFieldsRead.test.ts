import { describe, expect, it } from 'vitest';
import { computeReturns } from '../data/computeReturns.js';
import type { Panel } from '../data/Panel.js';
import { PANEL_FIELDS } from '../data/PanelField.js';
import { BUILTIN_FACTORS } from '../factors/builtin/builtinFactors.js';
import type { FactorDefinition } from '../factors/FactorDefinition.js';
import { generateSampleMarket } from '../sample/generateSampleMarket.js';
import { DEFAULT_UNIVERSE_CONFIG } from '../universe/Universe.js';
import { panelFieldsRead } from './panelFieldsRead.js';

const { panel } = generateSampleMarket({ symbols: 12, days: 300, seed: 11 });

/** The panel with every value field but `keep` emptied, as PanelCache.read leaves them. */
function only(keep: readonly string[]): Panel {
  const field = (name: string, values: Float64Array): Float64Array => (keep.includes(name) ? values : new Float64Array(0));
  return {
    ...panel,
    open: field('open', panel.open),
    high: field('high', panel.high),
    low: field('low', panel.low),
    close: field('close', panel.close),
    volume: field('volume', panel.volume),
    marketCap: panel.marketCap === null ? null : field('marketCap', panel.marketCap),
  };
}

describe('panelFieldsRead', () => {
  it('every built-in factor declares the fields it reads: computed with only those, the scores have the same bits', () => {
    const returns = computeReturns(panel);
    for (const factor of BUILTIN_FACTORS) {
      expect(factor.fields, factor.id).toBeDefined();
      const full = new Float64Array(panel.nDates * panel.nSymbols);
      const lean = new Float64Array(panel.nDates * panel.nSymbols);
      factor.compute({ panel, returns }, factor.defaults, full);
      factor.compute({ panel: only(factor.fields ?? []), returns }, factor.defaults, lean);
      expect(Buffer.from(lean.buffer).equals(Buffer.from(full.buffer)), factor.id).toBe(true);
      expect(full.some((score) => Number.isFinite(score)), factor.id).toBe(true);
    }
  });

  it("reads close and volume for the universe, market caps only for a top-N universe, and each factor's fields", () => {
    const byId = (id: string): FactorDefinition => BUILTIN_FACTORS.find((factor) => factor.id === id)!;
    expect(panelFieldsRead({ factors: [], universe: DEFAULT_UNIVERSE_CONFIG })).toEqual(['close', 'volume']);
    expect(panelFieldsRead({ factors: [byId('low_volatility')], universe: { ...DEFAULT_UNIVERSE_CONFIG, topN: 100 } })).toEqual(['close', 'volume', 'marketCap']);
    expect(panelFieldsRead({ factors: BUILTIN_FACTORS, universe: DEFAULT_UNIVERSE_CONFIG })).toEqual(['high', 'close', 'volume']);
  });

  it('reads every field when a factor does not declare its own', () => {
    const { fields: _declared, ...undeclared } = BUILTIN_FACTORS[0]!;
    expect(panelFieldsRead({ factors: [BUILTIN_FACTORS[1]!, undeclared as FactorDefinition], universe: DEFAULT_UNIVERSE_CONFIG })).toEqual([...PANEL_FIELDS]);
  });
});
