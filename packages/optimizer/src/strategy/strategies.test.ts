import { describe, expect, it } from 'vitest';
import { builtinFactor, PORTFOLIO } from '../../test/fixtures.js';
import { protocolCandidates } from '../selection/protocolCandidates.js';
import { ParameterSpace } from '../space/ParameterSpace.js';
import { parseSpaceSpec } from '../space/parseSpaceSpec.js';
import { spaceSpecFromFactorSpec } from '../space/spaceSpecFromFactorSpec.js';
import type { SweepCandidate } from '../sweep/SweepCandidate.js';
import { createStrategy } from './createStrategy.js';
import type { SearchStrategy, StrategyName } from './SearchStrategy.js';

const momentum = builtinFactor('momentum');
const bigSpace = new ParameterSpace({
  factor: momentum,
  spec: parseSpaceSpec({ params: { lookback: { min: 20, max: 400, step: 10 }, skip: { min: 0, max: 60, step: 3 } }, portfolio: { holding_days: [1, 2, 5] } }, 't'),
  portfolio: PORTFOLIO,
  source: 't',
});

/** Runs a strategy with a synthetic objective (peak at lookback 250, skip 21) fed back batch by batch. */
function drive(strategy: SearchStrategy, budget: number, batch: number): SweepCandidate[] {
  const out: SweepCandidate[] = [];
  while (out.length < budget) {
    const proposals = strategy.propose(Math.min(batch, budget - out.length));
    if (proposals.length === 0) break;
    out.push(...proposals);
    strategy.observe(
      proposals.map((candidate) => ({
        candidate,
        objective: -Math.abs((candidate.params['lookback'] as number) - 250) / 100 - Math.abs((candidate.params['skip'] as number) - 21) / 20,
      })),
    );
  }
  return out;
}

describe('search strategies', () => {
  it('grid proposes exactly protocolCandidates in order, in any batch size', () => {
    const spec = { id: 'momentum', space: { lookback: [21, 63, 126], skip: [0, 21, 63] } };
    const s = new ParameterSpace({ factor: momentum, spec: spaceSpecFromFactorSpec(spec), portfolio: PORTFOLIO, source: 'c' });
    const strategy = createStrategy({ name: 'grid', space: s, seed: 0 });
    const got = drive(strategy, 100, 2).map((c) => c.paramsText);
    expect(got).toEqual(protocolCandidates(momentum, spec).map((c) => c.paramsText));
    expect(strategy.rejected()).toBe(9 - got.length);
  });

  for (const name of ['random', 'tpe'] as StrategyName[]) {
    it(`${name}: the same seed gives the same candidates, another seed others, never a repeat`, () => {
      const a = drive(createStrategy({ name, space: bigSpace, seed: 5 }), 150, 16).map((c) => c.signature);
      const b = drive(createStrategy({ name, space: bigSpace, seed: 5 }), 150, 16).map((c) => c.signature);
      const c = drive(createStrategy({ name, space: bigSpace, seed: 6 }), 150, 16).map((c) => c.signature);
      expect(a).toHaveLength(150);
      expect(b).toEqual(a);
      expect(c).not.toEqual(a);
      expect(new Set(a).size).toBe(a.length);
    });
  }

  it('random exhausts a small space exactly once, constraint violators skipped', () => {
    const spec = { id: 'momentum', space: { lookback: [21, 63, 126], skip: [0, 21, 63] } };
    const s = new ParameterSpace({ factor: momentum, spec: spaceSpecFromFactorSpec(spec), portfolio: PORTFOLIO, source: 'c' });
    const got = drive(createStrategy({ name: 'random', space: s, seed: 9 }), 100, 4).map((c) => c.paramsText);
    expect([...got].sort()).toEqual(protocolCandidates(momentum, spec).map((c) => c.paramsText).sort());
  });

  it('tpe concentrates on the better region: its late proposals beat random ones on the synthetic objective', () => {
    const score = (c: SweepCandidate): number => -Math.abs((c.params['lookback'] as number) - 250) / 100 - Math.abs((c.params['skip'] as number) - 21) / 20;
    const mean = (xs: SweepCandidate[]): number => xs.reduce((s, c) => s + score(c), 0) / xs.length;
    const tpe = drive(createStrategy({ name: 'tpe', space: bigSpace, seed: 3 }), 200, 8).slice(100);
    const random = drive(createStrategy({ name: 'random', space: bigSpace, seed: 3 }), 200, 8).slice(100);
    expect(mean(tpe)).toBeGreaterThan(mean(random));
  });
});
