import type { FactorParams } from '../../../FactorDefinition.js';

/**
 * The reason why `params[name]` is not an integer >= `min`, quoting the value
 * (e.g. `lookback (2.5) must be an integer >= 1`), or null when it is one.
 */
export function integerParamProblem(params: FactorParams, name: string, min: number): string | null {
  const value = params[name];
  if (value === undefined) return `${name} is missing (an integer >= ${min})`;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min) return null;
  const quoted = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return `${name} (${quoted}) must be an integer >= ${min}`;
}

/** `params[name]` as a number; NaN if it is not one (callers validate first). */
export function integerParam(params: FactorParams, name: string): number {
  const value = params[name];
  return typeof value === 'number' ? value : Number.NaN;
}
