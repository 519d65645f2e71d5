import { CanonicalJsonError } from '../errors.js';
import { compareCodePoints } from '../util/compareCodePoints.js';

/**
 * Canonical JSON text of a plain value: object keys sorted (code-point order, compareCodePoints) at every level,
 * arrays in order, no whitespace. Two structurally equal values give the same text
 * whatever the key insertion order, which makes the text safe to hash for cache keys.
 *
 * Only strings, finite numbers, booleans, null, arrays and plain objects are accepted;
 * NaN, Infinity, undefined, bigint and functions throw {@link CanonicalJsonError}
 * (JSON.stringify would silently turn them into `null` or drop them, so two different
 * values could share one key).
 */
export function canonicalJson(value: unknown): string {
  return write(value, '');
}

function write(value: unknown, path: string): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new CanonicalJsonError({ path, valueText: String(value), expected: 'a finite number' });
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    const parts: string[] = [];
    for (let k = 0; k < value.length; k++) parts.push(write(value[k], `${path}/${k}`));
    return `[${parts.join(',')}]`;
  }
  if (typeof value === 'object' && isPlainObject(value)) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort(compareCodePoints);
    const parts: string[] = [];
    for (const key of keys) parts.push(`${JSON.stringify(key)}:${write(record[key], `${path}/${key}`)}`);
    return `{${parts.join(',')}}`;
  }
  throw new CanonicalJsonError({
    path,
    valueText: describe(value),
    expected: 'a string, finite number, boolean, null, array or plain object',
  });
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) return `an instance of ${value.constructor.name}`;
  return String(value);
}

