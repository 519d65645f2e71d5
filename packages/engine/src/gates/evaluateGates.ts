import type { GateName, GateThresholds } from './GateThresholds.js';
import { GATE_NAMES } from './GateThresholds.js';
import type { OosSummary } from './OosSummary.js';

/** The verdict of PROTOCOL section 8 for one factor. */
export type GateEvaluation = {
  /** True when every configured gate passes. */
  readonly pass: boolean;
  /** Failed gates in GATE_NAMES order (written joined by `|`). */
  readonly failedGates: GateName[];
};

/** The summary figure each gate checks. */
export const GATE_METRICS: Readonly<Record<GateName, keyof OosSummary>> = {
  min_oos_sharpe: 'oosSharpe',
  min_oos_ic_tstat: 'oosIcTstat',
  max_oos_drawdown: 'oosMaxDrawdown',
  min_positive_window_frac: 'positiveWindowFrac',
  min_dsr: 'dsr',
  min_universe_mean: 'universeMean',
};

/**
 * Applies the gates of PROTOCOL section 8: a `min_*` gate passes when the figure is
 * >= its threshold, `max_oos_drawdown` when the drawdown is <= its threshold. A NaN figure
 * fails; a threshold that is absent (undefined) is not checked.
 */
export function evaluateGates(summary: OosSummary, thresholds: GateThresholds): GateEvaluation {
  const failedGates: GateName[] = [];
  for (const gate of GATE_NAMES) {
    const threshold = thresholds[gate];
    if (threshold === undefined) continue;
    const value = summary[GATE_METRICS[gate]];
    // Comparisons with NaN are false, so a NaN figure fails.
    const passes = gate.startsWith('max_') ? value <= threshold : value >= threshold;
    if (!passes) failedGates.push(gate);
  }
  return { pass: failedGates.length === 0, failedGates };
}
