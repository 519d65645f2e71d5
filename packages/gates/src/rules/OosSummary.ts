/**
 * Out-of-sample summary of one factor over all its windows, PROTOCOL section 8: the figures
 * of a `gate_report.csv` row before the verdict. NaN where undefined.
 */
export type OosSummary = {
  /** Number of walk-forward windows. */
  readonly windows: number;
  /** T, length of the stitched test series. */
  readonly oosDays: number;
  /** Annualized Sharpe of the stitched daily returns (PROTOCOL section 5). */
  readonly oosSharpe: number;
  readonly oosAnnReturn: number;
  /** Fraction below the running max(1, peak) of the stitched equity. */
  readonly oosMaxDrawdown: number;
  /** Mean of the finite stitched daily ICs. */
  readonly oosMeanIc: number;
  readonly oosIcTstat: number;
  /** Share of windows whose test total_return is > 0. */
  readonly positiveWindowFrac: number;
  /** Mean of the windows' test universe_mean. */
  readonly universeMean: number;
  /** N, number of parameter sets tried: K, or with a trial ledger the ledger's count (section 8b). */
  readonly trials: number;
  /** K, tonight's candidates per window. */
  readonly candidates: number;
  /** V, the mean per-window variance of the candidates' per-day train Sharpe ratios (0 when N = 1). */
  readonly candidateSharpeVariance: number;
  /** Deflated Sharpe ratio, a probability. */
  readonly dsr: number;
  /** Probability of backtest overfitting by CSCV (section 8b); NaN when K < 2 or T < 32. */
  readonly pbo: number;
  /** Share of windows selecting the most often selected params (section 8b). */
  readonly paramStability: number;
  /** Share of listed symbol-days without a valid close over the test signal dates (section 8b). */
  readonly oosGapFrac: number;
};
