import type { WalkForwardConfig } from './WalkForwardConfig.js';
import { compareCodePoints } from '../util/compareCodePoints.js';

/**
 * The config as compact JSON with object keys sorted (by code point, compareCodePoints) at every level (list
 * order kept), so equal configs give equal text for hashing into manifests and cache keys.
 * Paths are the resolved absolute paths, so the text depends on where the data lives.
 * `limits` is left out: a limit refuses a config or not, it never changes a result, so
 * raising one keeps every hash (and lets an interrupted run resume).
 */
export function canonicalConfigJson(config: WalkForwardConfig): string {
  const { limits: _limits, ...identity } = config;
  return JSON.stringify(sortKeys(identity));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareCodePoints)) {
    const entry = (value as Record<string, unknown>)[key];
    if (entry !== undefined) sorted[key] = sortKeys(entry);
  }
  return sorted;
}

