import { describe, expect, it } from 'vitest';
import type { GatePlan } from '../plan/planGateRun.js';
import { computeFreeze, diffFreeze } from './FactorFreeze.js';

const plan = (factors: { id: string; candidates: string[] }[], modules: { path: string; sha256: string }[] = []): GatePlan =>
  ({ factors: factors.map((f) => ({ ...f, costHint: 1 })), factorModules: modules }) as unknown as GatePlan;

describe('computeFreeze and diffFreeze', () => {
  const base = plan([
    { id: 'momentum', candidates: ['lookback=126;skip=0', 'lookback=252;skip=0'] },
    { id: 'reversal', candidates: ['lookback=5'] },
  ]);

  it('gives equal freezes for equal factor sets and no difference', () => {
    const a = computeFreeze(base, '/repo/manifests/freeze.json');
    const b = computeFreeze(plan([...base.factors.map((f) => ({ id: f.id, candidates: [...f.candidates] }))]), '/repo/manifests/freeze.json');
    expect(b).toEqual(a);
    expect(diffFreeze(a, b)).toEqual([]);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lists added, removed and changed factors in id order, and changed modules', () => {
    const frozen = computeFreeze(base, '/repo/freeze.json');
    const current = computeFreeze(
      plan(
        [
          { id: 'amihud', candidates: ['lookback=20'] },
          { id: 'momentum', candidates: ['lookback=126;skip=0'] },
        ],
        [{ path: '/repo/user/factors.mjs', sha256: 'ab'.repeat(32) }],
      ),
      '/repo/freeze.json',
    );
    expect(current.factorModules).toEqual([{ path: 'user/factors.mjs', sha256: 'ab'.repeat(32) }]);
    expect(current.sha256).not.toBe(frozen.sha256);
    expect(diffFreeze(frozen, current)).toEqual([
      '+ amihud (not in the freeze)',
      '~ momentum: candidates [lookback=126;skip=0 | lookback=252;skip=0] -> [lookback=126;skip=0]',
      '- reversal (frozen, not in the config)',
      `~ factor modules: [none] -> [user/factors.mjs@${'ab'.repeat(6)}]`,
    ]);
  });
});
