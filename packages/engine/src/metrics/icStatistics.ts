import { finiteValues } from './finiteValues.js';
import { mean } from './mean.js';
import { sampleStd } from './sampleStd.js';

/** Summary of daily information coefficients, PROTOCOL section 5. */
export type IcStatistics = {
  /** Number of finite daily ICs. */
  readonly count: number;
  /** Mean of the finite daily ICs; NaN when there are none. */
  readonly meanIc: number;
  /** Sample std (ddof 1) of the finite daily ICs; NaN when fewer than 2. */
  readonly icStd: number;
  /** meanIc / icStd * sqrt(count); NaN when count < 2 or icStd is 0. */
  readonly icTstat: number;
};

/** mean_ic, ic_std and ic_tstat over the finite entries of a daily IC series (PROTOCOL sections 5 and 8). */
export function icStatistics(ic: Float64Array): IcStatistics {
  const values = finiteValues(ic);
  const count = values.length;
  const meanIc = mean(values);
  const icStd = sampleStd(values);
  const icTstat = count >= 2 && icStd > 0 ? (meanIc / icStd) * Math.sqrt(count) : Number.NaN;
  return { count, meanIc, icStd, icTstat };
}
