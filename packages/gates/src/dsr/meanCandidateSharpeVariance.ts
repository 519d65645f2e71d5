import { finiteValues, sampleVariance } from '@wf/engine';

/**
 * V of the deflated Sharpe ratio, PROTOCOL section 8: the mean over windows of the sample
 * variance (ddof 1) of the finite train-segment per-day Sharpe ratios of all candidates
 * (a window with fewer than 2 finite values counts 0). NaN when there are no windows.
 * The caller sets V = 0 when there is a single candidate (N = 1).
 */
export function meanCandidateSharpeVariance(candidateTrainSharpes: readonly Float64Array[]): number {
  const windows = candidateTrainSharpes.length;
  if (windows === 0) return Number.NaN;
  const variances = new Float64Array(windows);
  for (let k = 0; k < windows; k++) {
    const finite = finiteValues(candidateTrainSharpes[k]!);
    variances[k] = finite.length >= 2 ? sampleVariance(finite) : 0;
  }
  let sum = 0;
  for (let k = 0; k < windows; k++) sum += variances[k]!;
  return sum / windows;
}
