import { GATE_NAMES } from '@wf/engine';
import type { GateName, GateThresholds } from '@wf/engine';
import type { OosSummary } from './OosSummary.js';

/**
 * The gates a factor with a single candidate passes whatever its figure (PROTOCOL section
 * 8b: they measure a selection that did not happen).
 */
export const SELECTION_GATES: readonly GateName[] = ['max_pbo', 'min_param_stability'];

/** The verdict of PROTOCOL sections 8 and 8b for one factor. */
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
  max_pbo: 'pbo',
  min_param_stability: 'paramStability',
  max_oos_gap_frac: 'oosGapFrac',
};

/**
 * Applies the gates of PROTOCOL sections 8 and 8b: a `min_*` gate passes when the figure is
 * >= its threshold, a `max_*` gate when it is <= its threshold. A NaN figure fails; a
 * threshold that is absent (undefined) is not checked; `max_pbo` and `min_param_stability`
 * pass a factor with a single candidate (K = 1).
 */
export function evaluateGates(summary: OosSummary, thresholds: GateThresholds): GateEvaluation {
  const failedGates: GateName[] = [];
  for (const gate of GATE_NAMES) {
    const threshold = thresholds[gate];
    if (threshold === undefined) continue;
    if (summary.candidates === 1 && SELECTION_GATES.includes(gate)) continue;
    const value = summary[GATE_METRICS[gate]] as number;
    // Comparisons with NaN are false, so a NaN figure fails.
    const passes = gate.startsWith('max_') ? value <= threshold : value >= threshold;
    if (!passes) failedGates.push(gate);
  }
  return { pass: failedGates.length === 0, failedGates };
}
