import { canonicalParams, compareCodePoints, resolveParams } from '@wf/engine';
import type { FactorDefinition, FactorSpec, ParamValue } from '@wf/engine';
import type { Candidate } from './Candidate.js';
import { EmptySpaceError, SpaceValueNeverValidError } from '../errors.js';

/**
 * The candidates of a config factor entry in PROTOCOL section 7 order: fixed `params` give
 * one candidate; a `space` gives its grid with keys sorted, values as listed and the last
 * key fastest, missing parameters at their defaults, and candidates failing the factor's
 * constraints dropped. Throws SpaceValueNeverValidError for a negative list value that no
 * valid candidate holds, of a parameter whose default is not negative (a lookback of -5:
 * dropping it silently would hide a config mistake), EmptySpaceError when no candidate is
 * left, UnknownParamError on an unknown parameter.
 */
export function protocolCandidates(factor: FactorDefinition, spec: FactorSpec): Candidate[] {
  const candidates: Candidate[] = [];
  if (spec.space === undefined) {
    const params = resolveParams(factor, spec.params ?? {});
    return [{ params, paramsText: canonicalParams(params) }];
  }
  const keys = Object.keys(spec.space).sort(compareCodePoints);
  const lists = keys.map((key) => spec.space?.[key] ?? []);
  const digits = new Array<number>(keys.length).fill(0);
  const total = lists.reduce((n, list) => n * list.length, 1);
  // Per list value: did a valid candidate hold it, and why the first invalid one that held it failed.
  const held = lists.map((list) => new Uint8Array(list.length));
  const reasons = lists.map((list) => new Array<string | null>(list.length).fill(null));
  for (let n = 0; n < total; n++) {
    const partial: Record<string, ParamValue> = {};
    for (let k = 0; k < keys.length; k++) {
      partial[keys[k] as string] = (lists[k] as readonly ParamValue[])[digits[k] as number] as ParamValue;
    }
    const full = { ...factor.defaults, ...partial };
    const problem = factor.validate(full);
    if (problem === null) {
      const params = resolveParams(factor, partial);
      candidates.push({ params, paramsText: canonicalParams(params) });
      for (let k = 0; k < keys.length; k++) (held[k] as Uint8Array)[digits[k] as number] = 1;
    } else {
      for (let k = 0; k < keys.length; k++) {
        const firstReasons = reasons[k] as (string | null)[];
        firstReasons[digits[k] as number] ??= problem;
      }
    }
    // Odometer increment: the last key moves fastest.
    for (let k = keys.length - 1; k >= 0; k--) {
      digits[k] = (digits[k] as number) + 1;
      if ((digits[k] as number) < (lists[k] as readonly ParamValue[]).length) break;
      digits[k] = 0;
    }
  }
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    const list = lists[k] as readonly ParamValue[];
    const fallback = factor.defaults[key];
    for (let index = 0; index < list.length; index++) {
      if ((held[k] as Uint8Array)[index] === 1) continue;
      const value = list[index] as ParamValue;
      // A negative number for a parameter whose default is not negative (a lookback of -5)
      // is a typo, not a constraint at work. A value that only fails together with the
      // other lists (lookback 20 with every skip >= 20) is dropped as section 7 says.
      if (typeof value === 'number' && value < 0 && typeof fallback === 'number' && fallback >= 0) {
        throw new SpaceValueNeverValidError({ factorId: factor.id, param: key, index, value, reason: (reasons[k] as (string | null)[])[index] ?? 'invalid' });
      }
    }
  }
  if (candidates.length === 0) throw new EmptySpaceError(factor.id);
  return candidates;
}
