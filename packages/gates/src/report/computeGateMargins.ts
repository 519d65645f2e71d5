import { GATE_NAMES } from '@wf/engine';
import type { GateName, GateThresholds } from '@wf/engine';
import { GATE_METRICS, SELECTION_GATES } from '../rules/evaluateGates.js';
import type { OosSummary } from '../rules/OosSummary.js';

/** One gate of one factor: its figure against its threshold (PROTOCOL sections 8 and 8b). */
export type GateMargin = {
  readonly gate: GateName;
  /** The summary figure the gate checks (NaN where undefined). */
  readonly value: number;
  /** The configured threshold; null when the gate is not checked. */
  readonly threshold: number | null;
  /**
   * How far the figure is on the passing side of the threshold, in the figure's units:
   * value - threshold for a `min_*` gate, threshold - value for a `max_*` gate. Negative when
   * the gate fails; NaN when the figure is NaN or the gate is not checked.
   */
  readonly margin: number;
  /** 'pass', 'fail', 'off' (no threshold) or 'n/a' (a selection gate of a one-candidate factor, which passes it). */
  readonly status: 'pass' | 'fail' | 'off' | 'n/a';
};

/**
 * Every gate of GATE_NAMES for one factor with its margin, decided exactly as evaluateGates
 * decides it (so the statuses agree with `failed_gates`).
 */
export function computeGateMargins(summary: OosSummary, thresholds: GateThresholds): GateMargin[] {
  return GATE_NAMES.map((gate) => {
    const value = summary[GATE_METRICS[gate]] as number;
    const threshold = thresholds[gate];
    if (threshold === undefined) return { gate, value, threshold: null, margin: Number.NaN, status: 'off' };
    const isMax = gate.startsWith('max_');
    const margin = isMax ? threshold - value : value - threshold;
    if (summary.candidates === 1 && SELECTION_GATES.includes(gate)) return { gate, value, threshold, margin, status: 'n/a' };
    const passes = isMax ? value <= threshold : value >= threshold;
    return { gate, value, threshold, margin, status: passes ? 'pass' : 'fail' };
  });
}
