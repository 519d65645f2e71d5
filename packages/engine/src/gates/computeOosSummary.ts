import { annualizedSharpe } from '../metrics/dailySharpe.js';
import { icStatistics } from '../metrics/icStatistics.js';
import { maxDrawdown } from '../metrics/maxDrawdown.js';
import { mean } from '../metrics/mean.js';
import { annualizedReturn, totalReturn } from '../metrics/totalReturn.js';
import { deflatedSharpeRatio } from './deflatedSharpeRatio.js';
import { meanCandidateSharpeVariance } from './meanCandidateSharpeVariance.js';
import type { OosSummary } from './OosSummary.js';

/** What the gates need from one walk-forward window. */
export type OosWindowInput = {
  /** Daily R of the test segment. */
  readonly testReturns: Float64Array;
  /** Daily IC of the test segment (NaN where undefined). */
  readonly testIc: Float64Array;
  /** total_return of the test segment. */
  readonly testTotalReturn: number;
  /** universe_mean of the test segment. */
  readonly testUniverseMean: number;
  /** Per-day Sharpe (mean/std of R, see dailySharpe) of every candidate on the train segment; NaN allowed. */
  readonly candidateTrainSharpes: Float64Array;
};

/** Inputs of computeOosSummary: one factor's windows and its trial count. */
export type ComputeOosSummaryOptions = {
  /** The factor's windows in window order. */
  readonly windows: readonly OosWindowInput[];
  /** N, the number of candidates (parameter sets) tried. */
  readonly trials: number;
};

/**
 * Stitches the test segments' daily R and IC in window order and computes the gate
 * figures of PROTOCOL section 8, with the section 5 metric code on the stitched series.
 */
export function computeOosSummary(options: ComputeOosSummaryOptions): OosSummary {
  const { windows, trials } = options;
  const returns = concatenate(windows, 'testReturns');
  const ic = concatenate(windows, 'testIc');
  const days = returns.length;

  let positiveWindows = 0;
  const universeMeans = new Float64Array(windows.length);
  for (let k = 0; k < windows.length; k++) {
    const window = windows[k]!;
    if (window.testTotalReturn > 0) positiveWindows++;
    universeMeans[k] = window.testUniverseMean;
  }

  const sharpeVariance =
    trials === 1 ? 0 : meanCandidateSharpeVariance(windows.map((window) => window.candidateTrainSharpes));
  const icStats = icStatistics(ic);
  return {
    windows: windows.length,
    oosDays: days,
    oosSharpe: annualizedSharpe(returns),
    oosAnnReturn: annualizedReturn(totalReturn(returns), days),
    oosMaxDrawdown: maxDrawdown(returns),
    oosMeanIc: icStats.meanIc,
    oosIcTstat: icStats.icTstat,
    positiveWindowFrac: windows.length > 0 ? positiveWindows / windows.length : Number.NaN,
    universeMean: mean(universeMeans),
    trials,
    candidateSharpeVariance: sharpeVariance,
    dsr: deflatedSharpeRatio({ returns, trials, sharpeVariance }),
  };
}

function concatenate(windows: readonly OosWindowInput[], key: 'testReturns' | 'testIc'): Float64Array {
  let length = 0;
  for (const window of windows) length += window[key].length;
  const out = new Float64Array(length);
  let offset = 0;
  for (const window of windows) {
    out.set(window[key], offset);
    offset += window[key].length;
  }
  return out;
}
