import type { Panel } from '../data/Panel.js';
import type { PanelField } from '../data/PanelField.js';
import type { FactorWorkspace } from './FactorWorkspace.js';

/** A parameter value: the built-in factors use integers; user factors may use others. */
export type ParamValue = number | string | boolean;
export type FactorParams = Readonly<Record<string, ParamValue>>;

/** What a factor kernel may read: the panel and the daily close-to-close returns r. */
export type FactorInputs = {
  readonly panel: Panel;
  /** r[t * N + i] = C[t]/C[t-1] - 1, NaN when either close is not finite and positive (t = 0: NaN). */
  readonly returns: Float64Array;
  /**
   * Where the candidates of one factor, computed one after another, may keep intermediates
   * they share (BacktestEngine passes one per engine); absent: compute everything.
   */
  readonly workspace?: FactorWorkspace;
};

/**
 * A factor of PROTOCOL section 3. Implemented by each built-in factor and by user factors
 * registered from a module named in the config.
 */
export interface FactorDefinition {
  readonly id: string;
  /** One line for `--help`-like listings. */
  readonly description: string;
  /** Every parameter with its default; a parameter missing from a config takes this value. */
  readonly defaults: FactorParams;
  /**
   * Checks a complete parameter set (defaults already filled in): null when valid, else a
   * one-line reason quoting the bad value, e.g. `fast (30) must be less than slow (20)`.
   */
  validate(params: FactorParams): string | null;
  /**
   * Writes the date-major score matrix (T x N, `out[t * N + i]`) for `params`; NaN where the
   * score is undefined. Pure: reads only `inputs` and `params` (a workspace keeps only functions
   * of them), allocates scratch far below a T x N matrix (the built-ins: O(T) blocks or O(N) rows,
   * high_52w one block of lookback x N); whole intermediate matrices go to `inputs.workspace`.
   * A higher score means a higher expected return.
   */
  compute(inputs: FactorInputs, params: FactorParams, out: Float64Array): void;
  /**
   * The panel fields `compute` reads (the returns are always there). A run whose factors all
   * declare theirs loads only these (and what the universe reads) from the panel cache; the
   * other fields are then empty arrays. Absent: every field (user factors unless they declare).
   */
  readonly fields?: readonly PanelField[];
  /** Relative cost of one `compute` (1 = a simple rolling window); used to balance shards. */
  readonly costHint?: number;
  /**
   * How many dates before t the score at t reads (it reads dates t - historyDays .. t and
   * nothing earlier), so a score computed on the panel cut to start at any date at or before
   * t - historyDays has the same bits as on the whole panel. The engine then computes only the
   * dates a run needs (BacktestEngine `firstDay`). Absent: the whole history (a recursive
   * statistic such as an EMA, and user factors unless they declare it).
   */
  historyDays?(params: FactorParams): number;
}
