import { runWalkForward } from '@wf/walk-forward';
import type { RunWalkForwardOptions } from '@wf/walk-forward';

/** Wall time and peak memory of one runWalkForward call, for benchmarks (never protocol files). */
export type WalkForwardMeasurement = {
  readonly wallMs: number;
  /** Peak resident set size of this process so far (process.resourceUsage().maxRSS), in KiB. */
  readonly maxRssKb: number;
  readonly unitsRun: number;
  readonly cacheHits: number;
  readonly signalsComputed: number;
  readonly panelSource: 'csv' | 'cache' | 'appended';
};

/**
 * Runs `options` and measures it. The peak memory is the process's, so run one
 * measurement per fresh process (the bench CLI spawns a child per measurement).
 */
export async function measureWalkForwardRun(options: RunWalkForwardOptions): Promise<WalkForwardMeasurement> {
  let cacheHits = 0;
  let signalsComputed = 0;
  let panelSource: 'csv' | 'cache' | 'appended' = 'csv';
  const startedMs = performance.now();
  const result = await runWalkForward({
    ...options,
    onEvent: (event) => {
      if (event.type === 'panel loaded') panelSource = event.source;
      if (event.type === 'run done') {
        cacheHits = event.cacheHits;
        signalsComputed = event.signalsComputed;
      }
      options.onEvent?.(event);
    },
  });
  const wallMs = performance.now() - startedMs;
  return { wallMs, maxRssKb: process.resourceUsage().maxRSS, unitsRun: result.unitsRun, cacheHits, signalsComputed, panelSource };
}
