import { resolve } from 'node:path';
import { quoteText } from '../errors/quoteText.js';
import type { ParamValue } from '../factors/FactorDefinition.js';
import type { GateThresholds } from './GateThresholds.js';
import { DEFAULT_GATE_THRESHOLDS, GATE_NAMES } from './GateThresholds.js';
import { DEFAULT_PORTFOLIO_CONFIG } from '../portfolio/PortfolioConfig.js';
import { DEFAULT_UNIVERSE_CONFIG } from '../universe/Universe.js';
import type { ConfigProblem } from '../errors.js';
import { ConfigError } from '../errors.js';
import type { RawConfig } from './configSchema.js';
import { ALLOWED_CONFIG_KEYS, configSchema } from './configSchema.js';
import { formatConfigValue } from './formatConfigValue.js';
import type { DataConfig, FactorSpec, WalkForwardConfig } from './WalkForwardConfig.js';
import { MAPPABLE_COLUMNS } from '../data/ColumnMapping.js';
import type { MappableColumn } from '../data/ColumnMapping.js';
import { DEFAULT_MAX_CANDIDATES_PER_FACTOR, DEFAULT_WINDOWS_CONFIG } from './WalkForwardConfig.js';

/**
 * Keys that name parts of a JavaScript object rather than data. A parsed mapping keeps
 * them as own keys, but an object built from it would drop `__proto__` silently (or treat
 * the others as inherited), so they are refused wherever they appear.
 */
export const RESERVED_CONFIG_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

export type ParseConfigOptions = {
  /** The config file as it should appear in messages (e.g. the path the user gave). */
  readonly file: string;
  /** Folder that relative paths resolve against: the config file's folder. */
  readonly baseDir: string;
};

/**
 * Validates a parsed YAML value as a walk-forward config (PROTOCOL section 10) and fills
 * every default of sections 2-8. Rules beyond types: `params` xor `space` per factor,
 * space lists non-empty, no duplicate factor ids, `portfolio.min_names >= portfolio.quantiles`
 * (defaults included), `windows.step_days` defaults to `test_days`, no key named `__proto__`,
 * `constructor` or `prototype` anywhere, and no factor space with more grid points (the
 * product of its list lengths) than `limits.max_candidates_per_factor`. Gates: a missing key takes
 * its DEFAULT_GATE_THRESHOLDS value, an explicit null removes the gate (not checked).
 * Relative paths (`data.*`, `factor_modules`, `freeze`) resolve against `baseDir`.
 * Factor ids and parameter names are left to the factor registry.
 * @throws ConfigError listing every problem found, each with its key path.
 */
export function parseConfig(raw: unknown, options: ParseConfigOptions): WalkForwardConfig {
  if (!isPlainObject(raw)) {
    throw new ConfigError({
      file: options.file,
      problems: [{ keyPath: '', problem: `expected a mapping of config keys, got ${formatConfigValue(raw)}` }],
    });
  }
  const problems: ConfigProblem[] = reservedKeyProblems(raw, '');
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // Already reported by reservedKeyProblems (zod sees `__proto__` as an unknown key, or not at all).
      if (issue.path.some((segment) => RESERVED_CONFIG_KEYS.includes(String(segment)))) continue;
      if (issue.code === 'unrecognized_keys' && issue.keys !== undefined) {
        const keys = issue.keys.filter((key) => !RESERVED_CONFIG_KEYS.includes(key));
        if (keys.length === 0) continue;
        problems.push(...issueProblems({ ...issue, keys }));
        continue;
      }
      problems.push(...issueProblems(issue));
    }
  }
  problems.push(...crossKeyProblems(raw));
  if (!parsed.success || problems.length > 0) throw new ConfigError({ file: options.file, problems });
  return buildConfig(parsed.data, options.baseDir);
}

type Issue = { readonly code?: string; readonly path: PropertyKey[]; readonly message: string; readonly keys?: string[] };

function issueProblems(issue: Issue): ConfigProblem[] {
  if (issue.code === 'unrecognized_keys' && issue.keys !== undefined) {
    const allowed = ALLOWED_CONFIG_KEYS.get(positionOf(issue.path));
    const hint = allowed === undefined ? '' : ` (allowed: ${allowed.join(', ')})`;
    return issue.keys.map((key) => ({ keyPath: keyPathOf([...issue.path, key]), problem: `unknown key${hint}` }));
  }
  return [{ keyPath: keyPathOf(issue.path), problem: issue.message }];
}

function keyPathOf(path: readonly PropertyKey[]): string {
  return path.map((segment) => shownKey(String(segment))).join('.');
}

/** A key as shown in a key path: as written when plain and short, else quoted and cut (a 5 MB key stays short). */
function shownKey(key: string): string {
  return /^[\w$-]{0,60}$/.test(key) ? key : quoteText(key, 60);
}

function positionOf(path: readonly PropertyKey[]): string {
  return path.map((segment) => (typeof segment === 'number' ? '#' : String(segment))).join('.');
}

/** Every own key named `__proto__`, `constructor` or `prototype`, at any depth, with its key path. */
function reservedKeyProblems(value: unknown, keyPath: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (Array.isArray(value)) {
    value.forEach((entry: unknown, index) => problems.push(...reservedKeyProblems(entry, joinKey(keyPath, String(index)))));
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      const path = joinKey(keyPath, shownKey(key));
      if (RESERVED_CONFIG_KEYS.includes(key)) {
        problems.push({ keyPath: path, problem: `"${key}" is a reserved name, not a config key or parameter` });
      } else {
        problems.push(...reservedKeyProblems(value[key], path));
      }
    }
  }
  return problems;
}

function joinKey(keyPath: string, key: string): string {
  return keyPath === '' ? key : `${keyPath}.${key}`;
}

/** The configured limit when it is valid, else the default (an invalid one has its own problem). */
function maxCandidatesOf(raw: Record<string, unknown>): number {
  const limits = raw['limits'];
  const value = isPlainObject(limits) ? limits['max_candidates_per_factor'] : undefined;
  return isIntegerAtLeast(value, 1) ? value : DEFAULT_MAX_CANDIDATES_PER_FACTOR;
}

/**
 * A factor space larger than the limit, counted from the list lengths alone (nothing is
 * expanded), so an oversized space is refused before anything is allocated for it.
 */
function spaceSizeProblem(entry: Record<string, unknown>, index: number, maxCandidates: number): ConfigProblem | null {
  const space = entry['space'];
  if (!isPlainObject(space)) return null;
  const lengths: number[] = [];
  for (const key of Object.keys(space).sort()) {
    const list = space[key];
    if (!Array.isArray(list)) return null; // reported as a type error
    lengths.push(list.length);
  }
  const size = lengths.reduce((n, length) => n * length, 1);
  if (size <= maxCandidates) return null;
  const id = typeof entry['id'] === 'string' ? `factor "${entry['id']}"` : 'this factor';
  const product = lengths.length > 1 ? `${lengths.join(' x ')} = ${size}` : String(size);
  return {
    keyPath: `factors.${index}.space`,
    problem:
      `${id} has ${product} candidates, more than limits.max_candidates_per_factor (${maxCandidates}); ` +
      'shrink the space or raise the limit',
  };
}

/** The `data` rules beyond types: prices xor table, format and a symbol column only with a table, no market caps with a table. */
function dataProblems(data: unknown): ConfigProblem[] {
  if (!isPlainObject(data)) return [];
  const has = (key: string): boolean => data[key] !== undefined && data[key] !== null;
  const problems: ConfigProblem[] = [];
  if (has('prices') && has('table')) {
    problems.push({ keyPath: 'data.table', problem: 'give data.prices (per-symbol files) or data.table (a long table), not both' });
  } else if (!has('prices') && !has('table')) {
    problems.push({ keyPath: 'data.prices', problem: 'missing; expected a path to the prices folder (or data.table: a long table)' });
  }
  if (has('format') && !has('table')) problems.push({ keyPath: 'data.format', problem: 'describes a long table: give data.table with it' });
  if (has('market_caps') && has('table')) {
    problems.push({ keyPath: 'data.market_caps', problem: 'market caps are not read with a long table (data.table); remove one of them' });
  }
  const columns = data['columns'];
  if (isPlainObject(columns) && columns['symbol'] !== undefined && !has('table')) {
    problems.push({ keyPath: 'data.columns.symbol', problem: 'only a long table (data.table) has a symbol column; per-symbol files are named by their symbol' });
  }
  return problems;
}

/** Rules spanning several keys, checked on the raw value so they are reported with the type errors. */
function crossKeyProblems(raw: Record<string, unknown>): ConfigProblem[] {
  const problems: ConfigProblem[] = dataProblems(raw['data']);
  const factors = raw['factors'];
  const maxCandidates = maxCandidatesOf(raw);
  if (Array.isArray(factors)) {
    const firstIndexById = new Map<string, number>();
    factors.forEach((entry: unknown, index) => {
      if (!isPlainObject(entry)) return;
      if (entry['params'] !== undefined && entry['space'] !== undefined) {
        problems.push({ keyPath: `factors.${index}`, problem: 'has both params and space; give one of them' });
      }
      if (entry['external'] !== undefined && (entry['params'] !== undefined || entry['space'] !== undefined)) {
        problems.push({ keyPath: `factors.${index}.external`, problem: 'an external factor reads its scores from the table: it takes no params or space' });
      }
      problems.push(...repeatedSpaceValues(entry['space'], index));
      const tooLarge = spaceSizeProblem(entry, index, maxCandidates);
      if (tooLarge !== null) problems.push(tooLarge);
      const id = entry['id'];
      if (typeof id !== 'string') return;
      const first = firstIndexById.get(id);
      if (first === undefined) firstIndexById.set(id, index);
      else problems.push({ keyPath: `factors.${index}.id`, problem: `duplicate factor id "${id}" (first at factors.${first})` });
    });
  }

  const portfolio = raw['portfolio'];
  if (portfolio === undefined || isPlainObject(portfolio)) {
    const quantilesRaw = portfolio?.['quantiles'];
    const minNamesRaw = portfolio?.['min_names'];
    const quantiles = quantilesRaw ?? DEFAULT_PORTFOLIO_CONFIG.quantiles;
    const minNames = minNamesRaw ?? DEFAULT_PORTFOLIO_CONFIG.minNames;
    // Only compare valid values; invalid ones already have their own problem.
    if (isIntegerAtLeast(quantiles, 2) && isIntegerAtLeast(minNames, 1) && minNames < quantiles) {
      const defaulted = minNamesRaw === undefined ? ' (the default)' : '';
      problems.push({
        keyPath: 'portfolio.min_names',
        problem: `expected at least portfolio.quantiles (${quantiles}) so no quantile leg is empty, got ${minNames}${defaulted}`,
      });
    }
  }
  return problems;
}

function buildConfig(raw: RawConfig, baseDir: string): WalkForwardConfig {
  const universe = raw.universe ?? {};
  const windows = raw.windows ?? {};
  const portfolio = raw.portfolio ?? {};
  const testDays = windows.test_days ?? DEFAULT_WINDOWS_CONFIG.testDays;
  return {
    data: buildData(raw.data, baseDir),
    universe: {
      minHistory: universe.min_history ?? DEFAULT_UNIVERSE_CONFIG.minHistory,
      minPrice: universe.min_price ?? DEFAULT_UNIVERSE_CONFIG.minPrice,
      minDollarVolume: universe.min_dollar_volume ?? DEFAULT_UNIVERSE_CONFIG.minDollarVolume,
      topN: universe.top_n ?? DEFAULT_UNIVERSE_CONFIG.topN,
    },
    windows: {
      warmupDays: windows.warmup_days ?? DEFAULT_WINDOWS_CONFIG.warmupDays,
      trainDays: windows.train_days ?? DEFAULT_WINDOWS_CONFIG.trainDays,
      testDays,
      stepDays: windows.step_days ?? testDays,
      embargoDays: windows.embargo_days ?? DEFAULT_WINDOWS_CONFIG.embargoDays,
      anchored: windows.anchored ?? DEFAULT_WINDOWS_CONFIG.anchored,
    },
    portfolio: {
      construction: portfolio.construction ?? DEFAULT_PORTFOLIO_CONFIG.construction,
      quantiles: portfolio.quantiles ?? DEFAULT_PORTFOLIO_CONFIG.quantiles,
      holdingDays: portfolio.holding_days ?? DEFAULT_PORTFOLIO_CONFIG.holdingDays,
      costBps: portfolio.cost_bps ?? DEFAULT_PORTFOLIO_CONFIG.costBps,
      minNames: portfolio.min_names ?? DEFAULT_PORTFOLIO_CONFIG.minNames,
    },
    objective: raw.objective ?? 'sharpe',
    factors: raw.factors.map((entry) => buildFactor(entry, baseDir)),
    gates: buildGates(raw.gates ?? {}),
    factorModules: (raw.factor_modules ?? []).map((modulePath) => resolve(baseDir, modulePath)),
    freeze: resolveOrNull(baseDir, raw.freeze),
    ledger: resolveOrNull(baseDir, raw.ledger),
    limits: { maxCandidatesPerFactor: raw.limits?.max_candidates_per_factor ?? DEFAULT_MAX_CANDIDATES_PER_FACTOR },
  };
}

/** `data` with only the keys given beyond the protocol's three, so a plain config's canonical JSON (and hash) is unchanged. */
function buildData(raw: RawConfig['data'], baseDir: string): DataConfig {
  const table = raw.table !== undefined;
  const columns: Partial<Record<MappableColumn, string>> = {};
  for (const field of MAPPABLE_COLUMNS) {
    const name = raw.columns?.[field];
    if (name !== undefined) columns[field] = name;
  }
  return {
    prices: resolve(baseDir, (table ? raw.table : raw.prices) as string),
    marketCaps: resolveOrNull(baseDir, raw.market_caps),
    calendar: resolveOrNull(baseDir, raw.calendar),
    ...(table ? { format: raw.format ?? 'long' } : {}),
    ...(Object.keys(columns).length === 0 ? {} : { columns }),
    ...(raw.lenient === undefined ? {} : { lenient: raw.lenient }),
  };
}

function buildFactor(entry: RawConfig['factors'][number], baseDir: string): FactorSpec {
  const spec: { id: string; params?: Record<string, ParamValue>; space?: Record<string, ParamValue[]>; external?: string } = { id: entry.id };
  if (entry.params !== undefined) spec.params = { ...entry.params };
  if (entry.space !== undefined) spec.space = { ...entry.space };
  if (entry.external !== undefined) spec.external = resolve(baseDir, entry.external);
  return spec;
}

function buildGates(raw: NonNullable<RawConfig['gates']>): GateThresholds {
  const gates: { -readonly [K in keyof GateThresholds]: number } = {};
  for (const name of GATE_NAMES) {
    const value = raw[name];
    const threshold = value === undefined ? DEFAULT_GATE_THRESHOLDS[name] : value;
    if (threshold !== null && threshold !== undefined) gates[name] = threshold;
  }
  return gates;
}

function resolveOrNull(baseDir: string, path: string | null | undefined): string | null {
  return path === undefined || path === null ? null : resolve(baseDir, path);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIntegerAtLeast(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

/** A space list that repeats a value would count one candidate twice (PROTOCOL section 8b). */
function repeatedSpaceValues(space: unknown, index: number): ConfigProblem[] {
  if (!isPlainObject(space)) return [];
  const problems: ConfigProblem[] = [];
  for (const [key, list] of Object.entries(space)) {
    if (!Array.isArray(list)) continue;
    const seen = new Set<unknown>();
    for (const value of list as unknown[]) {
      if (seen.has(value)) {
        problems.push({ keyPath: `factors.${index}.space.${key}`, problem: `repeats the value ${formatConfigValue(value)}; list each value once` });
        break;
      }
      seen.add(value);
    }
  }
  return problems;
}
