import { DEFAULT_GATE_THRESHOLDS, GATE_NAMES } from '@wf/engine';
import { describe, expect, it } from 'vitest';
import { evaluateGates } from '../rules/evaluateGates.js';
import type { OosSummary } from '../rules/OosSummary.js';
import { computeGateMargins } from './computeGateMargins.js';

const summary: OosSummary = {
  windows: 11,
  oosDays: 693,
  oosSharpe: 0.14,
  oosAnnReturn: 0.01,
  oosMaxDrawdown: 0.3045,
  oosMeanIc: 0.01,
  oosIcTstat: Number.NaN,
  positiveWindowFrac: 0.55,
  universeMean: 490,
  trials: 6,
  candidates: 6,
  candidateSharpeVariance: 0.001,
  dsr: 0.2,
  pbo: 0.8,
  paramStability: 0.5,
  oosGapFrac: 0.0001,
};

describe('computeGateMargins', () => {
  it('gives min gates figure - threshold and max gates threshold - figure, negative when failing', () => {
    const margins = computeGateMargins(summary, { ...DEFAULT_GATE_THRESHOLDS, max_pbo: 0.5 });
    const byGate = new Map(margins.map((m) => [m.gate, m]));
    expect(margins.map((m) => m.gate)).toEqual([...GATE_NAMES]);
    expect(byGate.get('min_oos_sharpe')).toMatchObject({ value: 0.14, threshold: 0.5, status: 'fail' });
    expect(byGate.get('min_oos_sharpe')?.margin).toBeCloseTo(-0.36, 12);
    // momentum on the S&P: drawdown 0.3045 against 0.30 fails by 0.0045.
    expect(byGate.get('max_oos_drawdown')?.margin).toBeCloseTo(-0.0045, 12);
    expect(byGate.get('max_oos_drawdown')?.status).toBe('fail');
    // Exactly at the threshold passes with margin 0.
    expect(byGate.get('min_positive_window_frac')).toMatchObject({ margin: 0, status: 'pass' });
    expect(byGate.get('min_universe_mean')).toMatchObject({ margin: 440, status: 'pass' });
    expect(byGate.get('max_pbo')?.margin).toBeCloseTo(-0.3, 12);
    // A NaN figure fails with a NaN margin; a gate without threshold is off.
    expect(byGate.get('min_oos_ic_tstat')?.status).toBe('fail');
    expect(byGate.get('min_oos_ic_tstat')?.margin).toBeNaN();
    expect(byGate.get('min_param_stability')).toMatchObject({ threshold: null, status: 'off' });
    expect(byGate.get('min_param_stability')?.margin).toBeNaN();
  });

  it('marks the selection gates of a one-candidate factor n/a, and agrees with evaluateGates on every failure', () => {
    const thresholds = { ...DEFAULT_GATE_THRESHOLDS, max_pbo: 0.5, min_param_stability: 0.9 };
    const single = { ...summary, candidates: 1, trials: 1 };
    const margins = computeGateMargins(single, thresholds);
    expect(margins.filter((m) => m.status === 'n/a').map((m) => m.gate)).toEqual(['max_pbo', 'min_param_stability']);
    for (const s of [summary, single]) {
      const failed = computeGateMargins(s, thresholds).filter((m) => m.status === 'fail').map((m) => m.gate);
      expect(failed).toEqual(evaluateGates(s, thresholds).failedGates);
    }
  });
});
