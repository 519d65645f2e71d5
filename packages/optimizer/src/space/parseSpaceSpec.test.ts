import { describe, expect, it } from 'vitest';
import { InvalidSpaceError } from '../errors.js';
import { parseSpaceSpec } from './parseSpaceSpec.js';

describe('parseSpaceSpec', () => {
  it('reads the flat and the structured shapes and infers int vs float ranges', () => {
    expect(parseSpaceSpec({ lookback: [5, 10] }, 'f')).toEqual({ params: { lookback: { kind: 'list', values: [5, 10] } }, portfolio: {} });
    const spec = parseSpaceSpec(
      { params: { a: { min: 1, max: 9, step: 2 }, b: { min: 0, max: 1, step: 0.25 }, c: { min: 1, max: 100, count: 5, scale: 'log', type: 'float' } }, portfolio: { cost_bps: [0, 5] } },
      'f',
    );
    expect(spec.params).toEqual({
      a: { kind: 'int', min: 1, max: 9, step: 2 },
      b: { kind: 'float', min: 0, max: 1, step: 0.25 },
      c: { kind: 'log', min: 1, max: 100, count: 5, integer: false },
    });
    expect(spec.portfolio).toEqual({ cost_bps: { kind: 'list', values: [0, 5] } });
  });

  it('collects every problem with its key path', () => {
    let error: unknown;
    try {
      parseSpaceSpec({ params: { a: [], b: { min: 5, max: 1, step: 0 }, c: { min: 0, max: 10, count: 3, scale: 'log' } }, portfolio: { min_names: [5] } }, 'space.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidSpaceError);
    const problems = (error as InvalidSpaceError).problems.map((p) => p.keyPath);
    expect(problems).toEqual(['params.a', 'params.b.max', 'params.b.step', 'params.c.min', 'portfolio.min_names']);
    expect((error as Error).message).toContain('space.yaml');
  });
});

describe('parseSpaceSpec reserved names', () => {
  const problemsOf = (raw: unknown): string[] => {
    try {
      parseSpaceSpec(raw, 'space.json');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidSpaceError);
      return (error as InvalidSpaceError).problems.map((p) => `${p.keyPath}: ${p.problem}`);
    }
    throw new Error('expected an InvalidSpaceError');
  };

  it('refuses __proto__, constructor and prototype as parameter names instead of dropping them', () => {
    // JSON.parse keeps `__proto__` as an own key, as the yaml library does.
    expect(problemsOf(JSON.parse('{"__proto__": [1, 2], "lookback": [5]}'))).toEqual(['__proto__: "__proto__" is a reserved name, not a parameter']);
    expect(problemsOf(JSON.parse('{"params": {"constructor": [1]}, "__proto__": {"x": [1]}}'))).toEqual([
      '__proto__: "__proto__" is a reserved name, not a parameter',
      'params.constructor: "constructor" is a reserved name, not a parameter',
    ]);
  });
});
