import { createBuiltinRegistry } from '@wf/engine';
import { describe, expect, test } from 'vitest';
import { protocolCandidates } from './protocolCandidates.js';
import { SpaceValueNeverValidError } from '../errors.js';

const registry = createBuiltinRegistry();

function failure(id: string, space: Record<string, (number | string | boolean)[]>): unknown {
  try {
    protocolCandidates(registry.get(id), { id, space });
  } catch (error) {
    return error;
  }
  return null;
}

describe('protocolCandidates', () => {
  test('drops combinations that fail the constraints, keeps values valid in some combination', () => {
    const candidates = protocolCandidates(registry.get('ma_cross'), { id: 'ma_cross', space: { fast: [10, 50], slow: [50, 100] } });
    expect(candidates.map((c) => c.paramsText)).toEqual(['fast=10;slow=50', 'fast=10;slow=100', 'fast=50;slow=100']);
  });

  test('a negative value in a space list is an error naming the key path and value, not dropped silently', () => {
    const error = failure('momentum', { lookback: [126, -5, 252], skip: [0, 21] });
    expect(error).toBeInstanceOf(SpaceValueNeverValidError);
    const e = error as SpaceValueNeverValidError;
    expect([e.code, e.factorId, e.param, e.index, e.value]).toEqual(['SPACE_VALUE_NEVER_VALID', 'momentum', 'lookback', 1, -5]);
    expect(e.message).toMatch(/^factor momentum: space\.lookback\[1\] = -5 fails the factor's constraints in every combination \(.*lookback.*\); remove or correct it$/);
  });

  test('a value that fails only in combination with every other value is dropped, as section 7 says', () => {
    const candidates = protocolCandidates(registry.get('ma_cross'), { id: 'ma_cross', space: { fast: [10, 300], slow: [50, 200] } });
    expect(candidates.map((c) => c.paramsText)).toEqual(['fast=10;slow=50', 'fast=10;slow=200']);
  });

  test('a space of valid values is accepted', () => {
    expect(failure('momentum', { lookback: [126, 252], skip: [0, 21] })).toBeNull();
  });
});
