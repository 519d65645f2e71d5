import { loadPanel, loadPanelOptionsOf, WindowCache } from '@wf/engine';
import type { CodeIdentity, LoadedPanel } from '@wf/engine';
import { planWindows, windowUnitKeys } from '@wf/walk-forward';
import type { GatePlan } from './planGateRun.js';

/** What the window cache holds of a planned run. */
export type UnitsToCompute = {
  /** The run's panel (the plan's when it loaded one, else loaded here through the panel cache). */
  readonly panel: LoadedPanel;
  /** Units (factor, window) whose window cache entry is missing: what the shards must compute. */
  readonly toCompute: number;
  readonly total: number;
};

/**
 * How many of a planned run's units the shards would have to compute rather than replay
 * from the window cache under `cacheDir`: the keys are the shards' own (windowUnitKeys, with
 * the run's code identity), the probe is an existence check per entry (a corrupt entry
 * counts as present; the shard that reads it recomputes the unit).
 */
export async function countUnitsToCompute(options: { readonly plan: GatePlan; readonly codeIdentity: CodeIdentity; readonly cacheDir: string }): Promise<UnitsToCompute> {
  const { plan, codeIdentity, cacheDir } = options;
  const panel =
    plan.loadedPanel ??
    (await loadPanel({ ...loadPanelOptionsOf(plan.config.data), cacheDir }));
  const windows = planWindows({ windows: plan.config.windows, nDates: panel.panel.nDates });
  const keyOf = windowUnitKeys({ config: plan.config, panel: panel.panel, codeIdentity: codeIdentity.sha256, windows });
  const cache = new WindowCache({ dir: cacheDir });
  let toCompute = 0;
  for (const factor of plan.factors) {
    for (const win of windows) if (!cache.has(keyOf(factor, win))) toCompute++;
  }
  return { panel, toCompute, total: plan.factors.length * windows.length };
}
