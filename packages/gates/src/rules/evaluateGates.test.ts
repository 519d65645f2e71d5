import { readFileSync } from 'node:fs';
import { DEFAULT_GATE_THRESHOLDS } from '@wf/engine';
import { describe, expect, test } from 'vitest';
import { sharedPath } from '../../../../test-support/sharedPath.js';
import { evaluateGates } from './evaluateGates.js';
import type { OosSummary } from './OosSummary.js';

const passing: OosSummary = {
  windows: 11,
  oosDays: 693,
  oosSharpe: 1.2,
  oosAnnReturn: 0.1,
  oosMaxDrawdown: 0.1,
  oosMeanIc: 0.02,
  oosIcTstat: 3,
  positiveWindowFrac: 0.8,
  universeMean: 400,
  trials: 4,
  candidates: 4,
  candidateSharpeVariance: 0.001,
  dsr: 0.99,
  pbo: 0.2,
  paramStability: 0.8,
  oosGapFrac: 0.01,
};

describe('evaluateGates', () => {
  test('passes when every configured gate passes', () => {
    expect(evaluateGates(passing, DEFAULT_GATE_THRESHOLDS)).toEqual({ pass: true, failedGates: [] });
  });

  test('passes a min gate at its threshold and a max gate at its threshold', () => {
    const atEdges = { ...passing, oosSharpe: 0.5, oosMaxDrawdown: 0.3 };
    expect(evaluateGates(atEdges, DEFAULT_GATE_THRESHOLDS).pass).toBe(true);
  });

  test('fails a drawdown above its maximum and figures below their minimum, in gate order', () => {
    const bad = { ...passing, universeMean: 49, oosMaxDrawdown: 0.31, oosSharpe: 0.49 };
    expect(evaluateGates(bad, DEFAULT_GATE_THRESHOLDS)).toEqual({
      pass: false,
      failedGates: ['min_oos_sharpe', 'max_oos_drawdown', 'min_universe_mean'],
    });
  });

  test('fails a NaN figure, including a NaN drawdown', () => {
    const nan = { ...passing, dsr: Number.NaN, oosMaxDrawdown: Number.NaN };
    expect(evaluateGates(nan, DEFAULT_GATE_THRESHOLDS).failedGates).toEqual(['max_oos_drawdown', 'min_dsr']);
  });

  test('checks max_oos_gap_frac by default and max_pbo, min_param_stability only when set, listed last in section 9 order', () => {
    const gappy = { ...passing, oosGapFrac: 0.06, pbo: 0.9, paramStability: 0.1 };
    expect(evaluateGates(gappy, DEFAULT_GATE_THRESHOLDS).failedGates).toEqual(['max_oos_gap_frac']);
    const all = { ...DEFAULT_GATE_THRESHOLDS, max_pbo: 0.5, min_param_stability: 0.5 };
    expect(evaluateGates({ ...gappy, oosSharpe: 0.1 }, all).failedGates).toEqual(['min_oos_sharpe', 'max_pbo', 'min_param_stability', 'max_oos_gap_frac']);
    expect(evaluateGates({ ...passing, pbo: 0.5, paramStability: 0.5, oosGapFrac: 0.05 }, all).pass).toBe(true);
  });

  test('passes max_pbo and min_param_stability for a single candidate, and fails a NaN pbo otherwise', () => {
    const thresholds = { max_pbo: 0.5, min_param_stability: 0.9 };
    const single = { ...passing, candidates: 1, trials: 6, pbo: Number.NaN, paramStability: 0.5 };
    expect(evaluateGates(single, thresholds)).toEqual({ pass: true, failedGates: [] });
    expect(evaluateGates({ ...passing, pbo: Number.NaN }, thresholds).failedGates).toEqual(['max_pbo', 'min_param_stability']);
  });

  test('does not check a missing threshold', () => {
    const nan = { ...passing, dsr: Number.NaN, oosIcTstat: 0 };
    expect(evaluateGates(nan, { min_oos_sharpe: 0.5 })).toEqual({ pass: true, failedGates: [] });
    expect(evaluateGates(nan, {})).toEqual({ pass: true, failedGates: [] });
  });

  test('reproduces the verdicts of the reference protocol 2 sp500-nightly gate report with default thresholds', () => {
    const lines = readFileSync(sharedPath('expected/sp500-nightly-v2/gate_report.csv'), 'utf8').trim().split('\n');
    const header = lines[0]!.split(',');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(1)) {
      const cells = Object.fromEntries(line.split(',').map((cell, k) => [header[k]!, cell]));
      const number = (key: string) => (cells[key] === '' ? Number.NaN : Number(cells[key]));
      const summary: OosSummary = {
        windows: number('windows'),
        oosDays: number('oos_days'),
        oosSharpe: number('oos_sharpe'),
        oosAnnReturn: number('oos_ann_return'),
        oosMaxDrawdown: number('oos_max_drawdown'),
        oosMeanIc: number('oos_mean_ic'),
        oosIcTstat: number('oos_ic_tstat'),
        positiveWindowFrac: number('positive_window_frac'),
        universeMean: number('universe_mean'),
        trials: number('trials'),
        // The report does not hold K; a one-candidate factor is the one with an empty pbo here.
        candidates: cells['pbo'] === '' ? 1 : number('trials'),
        candidateSharpeVariance: Number.NaN,
        dsr: number('dsr'),
        pbo: number('pbo'),
        paramStability: number('param_stability'),
        oosGapFrac: number('oos_gap_frac'),
      };
      const verdict = evaluateGates(summary, DEFAULT_GATE_THRESHOLDS);
      expect({ factor: cells['factor'], pass: String(verdict.pass), failed: verdict.failedGates.join('|') }).toEqual({
        factor: cells['factor'],
        pass: cells['pass'],
        failed: cells['failed_gates'],
      });
    }
  });
});
