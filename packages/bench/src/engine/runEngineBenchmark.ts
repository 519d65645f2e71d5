import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  BUILTIN_FACTORS,
  canonicalParams,
  computeSegmentMetrics,
  createMarketContext,
  createSimulationScratch,
  loadPanel,
  rankCrossSection,
  simulateSegment,
} from '@wf/engine';
import type { PortfolioConfig, UniverseConfig } from '@wf/engine';
import type { TimingSummary } from '../measure/summarizeTimings.js';
import { summarizeTimings } from '../measure/summarizeTimings.js';

export type EngineBenchmarkOptions = {
  readonly pricesDir: string;
  /** Scratch folder for the binary panel cache (created; its panel entry is rebuilt). */
  readonly cacheDir: string;
  /** Measured runs of each figure (after one warm-up for in-process figures). */
  readonly runs: number;
  readonly universe: UniverseConfig;
  readonly portfolio: PortfolioConfig;
  readonly onProgress?: (message: string) => void;
};

export type FactorEvaluationTiming = {
  readonly factor: string;
  readonly params: string;
  /** Score matrix (factor kernel). */
  readonly scores: TimingSummary;
  /** Scored set sorted per date. */
  readonly rank: TimingSummary;
  /** Daily long-short returns, IC and quantile returns over the whole panel, plus metrics. */
  readonly simulate: TimingSummary;
  /** The three together, per run. */
  readonly total: TimingSummary;
};

export type EngineBenchmarkResult = {
  readonly panel: { readonly symbols: number; readonly dates: number };
  /** Fresh process, CSV parse of every file (no cache). */
  readonly csvLoad: TimingSummary;
  /** Fresh process, panel served by the binary panel cache. */
  readonly cacheLoad: TimingSummary;
  readonly processMaxRssMiB: { readonly csv: number; readonly cache: number };
  /** Returns, universe and return ranking: once per process. */
  readonly marketContext: TimingSummary;
  readonly factors: readonly FactorEvaluationTiming[];
};

const probeScript = fileURLToPath(new URL('./probePanelLoad.js', import.meta.url));

type ProbeOutput = { elapsedMs: number; source: string; maxRssMiB: number };

function probe(mode: 'csv' | 'cache', options: EngineBenchmarkOptions): ProbeOutput {
  const result = spawnSync(process.execPath, [probeScript, mode, options.pricesDir, options.cacheDir], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`panel load probe (${mode}) failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as ProbeOutput;
}

/**
 * The engine's benchmark of issue 2: CSV load and binary panel cache load of a prices
 * folder (each in fresh processes), and one full-panel evaluation of every built-in factor
 * at its defaults split into score matrix, ranking and simulation.
 */
export async function runEngineBenchmark(options: EngineBenchmarkOptions): Promise<EngineBenchmarkResult> {
  const say = options.onProgress ?? ((): void => undefined);
  const csvSamples: number[] = [];
  let csvRss = 0;
  for (let run = 0; run < options.runs; run++) {
    const out = probe('csv', options);
    csvSamples.push(out.elapsedMs);
    csvRss = Math.max(csvRss, out.maxRssMiB);
    say(`csv load ${run + 1}/${options.runs}: ${out.elapsedMs.toFixed(0)} ms`);
  }
  // Build the panel cache entry, then measure warm loads.
  await loadPanel({ pricesDir: options.pricesDir, cacheDir: options.cacheDir, refreshCache: true });
  const cacheSamples: number[] = [];
  let cacheRss = 0;
  for (let run = 0; run < options.runs; run++) {
    const out = probe('cache', options);
    if (out.source !== 'cache') throw new Error(`panel cache probe was served from ${out.source}, expected the cache`);
    cacheSamples.push(out.elapsedMs);
    cacheRss = Math.max(cacheRss, out.maxRssMiB);
    say(`cache load ${run + 1}/${options.runs}: ${out.elapsedMs.toFixed(1)} ms`);
  }

  const loaded = await loadPanel({ pricesDir: options.pricesDir, cacheDir: options.cacheDir });
  const { panel } = loaded;
  const contextSamples: number[] = [];
  let context = createMarketContext({ panel, dataFingerprint: loaded.fingerprint, universe: options.universe });
  for (let run = 0; run < options.runs; run++) {
    const started = performance.now();
    context = createMarketContext({ panel, dataFingerprint: loaded.fingerprint, universe: options.universe });
    contextSamples.push(performance.now() - started);
  }

  const scores = new Float64Array(panel.nDates * panel.nSymbols);
  const scratch = createSimulationScratch(panel.nSymbols);
  const factors: FactorEvaluationTiming[] = [];
  for (const factor of BUILTIN_FACTORS) {
    const samples = { scores: [] as number[], rank: [] as number[], simulate: [] as number[], total: [] as number[] };
    for (let run = 0; run <= options.runs; run++) {
      const t0 = performance.now();
      factor.compute({ panel, returns: context.returns }, factor.defaults, scores);
      const t1 = performance.now();
      const ranking = rankCrossSection({ values: scores, nDates: panel.nDates, nSymbols: panel.nSymbols, universe: context.universe });
      const t2 = performance.now();
      const series = simulateSegment({
        returns: context.returns,
        returnRanking: context.returnRanking,
        scores,
        scoreRanking: ranking,
        nSymbols: panel.nSymbols,
        portfolio: options.portfolio,
        start: 1,
        end: panel.nDates - 1,
        scratch,
      });
      computeSegmentMetrics(series);
      const t3 = performance.now();
      if (run === 0) continue; // warm-up
      samples.scores.push(t1 - t0);
      samples.rank.push(t2 - t1);
      samples.simulate.push(t3 - t2);
      samples.total.push(t3 - t0);
    }
    const timing: FactorEvaluationTiming = {
      factor: factor.id,
      params: canonicalParams(factor.defaults),
      scores: summarizeTimings(samples.scores),
      rank: summarizeTimings(samples.rank),
      simulate: summarizeTimings(samples.simulate),
      total: summarizeTimings(samples.total),
    };
    say(`${factor.id}: ${timing.total.medianMs} ms`);
    factors.push(timing);
  }
  return {
    panel: { symbols: panel.nSymbols, dates: panel.nDates },
    csvLoad: summarizeTimings(csvSamples),
    cacheLoad: summarizeTimings(cacheSamples),
    processMaxRssMiB: { csv: Math.round(csvRss), cache: Math.round(cacheRss) },
    marketContext: summarizeTimings(contextSamples),
    factors,
  };
}
