import { describe, expect, it } from 'vitest';
import { UnknownParamError } from '@wf/engine';
import { builtinFactor, PORTFOLIO } from '../../test/fixtures.js';
import { protocolCandidates } from '../selection/protocolCandidates.js';
import { InvalidSpaceError } from '../errors.js';
import { ParameterSpace } from './ParameterSpace.js';
import { parseSpaceSpec } from './parseSpaceSpec.js';
import { spaceSpecFromFactorSpec } from './spaceSpecFromFactorSpec.js';

function space(factorId: string, raw: unknown): ParameterSpace {
  return new ParameterSpace({ factor: builtinFactor(factorId), spec: parseSpaceSpec(raw, 'test'), portfolio: PORTFOLIO, source: 'test' });
}

function decodeAll(s: ParameterSpace): string[] {
  const out: string[] = [];
  for (let k = 0; k < s.size; k++) {
    const c = s.decode(k);
    if (c !== null) out.push(c.portfolioText === '' ? c.paramsText : `${c.paramsText}|${c.portfolioText}`);
  }
  return out;
}

describe('ParameterSpace', () => {
  it('decodes a list space in PROTOCOL section 7 order, exactly as protocolCandidates, dropping fast >= slow', () => {
    const factor = builtinFactor('ma_cross');
    const spec = { id: 'ma_cross', space: { slow: [20, 50, 10], fast: [10, 20, 50] } };
    const s = new ParameterSpace({ factor, spec: spaceSpecFromFactorSpec(spec), portfolio: PORTFOLIO, source: 'config' });
    expect(s.size).toBe(9);
    expect(decodeAll(s)).toEqual(protocolCandidates(factor, spec).map((c) => c.paramsText));
    expect(decodeAll(s)).toEqual(['fast=10;slow=20', 'fast=10;slow=50', 'fast=20;slow=50']);
  });

  it('expands int, float and log ranges and puts portfolio settings after factor params, last fastest', () => {
    const s = space('momentum', {
      params: { lookback: { min: 100, max: 300, step: 100 }, skip: { min: 5, max: 20, count: 3, scale: 'log' } },
      portfolio: { cost_bps: { min: 0.1, max: 0.3, step: 0.1 }, holding_days: [1, 5] },
    });
    expect(s.dimensions.map((d) => d.name)).toEqual(['lookback', 'skip', 'cost_bps', 'holding_days']);
    expect(s.size).toBe(3 * 3 * 3 * 2);
    const all = decodeAll(s);
    expect(all.slice(0, 4)).toEqual([
      'lookback=100;skip=5|cost_bps=0.1;holding_days=1',
      'lookback=100;skip=5|cost_bps=0.1;holding_days=5',
      'lookback=100;skip=5|cost_bps=0.2;holding_days=1',
      'lookback=100;skip=5|cost_bps=0.2;holding_days=5',
    ]);
    // log points 5, 10, 20; cost 0.3 (not 0.30000000000000004) is included
    expect(all).toContain('lookback=300;skip=20|cost_bps=0.3;holding_days=5');
    expect(all).toContain('lookback=100;skip=10|cost_bps=0.1;holding_days=1');
    const c = s.decode(s.size - 1);
    expect(c?.portfolio).toEqual({ ...PORTFOLIO, costBps: 0.3, holdingDays: 5 });
  });

  it('decodes any index of a grid of more than a billion points without materialising it', () => {
    const s = space('momentum', { lookback: { min: 2, max: 100001, step: 1 }, skip: { min: 0, max: 99999, step: 1 } });
    expect(s.size).toBe(100000 * 100000);
    expect(s.decode(s.size - 1)?.paramsText).toBe('lookback=100001;skip=99999');
    expect(s.decode(5 * 100000 + 3)?.paramsText).toBe('lookback=7;skip=3');
    expect(s.decode(3 * 100000 + 5)).toBeNull(); // skip 5 >= lookback 5
    const digits = new Int32Array(2);
    s.digitsOf(123456789, digits);
    expect(s.indexOf(digits)).toBe(123456789);
  });

  it('drops candidates whose quantiles exceed min_names', () => {
    const s = space('reversal', { params: { lookback: [5] }, portfolio: { quantiles: [5, 10, 20] } });
    expect(decodeAll(s)).toEqual(['lookback=5|quantiles=5', 'lookback=5|quantiles=10']);
  });

  it('rejects an unknown parameter, a mistyped value and a bad portfolio value', () => {
    expect(() => space('reversal', { lookbak: [5] })).toThrow(UnknownParamError);
    expect(() => space('reversal', { lookback: ['5'] })).toThrow(/value "5" must be a number/);
    expect(() => space('reversal', { params: { lookback: [5] }, portfolio: { holding_days: [0] } })).toThrow(InvalidSpaceError);
  });
});
