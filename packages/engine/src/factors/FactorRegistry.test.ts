import { describe, expect, it } from 'vitest';
import { createBuiltinRegistry } from './createBuiltinRegistry.js';
import { DuplicateFactorError, InvalidFactorDefinitionError, UnknownFactorError } from '../errors.js';
import type { FactorDefinition } from './FactorDefinition.js';
import { FactorRegistry } from './FactorRegistry.js';

function factor(id: string, overrides: Partial<FactorDefinition> = {}): FactorDefinition {
  return {
    id,
    description: `test factor ${id}`,
    defaults: { n: 1 },
    validate: () => null,
    compute: (_inputs, _params, out) => out.fill(0),
    ...overrides,
  };
}

describe('FactorRegistry', () => {
  it('returns registered factors by id and lists ids in code-point order', () => {
    const registry = new FactorRegistry();
    registry.register(factor('zeta'));
    registry.register(factor('Alpha'));
    registry.register(factor('beta'));
    expect(registry.ids()).toEqual(['Alpha', 'beta', 'zeta']);
    expect(registry.get('beta').description).toBe('test factor beta');
    expect(registry.has('beta')).toBe(true);
    expect(registry.has('gamma')).toBe(false);
  });

  it('rejects a second factor with the same id', () => {
    const registry = new FactorRegistry();
    registry.register(factor('alpha'));
    const error = captureError(() => registry.register(factor('alpha')));
    expect(error).toBeInstanceOf(DuplicateFactorError);
    expect(error).toMatchObject({ code: 'FACTOR_DUPLICATE', factorId: 'alpha', modulePath: null });
  });

  it('names the known ids when asked for an unknown one', () => {
    const registry = createBuiltinRegistry();
    const error = captureError(() => registry.get('momentun'));
    expect(error).toBeInstanceOf(UnknownFactorError);
    expect(error).toMatchObject({ code: 'FACTOR_UNKNOWN', factorId: 'momentun' });
    expect((error as Error).message).toBe(
      'unknown factor "momentun": expected one of amihud, bollinger, high_52w, low_liquidity, low_volatility, ma_cross, macd, momentum, reversal, rsi',
    );
  });

  it('rejects a malformed definition or one whose defaults fail its own validate', () => {
    const registry = new FactorRegistry();
    expect(() => registry.register(factor('has space'))).toThrow(InvalidFactorDefinitionError);
    expect(() => registry.register(factor('ok', { validate: () => 'n (1) is never valid' }))).toThrow(
      'invalid factor definition "ok": validate rejects the defaults: n (1) is never valid',
    );
    expect(registry.ids()).toEqual([]);
  });
});

describe('createBuiltinRegistry', () => {
  it('holds exactly the ten protocol factors, each with valid defaults', () => {
    const registry = createBuiltinRegistry();
    expect(registry.ids()).toEqual([
      'amihud',
      'bollinger',
      'high_52w',
      'low_liquidity',
      'low_volatility',
      'ma_cross',
      'macd',
      'momentum',
      'reversal',
      'rsi',
    ]);
    for (const id of registry.ids()) expect(registry.get(id).validate(registry.get(id).defaults)).toBeNull();
  });

  it('makes independent registries', () => {
    const first = createBuiltinRegistry();
    first.register(factor('extra'));
    expect(createBuiltinRegistry().has('extra')).toBe(false);
  });
});

function captureError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
