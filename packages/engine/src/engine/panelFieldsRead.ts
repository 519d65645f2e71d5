import { PANEL_FIELDS } from '../data/PanelField.js';
import type { PanelField } from '../data/PanelField.js';
import type { FactorDefinition } from '../factors/FactorDefinition.js';
import type { UniverseConfig } from '../universe/Universe.js';

/** Options of {@link panelFieldsRead}. */
export type PanelFieldsReadOptions = {
  /** The factors the run computes. */
  readonly factors: readonly FactorDefinition[];
  readonly universe: UniverseConfig;
};

/**
 * The panel fields a walk-forward run over `factors` reads, in PANEL_FIELDS order: the close
 * (returns, PROTOCOL section 1; universe rules 1-3) and volume (liquidity, rule 4), the
 * market caps when the universe ranks by size (`topN`, rule 5), and each factor's declared
 * `fields`; every field when a factor declares none (a user factor may read any).
 */
export function panelFieldsRead(options: PanelFieldsReadOptions): PanelField[] {
  const read = new Set<PanelField>(['close', 'volume']);
  if (options.universe.topN !== null) read.add('marketCap');
  for (const factor of options.factors) {
    if (factor.fields === undefined) return [...PANEL_FIELDS];
    for (const field of factor.fields) read.add(field);
  }
  return PANEL_FIELDS.filter((field) => read.has(field));
}
