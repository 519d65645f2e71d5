/**
 * Gate thresholds of PROTOCOL section 8 (config key `gates`). A missing threshold is not
 * checked. Keys are the gate names written to `failed_gates`.
 */
export type GateThresholds = {
  readonly min_oos_sharpe?: number;
  readonly min_oos_ic_tstat?: number;
  readonly max_oos_drawdown?: number;
  readonly min_positive_window_frac?: number;
  readonly min_dsr?: number;
  readonly min_universe_mean?: number;
};

/** Gate names in the order they are checked and listed in `failed_gates`. */
export const GATE_NAMES = [
  'min_oos_sharpe',
  'min_oos_ic_tstat',
  'max_oos_drawdown',
  'min_positive_window_frac',
  'min_dsr',
  'min_universe_mean',
] as const;
export type GateName = (typeof GATE_NAMES)[number];

export const DEFAULT_GATE_THRESHOLDS: Required<GateThresholds> = {
  min_oos_sharpe: 0.5,
  min_oos_ic_tstat: 2.0,
  max_oos_drawdown: 0.3,
  min_positive_window_frac: 0.55,
  min_dsr: 0.95,
  min_universe_mean: 50,
};
