import { compareCodePoints } from '../util/compareCodePoints.js';
import { InvalidParamsError, UnknownParamError } from '../errors.js';
import type { FactorDefinition, FactorParams, ParamValue } from './FactorDefinition.js';

/**
 * The complete, validated parameter set of `factor` for a config's (possibly partial)
 * `params` (PROTOCOL sections 3, 7 and 10: a missing parameter takes its default).
 *
 * Throws UnknownParamError for a name the factor's defaults do not declare, and
 * InvalidParamsError when a value's type differs from its default's (number, string or
 * boolean) or when `factor.validate` rejects the set (e.g. skip >= lookback). The result is
 * frozen, with keys in code-point order. An own property whose value is `undefined`
 * counts as absent.
 */
export function resolveParams(factor: FactorDefinition, partial: FactorParams): FactorParams {
  const names = Object.keys(factor.defaults).sort(compareCodePoints);
  for (const name of Object.keys(partial)) {
    if (!Object.hasOwn(factor.defaults, name)) {
      throw new UnknownParamError({ factorId: factor.id, param: name, knownParams: names });
    }
  }
  const resolved: Record<string, ParamValue> = {};
  for (const name of names) {
    const fallback = factor.defaults[name]!;
    const given = Object.hasOwn(partial, name) ? partial[name] : undefined;
    if (given !== undefined && typeof given !== typeof fallback) {
      const quoted = typeof given === 'string' ? JSON.stringify(given) : String(given);
      throw new InvalidParamsError(factor.id, `${name} (${quoted}) must be a ${typeof fallback} like its default (${String(fallback)})`);
    }
    resolved[name] = given ?? fallback;
  }
  const reason = factor.validate(resolved);
  if (reason !== null) throw new InvalidParamsError(factor.id, reason);
  return Object.freeze(resolved);
}
