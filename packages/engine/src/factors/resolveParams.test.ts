import { describe, expect, it } from 'vitest';
import { momentum } from './builtin/momentum.js';
import { InvalidParamsError, UnknownParamError } from '../errors.js';
import { resolveParams } from './resolveParams.js';

describe('resolveParams', () => {
  it('fills missing parameters with their defaults', () => {
    expect(resolveParams(momentum, {})).toEqual({ lookback: 252, skip: 21 });
    expect(resolveParams(momentum, { lookback: 126 })).toEqual({ lookback: 126, skip: 21 });
    expect(resolveParams(momentum, { skip: 0, lookback: 60 })).toEqual({ lookback: 60, skip: 0 });
  });

  it('returns a frozen object with keys in code-point order', () => {
    const params = resolveParams(momentum, { skip: 5 });
    expect(Object.isFrozen(params)).toBe(true);
    expect(Object.keys(params)).toEqual(['lookback', 'skip']);
  });

  it('rejects an unknown parameter name, naming the factor and the parameter', () => {
    let caught: unknown;
    try {
      resolveParams(momentum, { lookbak: 20 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnknownParamError);
    expect(caught).toMatchObject({ code: 'FACTOR_PARAM_UNKNOWN', factorId: 'momentum', param: 'lookbak', knownParams: ['lookback', 'skip'] });
    expect((caught as Error).message).toBe('factor "momentum" has no parameter "lookbak": expected one of lookback, skip');
  });

  it('rejects a set that breaks the constraints, with the factor reason', () => {
    expect(() => resolveParams(momentum, { lookback: 21 })).toThrow(
      new InvalidParamsError('momentum', 'skip (21) must be less than lookback (21)'),
    );
    expect(() => resolveParams(momentum, { lookback: 21 })).toThrow(InvalidParamsError);
  });

  it('rejects a value whose type differs from its default', () => {
    expect(() => resolveParams(momentum, { lookback: '126' })).toThrow(
      'invalid parameters for factor "momentum": lookback ("126") must be a number like its default (252)',
    );
  });
});
