import type { ParamValue } from '@wf/engine';
import type { Dimension, SweepablePortfolioKey } from './Dimension.js';
import { SWEEPABLE_PORTFOLIO_KEYS } from './Dimension.js';
import { InvalidSpaceError } from '../errors.js';
import type { SpaceProblem } from '../errors.js';
import type { SpaceSpec } from './SpaceSpec.js';

/**
 * Names that are parts of a JavaScript object, not parameters: assigning `__proto__` would
 * drop the dimension silently, so they are refused like any unknown key.
 */
const RESERVED_NAMES: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** Largest `count` of a log-scaled dimension (its points are held in an array). */
export const MAX_LOG_COUNT = 1_000_000;

/**
 * Validates a space definition read from YAML or JSON (`source` names the file in messages).
 * Two shapes are accepted:
 *
 *     { params: { <name>: <dim>, ... }, portfolio: { holding_days | quantiles | cost_bps: <dim> } }
 *     { <name>: <dim>, ... }                      # factor parameters only
 *
 * where `<dim>` is a non-empty list of values (numbers, strings, booleans), a ranged step
 * `{ min, max, step, type?: int | float }`, or a log-scaled range
 * `{ min, max, count, scale: log, type?: int | float }` (min > 0). `type` defaults to `int`
 * when min, max (and step) are integers. Every problem is collected and thrown together
 * as InvalidSpaceError, each with its key path.
 */
export function parseSpaceSpec(raw: unknown, source: string): SpaceSpec {
  const problems: SpaceProblem[] = [];
  if (!isRecord(raw)) {
    throw new InvalidSpaceError({ source, problems: [{ keyPath: '', problem: `expected a mapping of parameters, got ${describe(raw)}` }] });
  }
  const keys = Object.keys(raw);
  const dataKeys = keys.filter((k) => !RESERVED_NAMES.includes(k));
  const structured = dataKeys.length > 0 && dataKeys.every((k) => k === 'params' || k === 'portfolio');
  // A reserved key beside `params`/`portfolio` (in the flat shape the parameter loop reports it).
  if (structured) {
    for (const key of keys) {
      if (RESERVED_NAMES.includes(key)) problems.push({ keyPath: key, problem: `"${key}" is a reserved name, not a parameter` });
    }
  }
  const paramsRaw: unknown = structured ? (raw['params'] ?? {}) : raw;
  const portfolioRaw: unknown = structured ? (raw['portfolio'] ?? {}) : {};
  const params: Record<string, Dimension> = {};
  const portfolio: Partial<Record<SweepablePortfolioKey, Dimension>> = {};
  const paramsPath = structured ? 'params.' : '';
  if (!isRecord(paramsRaw)) {
    problems.push({ keyPath: 'params', problem: `expected a mapping, got ${describe(paramsRaw)}` });
  } else {
    for (const [name, value] of Object.entries(paramsRaw)) {
      if (RESERVED_NAMES.includes(name)) {
        problems.push({ keyPath: `${paramsPath}${name}`, problem: `"${name}" is a reserved name, not a parameter` });
        continue;
      }
      const dim = parseDimension(value, `${paramsPath}${name}`, problems);
      if (dim !== null) params[name] = dim;
    }
  }
  if (!isRecord(portfolioRaw)) {
    problems.push({ keyPath: 'portfolio', problem: `expected a mapping, got ${describe(portfolioRaw)}` });
  } else {
    for (const [name, value] of Object.entries(portfolioRaw)) {
      if (!(SWEEPABLE_PORTFOLIO_KEYS as readonly string[]).includes(name)) {
        problems.push({ keyPath: `portfolio.${name}`, problem: `unknown portfolio setting (expected one of ${SWEEPABLE_PORTFOLIO_KEYS.join(', ')})` });
        continue;
      }
      const dim = parseDimension(value, `portfolio.${name}`, problems);
      if (dim !== null) portfolio[name as SweepablePortfolioKey] = dim;
    }
  }
  if (problems.length > 0) throw new InvalidSpaceError({ source, problems });
  return { params, portfolio };
}

function parseDimension(raw: unknown, keyPath: string, problems: SpaceProblem[]): Dimension | null {
  if (Array.isArray(raw)) {
    if (raw.length === 0) {
      problems.push({ keyPath, problem: 'expected a non-empty list of values' });
      return null;
    }
    const values: ParamValue[] = [];
    for (let k = 0; k < raw.length; k++) {
      const v: unknown = raw[k];
      if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string' || typeof v === 'boolean') values.push(v);
      else problems.push({ keyPath: `${keyPath}[${k}]`, problem: `expected a finite number, string or boolean, got ${describe(v)}` });
    }
    return values.length === raw.length ? { kind: 'list', values } : null;
  }
  if (!isRecord(raw)) {
    problems.push({ keyPath, problem: `expected a list of values or a range {min, max, step} / {min, max, count, scale: log}, got ${describe(raw)}` });
    return null;
  }
  const before = problems.length;
  const allowed = ['min', 'max', 'step', 'count', 'scale', 'type'];
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) problems.push({ keyPath: `${keyPath}.${key}`, problem: `unknown key (expected ${allowed.join(', ')})` });
  }
  const min = finiteNumber(raw['min'], `${keyPath}.min`, problems);
  const max = finiteNumber(raw['max'], `${keyPath}.max`, problems);
  const scale = raw['scale'] ?? 'linear';
  if (scale !== 'linear' && scale !== 'log') problems.push({ keyPath: `${keyPath}.scale`, problem: `expected linear or log, got ${describe(scale)}` });
  const type = raw['type'];
  if (type !== undefined && type !== 'int' && type !== 'float') problems.push({ keyPath: `${keyPath}.type`, problem: `expected int or float, got ${describe(type)}` });
  if (min !== null && max !== null && max < min) problems.push({ keyPath: `${keyPath}.max`, problem: `max (${max}) must be at least min (${min})` });
  if (scale === 'log') {
    if (raw['step'] !== undefined) problems.push({ keyPath: `${keyPath}.step`, problem: 'a log-scaled range takes count, not step' });
    const count = finiteNumber(raw['count'], `${keyPath}.count`, problems);
    if (count !== null && (!Number.isInteger(count) || count < 1 || count > MAX_LOG_COUNT)) {
      problems.push({ keyPath: `${keyPath}.count`, problem: `expected an integer in 1..${MAX_LOG_COUNT}, got ${count}` });
    }
    if (min !== null && min <= 0) problems.push({ keyPath: `${keyPath}.min`, problem: `a log-scaled range needs min > 0, got ${min}` });
    if (problems.length > before || min === null || max === null || count === null) return null;
    const integer = type === undefined ? Number.isInteger(min) && Number.isInteger(max) : type === 'int';
    if (integer && (!Number.isInteger(min) || !Number.isInteger(max))) {
      problems.push({ keyPath, problem: `an int range needs integer min and max, got ${min} and ${max}` });
      return null;
    }
    return { kind: 'log', min, max, count, integer };
  }
  if (raw['count'] !== undefined) problems.push({ keyPath: `${keyPath}.count`, problem: 'count applies only to scale: log (use step)' });
  const step = finiteNumber(raw['step'], `${keyPath}.step`, problems);
  if (step !== null && step <= 0) problems.push({ keyPath: `${keyPath}.step`, problem: `expected a step > 0, got ${step}` });
  if (problems.length > before || min === null || max === null || step === null) return null;
  const integer = type === undefined ? Number.isInteger(min) && Number.isInteger(max) && Number.isInteger(step) : type === 'int';
  if (integer && (!Number.isInteger(min) || !Number.isInteger(max) || !Number.isInteger(step))) {
    problems.push({ keyPath, problem: `an int range needs integer min, max and step, got ${min}, ${max}, ${step}` });
    return null;
  }
  return integer ? { kind: 'int', min, max, step } : { kind: 'float', min, max, step };
}

function finiteNumber(raw: unknown, keyPath: string, problems: SpaceProblem[]): number | null {
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  problems.push({ keyPath, problem: raw === undefined ? 'missing (expected a finite number)' : `expected a finite number, got ${describe(raw)}` });
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'a mapping' : String(value);
}
