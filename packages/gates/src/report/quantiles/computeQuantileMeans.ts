import { BacktestEngine, createBuiltinRegistry, createMarketContext, loadFactorModule, loadPanel, loadPanelOptionsOf, registerExternalFactors, SignalCache } from '@wf/engine';
import type { FactorParams, LoadedPanel, WalkForwardConfig } from '@wf/engine';
import { protocolCandidates } from '@wf/optimizer';
import { planWindows } from '@wf/walk-forward';
import type { QuantileMeans } from '../html/collectHtmlReportData.js';
import type { WindowSummary } from '../readWindowSummaries.js';

export type ComputeQuantileMeansOptions = {
  /** The run's validated config (data.prices already overridden by `--prices`). */
  readonly config: WalkForwardConfig;
  /** The summary rows by factor: each window's selected params. */
  readonly windows: ReadonlyMap<string, readonly WindowSummary[]>;
  /** Cache root: the binary panel and the universe are read from it (computed and stored on a miss). */
  readonly cacheDir: string;
  /** The panel when the caller already holds it (else read through the panel cache). */
  readonly panel?: LoadedPanel | null;
  /** With the run's code identity: read (and fill) the signal cache the shards filled, so a warm night computes no signal. */
  readonly signalCache?: { readonly codeSha256: string } | null;
};

/**
 * q1..qQ of PROTOCOL section 5 for every factor: per window, the mean daily return of each
 * quantile of the window's selected params over its test segment (the segment metrics the
 * shard computed but the protocol files do not carry), and over all its test days. For the
 * HTML report: one engine per factor, each selected parameter set's daily table computed once
 * (or read from the signal cache).
 */
export async function computeQuantileMeans(options: ComputeQuantileMeansOptions): Promise<Map<string, QuantileMeans>> {
  const { config } = options;
  const registry = createBuiltinRegistry();
  for (const modulePath of config.factorModules) await loadFactorModule(registry, modulePath);
  await registerExternalFactors(registry, config.factors);
  const loaded = options.panel ?? (await loadPanel({ ...loadPanelOptionsOf(config.data), cacheDir: options.cacheDir }));
  const context = createMarketContext({ panel: loaded.panel, dataFingerprint: loaded.fingerprint, universe: config.universe, cacheDir: options.cacheDir });
  const signalCache = options.signalCache == null ? null : new SignalCache({ dir: options.cacheDir, refresh: false, codeIdentity: options.signalCache.codeSha256 });
  const planned = planWindows({ windows: config.windows, nDates: loaded.panel.nDates });
  const q = config.portfolio.quantiles;
  const result = new Map<string, QuantileMeans>();
  for (const spec of config.factors) {
    const rows = options.windows.get(spec.id);
    if (rows === undefined || rows.length === 0) continue;
    const factor = registry.get(spec.id);
    const paramsOf = new Map<string, FactorParams>(protocolCandidates(factor, spec).map((c) => [c.paramsText, c.params]));
    // Rank and simulate only from the first test day on (the train segments are not needed);
    // scores still span the history, and full signal cache entries are still read.
    const firstDay = Math.min(...rows.map((row) => planned[row.window]?.testStart ?? 1));
    const engine = new BacktestEngine({ context, factor, portfolio: config.portfolio, signalCache, memoizeSignals: false, firstDay });
    const sums = new Float64Array(q);
    const counts = new Float64Array(q);
    const byWindow: number[][] = [];
    for (const row of rows) {
      const win = planned[row.window];
      const params = paramsOf.get(row.params);
      if (win === undefined || params === undefined) {
        byWindow.push(new Array<number>(q).fill(Number.NaN));
        continue;
      }
      const { series, metrics } = engine.evaluate({ params, segment: { start: win.testStart, end: win.testEnd } });
      byWindow.push([...metrics.quantileMeans]);
      const values = series.quantileReturns;
      for (let j = 0; j < values.length; j++) {
        const x = values[j] as number;
        if (Number.isFinite(x)) {
          const k = j % q;
          sums[k] = (sums[k] as number) + x;
          counts[k] = (counts[k] as number) + 1;
        }
      }
    }
    const overall = Array.from(sums, (sum, k) => ((counts[k] as number) > 0 ? sum / (counts[k] as number) : Number.NaN));
    result.set(spec.id, { overall, byWindow });
  }
  return result;
}
