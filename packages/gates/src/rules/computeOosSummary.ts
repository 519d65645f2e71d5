import { annualizedReturn, annualizedSharpe, icStatistics, maxDrawdown, mean, oosGapFrac, totalReturn } from '@wf/engine';
import type { ListedGapCounts } from '@wf/engine';
import { computePbo } from '../diagnostics/computePbo.js';
import { paramStability } from '../diagnostics/paramStability.js';
import { deflatedSharpeRatio } from '../dsr/deflatedSharpeRatio.js';
import { meanCandidateSharpeVariance } from '../dsr/meanCandidateSharpeVariance.js';
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
  /**
   * Every candidate's daily net R on the test segment (candidate order, each as long as
   * testReturns), simulated as the selected one is: the window's rows of pbo's matrix M
   * (PROTOCOL section 8b).
   */
  readonly candidateTestReturns: readonly Float64Array[];
  /** Canonical params text of the window's selected candidate (param_stability). */
  readonly selectedParams: string;
  /** Listed symbol-days and gaps over the test segment's signal dates (oos_gap_frac). */
  readonly gaps: ListedGapCounts;
};

/** Inputs of computeOosSummary: one factor's windows and its trial count. */
export type ComputeOosSummaryOptions = {
  /** The factor's windows in window order. */
  readonly windows: readonly OosWindowInput[];
  /** N, the number of parameter sets tried: K, or with a trial ledger its count (PROTOCOL section 8b). */
  readonly trials: number;
  /** K, tonight's candidates per window (V and pbo use them; V = 0 when K = 1). */
  readonly candidates: number;
};

/**
 * Stitches the test segments' daily R and IC in window order and computes the gate
 * figures of PROTOCOL section 8, with the section 5 metric code on the stitched series,
 * and the section 8b diagnostics: pbo over the candidates' stitched test returns,
 * param_stability over the windows' selections, oos_gap_frac over their gap counts.
 */
export function computeOosSummary(options: ComputeOosSummaryOptions): OosSummary {
  const { windows, trials, candidates } = options;
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
    candidates === 1 ? 0 : meanCandidateSharpeVariance(windows.map((window) => window.candidateTrainSharpes));
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
    candidates,
    candidateSharpeVariance: sharpeVariance,
    dsr: deflatedSharpeRatio({ returns, trials, sharpeVariance }),
    pbo: computePbo({ matrix: candidateMatrix(windows, candidates, days), rows: days, columns: candidates }),
    paramStability: paramStability(windows.map((window) => window.selectedParams)),
    oosGapFrac: oosGapFrac(windows.map((window) => window.gaps)),
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

/** pbo's matrix M column-major: column k is candidate k's test returns stitched in window order. */
function candidateMatrix(windows: readonly OosWindowInput[], candidates: number, days: number): Float64Array {
  const matrix = new Float64Array(candidates * days);
  let offset = 0;
  for (const window of windows) {
    const length = window.testReturns.length;
    for (let k = 0; k < candidates; k++) {
      const column = window.candidateTestReturns[k];
      if (column === undefined || column.length !== length) {
        throw new RangeError(`a window has ${window.candidateTestReturns.length} candidate test series where ${candidates} of ${length} days were expected`);
      }
      matrix.set(column, k * days + offset);
    }
    offset += length;
  }
  return matrix;
}
