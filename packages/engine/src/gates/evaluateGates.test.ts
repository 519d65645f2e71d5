import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { evaluateGates } from './evaluateGates.js';
import { DEFAULT_GATE_THRESHOLDS } from './GateThresholds.js';
import type { OosSummary } from './OosSummary.js';
import { sharedPath } from '../testing/sharedPath.js';

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
  candidateSharpeVariance: 0.001,
  dsr: 0.99,
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

  test('does not check a missing threshold', () => {
    const nan = { ...passing, dsr: Number.NaN, oosIcTstat: 0 };
    expect(evaluateGates(nan, { min_oos_sharpe: 0.5 })).toEqual({ pass: true, failedGates: [] });
    expect(evaluateGates(nan, {})).toEqual({ pass: true, failedGates: [] });
  });

  test('reproduces the verdicts of the reference sp500-nightly gate report with default thresholds', () => {
    const lines = readFileSync(sharedPath('expected/sp500-nightly/gate_report.csv'), 'utf8').trim().split('\n');
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
        candidateSharpeVariance: Number.NaN,
        dsr: number('dsr'),
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
