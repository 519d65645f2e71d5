import * as z from 'zod';
import { GATE_NAMES } from './GateThresholds.js';
import { MAPPABLE_COLUMNS } from '../data/ColumnMapping.js';
import type { Construction } from '../portfolio/PortfolioConfig.js';
import { formatConfigValue } from './formatConfigValue.js';
import { OBJECTIVES } from './WalkForwardConfig.js';

/** Layouts of a long table, as accepted in `data.format` (with `data.table`). */
export const PRICES_FORMATS = ['long'] as const;

/** Portfolio constructions of PROTOCOL section 4, as accepted in `portfolio.construction`. */
export const CONSTRUCTIONS = ['quantile_long_short', 'long_only', 'time_series'] as const satisfies readonly Construction[];

/** Every zod issue of a leaf says what was expected and quotes what was given. */
function expecting(expected: string): (issue: { readonly input?: unknown }) => string {
  return (issue) =>
    issue.input === undefined ? `missing; expected ${expected}` : `expected ${expected}, got ${formatConfigValue(issue.input)}`;
}

function integerAtLeast(min: number, expected = `an integer >= ${min}`) {
  const error = expecting(expected);
  return z.int({ error }).min(min, { error });
}

function numberAtLeast(min: number) {
  const error = expecting(`a number >= ${min}`);
  return z.number({ error }).min(min, { error });
}

function path(expected = 'a path') {
  const error = expecting(expected);
  return z.string({ error }).min(1, { error });
}

function mapping<Shape extends z.core.$ZodLooseShape>(shape: Shape, expected = 'a mapping') {
  return z.strictObject(shape, { error: expecting(expected) });
}

const paramValue = z.union([z.number(), z.string(), z.boolean()], {
  error: expecting('a parameter value (number, string or boolean)'),
});
const valueList = z
  .array(paramValue, { error: expecting('a non-empty list of parameter values') })
  .min(1, { error: expecting('a non-empty list of parameter values') });

const columnName = z.string({ error: expecting('a column name') }).trim().min(1, { error: expecting('a column name') });
const columnsShape = Object.fromEntries(MAPPABLE_COLUMNS.map((field) => [field, columnName.optional()])) as Record<
  (typeof MAPPABLE_COLUMNS)[number],
  z.ZodOptional<typeof columnName>
>;

const dataShape = {
  prices: path('a path to the prices folder').optional(),
  table: path('a path to a long table (a .csv or .parquet file, or a folder of them)').optional(),
  format: z.enum(PRICES_FORMATS, { error: expecting(`one of ${PRICES_FORMATS.join(', ')}`) }).optional(),
  columns: mapping(columnsShape, `a mapping of field to column name (fields: ${MAPPABLE_COLUMNS.join(', ')})`).optional(),
  lenient: z.boolean({ error: expecting('true or false') }).optional(),
  market_caps: path('a path or null').nullable().optional(),
  calendar: path('a path or null').nullable().optional(),
};

const universeShape = {
  min_history: integerAtLeast(1).optional(),
  min_price: numberAtLeast(0).optional(),
  min_dollar_volume: numberAtLeast(0).optional(),
  top_n: integerAtLeast(1, 'null or an integer >= 1').nullable().optional(),
};

const windowsShape = {
  warmup_days: integerAtLeast(1).optional(),
  train_days: integerAtLeast(1).optional(),
  test_days: integerAtLeast(1).optional(),
  step_days: integerAtLeast(1).optional(),
  embargo_days: integerAtLeast(0).optional(),
  anchored: z.boolean({ error: expecting('true or false') }).optional(),
};

const portfolioShape = {
  construction: z.enum(CONSTRUCTIONS, { error: expecting(`one of ${CONSTRUCTIONS.join(', ')}`) }).optional(),
  quantiles: integerAtLeast(2).optional(),
  holding_days: integerAtLeast(1).optional(),
  cost_bps: numberAtLeast(0).optional(),
  min_names: integerAtLeast(1).optional(),
};

const factorShape = {
  id: z.string({ error: expecting('a factor id') }).min(1, { error: expecting('a factor id') }),
  params: z.record(z.string(), paramValue, { error: expecting('a mapping of parameter values') }).optional(),
  space: z.record(z.string(), valueList, { error: expecting('a mapping of parameter value lists') }).optional(),
  external: path('a path to a score table (date, symbol, score: a .csv or .parquet file)').optional(),
};

const gateThreshold = z.number({ error: expecting('a number, or null to skip the gate') }).nullable().optional();
const gatesShape = Object.fromEntries(GATE_NAMES.map((name) => [name, gateThreshold])) as Record<
  (typeof GATE_NAMES)[number],
  typeof gateThreshold
>;

const limitsShape = {
  max_candidates_per_factor: integerAtLeast(1).optional(),
};

const configShape = {
  data: mapping(dataShape, 'a mapping with `prices` (per-symbol files) or `table` (a long table)'),
  universe: mapping(universeShape).optional(),
  windows: mapping(windowsShape).optional(),
  portfolio: mapping(portfolioShape).optional(),
  objective: z.enum(OBJECTIVES, { error: expecting(`one of ${OBJECTIVES.join(', ')}`) }).optional(),
  factors: z
    .array(mapping(factorShape, 'a factor entry mapping'), { error: expecting('a list of factor entries') })
    .min(1, { error: expecting('at least one factor entry') }),
  gates: mapping(gatesShape).optional(),
  factor_modules: z.array(path(), { error: expecting('a list of paths') }).optional(),
  freeze: path('a path or null').nullable().optional(),
  ledger: path('a path to a trial ledger CSV, or null').nullable().optional(),
  limits: mapping(limitsShape).optional(),
};

/**
 * The raw (snake_case, YAML-side) shape of a walk-forward config, PROTOCOL section 10 (with
 * `ledger`, section 8b) plus `factor_modules`, `freeze` and `limits`. Strict at every level: unknown keys are errors. Defaults
 * and cross-key rules are applied by parseConfig.
 */
export const configSchema = mapping(configShape, 'a mapping of config keys');
/** A config as written in YAML (snake_case keys, optional sections), after type checks. */
export type RawConfig = z.infer<typeof configSchema>;

/**
 * Allowed keys per object position, for unknown-key messages; list positions are `#`
 * (`factors.#` is any factor entry).
 */
export const ALLOWED_CONFIG_KEYS: ReadonlyMap<string, readonly string[]> = new Map([
  ['', Object.keys(configShape)],
  ['data', Object.keys(dataShape)],
  ['data.columns', Object.keys(columnsShape)],
  ['universe', Object.keys(universeShape)],
  ['windows', Object.keys(windowsShape)],
  ['portfolio', Object.keys(portfolioShape)],
  ['factors.#', Object.keys(factorShape)],
  ['gates', Object.keys(gatesShape)],
  ['limits', Object.keys(limitsShape)],
]);
