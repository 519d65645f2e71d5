import type { ColumnMapping } from '../data/ColumnMapping.js';
import type { PricesFormat } from '../data/LoadedPanel.js';
import type { ParamValue } from '../factors/FactorDefinition.js';
import type { GateThresholds } from './GateThresholds.js';
import type { PortfolioConfig } from '../portfolio/PortfolioConfig.js';
import type { UniverseConfig } from '../universe/Universe.js';

/** In-sample selection objectives of PROTOCOL section 7 (config key `objective`). */
export const OBJECTIVES = ['sharpe', 'mean_ic', 'ic_tstat', 'ann_return'] as const;
export type Objective = (typeof OBJECTIVES)[number];

/** Walk-forward window plan of PROTOCOL section 6 (config key `windows`), in calendar days. */
export type WindowsConfig = {
  /** i0, the first train day's calendar position (>= 1; default 252). */
  readonly warmupDays: number;
  readonly trainDays: number;
  readonly testDays: number;
  /** Shift between windows (default testDays). */
  readonly stepDays: number;
  /** Days skipped between train end and test start (default 0). */
  readonly embargoDays: number;
  /** Train always starts at i0 when true (default false). */
  readonly anchored: boolean;
};

export const DEFAULT_WINDOWS_CONFIG: Omit<WindowsConfig, 'stepDays'> = {
  warmupDays: 252,
  trainDays: 252,
  testDays: 63,
  embargoDays: 0,
  anchored: false,
};

/**
 * One factor of the config (PROTOCOL section 7): fixed `params` or a search `space`
 * (never both; neither = all defaults). Ids and parameter names are checked by the factor
 * registry, not by the config parser.
 */
export type FactorSpec = {
  readonly id: string;
  readonly params?: Readonly<Record<string, ParamValue>>;
  /** Candidate values per parameter, each list non-empty, in config order. */
  readonly space?: Readonly<Record<string, readonly ParamValue[]>>;
  /**
   * An external factor's score table (absolute path; config `external`): a CSV or Parquet file
   * of `date,symbol,score` rows computed elsewhere (createExternalFactor). No params or space.
   */
  readonly external?: string;
};

/**
 * Resource limits (config key `limits`): checked before any work, so an oversized config
 * is refused in milliseconds instead of exhausting memory. They never change a number of
 * a run that passes them, so they are not part of the config's identity (canonicalConfigJson).
 */
export type LimitsConfig = {
  /**
   * Most grid points of one factor's `space` (the product of its list lengths, counted
   * before constraints drop any), default {@link DEFAULT_MAX_CANDIDATES_PER_FACTOR}.
   */
  readonly maxCandidatesPerFactor: number;
};

/** Default `limits.max_candidates_per_factor`: far above any nightly space, far below one that cannot be planned in memory. */
export const DEFAULT_MAX_CANDIDATES_PER_FACTOR = 10_000;

/** Input locations (config key `data`), absolute paths. */
export type DataConfig = {
  /**
   * Where the prices are: the folder of per-symbol price CSV files (config `data.prices`), or
   * with `format: 'long'` the long table (config `data.table`: a file or a folder of files).
   */
  readonly prices: string;
  /** `'long'` when the prices are a long table (config `data.table`); absent for per-symbol files. */
  readonly format?: PricesFormat;
  /** Header names of the fields where the files name them otherwise (config `data.columns`); absent: none. */
  readonly columns?: ColumnMapping;
  /** Row errors become NaN plus a counted warning (config `data.lenient`, PROTOCOL section 1); absent: false. */
  readonly lenient?: boolean;
  /** Folder of per-symbol market cap CSV files, or null. */
  readonly marketCaps: string | null;
  /** A calendar.csv, or null (the union of price dates). */
  readonly calendar: string | null;
};

/** A validated walk-forward config (PROTOCOL section 10) with every default filled in. */
export type WalkForwardConfig = {
  readonly data: DataConfig;
  readonly universe: UniverseConfig;
  readonly windows: WindowsConfig;
  readonly portfolio: PortfolioConfig;
  readonly objective: Objective;
  readonly factors: readonly FactorSpec[];
  /**
   * Thresholds to check. A gate missing from the YAML takes its default
   * (DEFAULT_GATE_THRESHOLDS); a gate set to null is absent here and not checked.
   */
  readonly gates: GateThresholds;
  /** User factor modules (absolute paths), loaded in this order. */
  readonly factorModules: readonly string[];
  /** Freeze manifest (absolute path), or null. */
  readonly freeze: string | null;
  /** Trial ledger CSV (absolute path), or null: trials N = K (PROTOCOL section 8b). */
  readonly ledger: string | null;
  readonly limits: LimitsConfig;
};
