import { compareCodePoints } from '../util/compareCodePoints.js';
import type { FactorParams } from './FactorDefinition.js';

/**
 * The canonical text of a parameter set (PROTOCOL section 7): `key=value` pairs sorted by
 * key in code-point order, joined by `;`, values via `String(x)` (numbers in JavaScript's
 * shortest round-trip form), e.g. `lookback=252;skip=21`. An empty set gives ''. Used in
 * CSV `params` columns and cache keys, so it must stay byte-stable. String values are
 * written as they are (no escaping): keep `;` and `=` out of user factors' string values.
 */
export function canonicalParams(params: FactorParams): string {
  const keys = Object.keys(params).sort(compareCodePoints);
  let text = '';
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    if (k > 0) text += ';';
    text += `${key}=${String(params[key])}`;
  }
  return text;
}
