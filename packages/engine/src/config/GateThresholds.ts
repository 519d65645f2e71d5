/**
 * Gate thresholds of PROTOCOL sections 8 and 8b (config key `gates`, section 10): the
 * config's vocabulary, so the parser can check keys and fill defaults; the rules that apply
 * them are @wf/gates' evaluateGates. A missing threshold is not checked. Keys are the gate
 * names written to `failed_gates`.
 */
export type GateThresholds = {
  readonly min_oos_sharpe?: number;
  readonly min_oos_ic_tstat?: number;
  readonly max_oos_drawdown?: number;
  readonly min_positive_window_frac?: number;
  readonly min_dsr?: number;
  readonly min_universe_mean?: number;
  readonly max_pbo?: number;
  readonly min_param_stability?: number;
  readonly max_oos_gap_frac?: number;
};

/** Gate names in the order they are checked and listed in `failed_gates` (PROTOCOL section 9). */
export const GATE_NAMES = [
  'min_oos_sharpe',
  'min_oos_ic_tstat',
  'max_oos_drawdown',
  'min_positive_window_frac',
  'min_dsr',
  'min_universe_mean',
  'max_pbo',
  'min_param_stability',
  'max_oos_gap_frac',
] as const;

export type GateName = (typeof GATE_NAMES)[number];

/**
 * Default thresholds (PROTOCOL sections 8 and 8b). `max_pbo` and `min_param_stability`
 * default to null: reported, not checked.
 */
export const DEFAULT_GATE_THRESHOLDS: GateThresholds = {
  min_oos_sharpe: 0.5,
  min_oos_ic_tstat: 2.0,
  max_oos_drawdown: 0.3,
  min_positive_window_frac: 0.55,
  min_dsr: 0.95,
  min_universe_mean: 50,
  max_oos_gap_frac: 0.05,
};
