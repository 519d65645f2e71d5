import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FactorDefinition, FactorParams, ParamValue, WalkForwardConfig } from '@wf/engine';
import type { TimingSummary } from '../measure/summarizeTimings.js';
import { summarizeTimings } from '../measure/summarizeTimings.js';

/** The engine package's public API, as loaded from a build folder. */
type EngineModule = typeof import('@wf/engine');

export type KernelBenchmarkOptions = {
  /** Repository checkouts whose packages/engine/dist are compared, e.g. main's commit and this branch. */
  readonly engines: readonly { readonly label: string; readonly repoDir: string }[];
  readonly config: WalkForwardConfig;
  /** Measured runs per figure and engine (after one warm-up each). */
  readonly runs: number;
  /** Only these factor ids (all of the config's when empty). */
  readonly factorIds: readonly string[];
  readonly onProgress?: (message: string) => void;
};

/** One engine's figures for one candidate: CPU time of the process (robust on a shared machine) and wall time. */
export type EngineTimings = {
  readonly scoresCpu: TimingSummary;
  readonly scoresWall: TimingSummary;
  readonly evaluationCpu: TimingSummary;
  readonly evaluationWall: TimingSummary;
};

export type CandidateTiming = {
  readonly factor: string;
  readonly params: string;
  /** By engine label, in the order of `engines`. */
  readonly engines: Readonly<Record<string, EngineTimings>>;
  /** Whether every engine wrote the same score matrix, bit for bit. */
  readonly sameScores: boolean;
};

export type KernelBenchmarkResult = {
  readonly panel: { readonly symbols: number; readonly dates: number };
  readonly candidates: readonly CandidateTiming[];
};

/** Section 7 grid: keys sorted, values as listed, last key fastest; invalid combinations dropped. */
function expandCandidates(factor: FactorDefinition, space: Readonly<Record<string, readonly ParamValue[]>>): FactorParams[] {
  let grid: Record<string, ParamValue>[] = [{}];
  for (const key of Object.keys(space).sort()) {
    const next: Record<string, ParamValue>[] = [];
    for (const partial of grid) for (const value of space[key] ?? []) next.push({ ...partial, [key]: value });
    grid = next;
  }
  return grid.map((values) => ({ ...factor.defaults, ...values })).filter((params) => factor.validate(params) === null);
}

/** A full collection outside the timings when node runs with --expose-gc, so that no build pays for another's garbage. */
const collectGarbage = (): void => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
};

const cpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/**
 * Issue 10's benchmark: for every candidate of the config's factors, on the full panel, the
 * score matrix alone (`factor.compute`) and the full-panel evaluation a walk-forward pays per
 * candidate (a fresh BacktestEngine's daily table: scores, the per-date ranking and the daily
 * long-short, IC and quantile series), measured for several engine builds in one process,
 * alternating their order run by run so that load on a shared machine falls on all alike.
 */
export async function runKernelBenchmark(options: KernelBenchmarkOptions): Promise<KernelBenchmarkResult> {
  const say = options.onProgress ?? ((): void => undefined);
  const { config } = options;
  const engines: { label: string; module: EngineModule }[] = [];
  for (const { label, repoDir } of options.engines) {
    const url = pathToFileURL(join(repoDir, 'packages/engine/dist/index.js')).href;
    engines.push({ label, module: (await import(url)) as EngineModule });
  }
  const first = engines[0];
  if (first === undefined) throw new Error('runKernelBenchmark needs at least one engine');
  const loaded = await first.module.loadPanel({ pricesDir: config.data.prices });
  const { panel } = loaded;
  const contexts = engines.map(({ module }) => {
    const context = module.createMarketContext({ panel, dataFingerprint: loaded.fingerprint, universe: config.universe });
    void context.returnRanking; // computed once, outside the timings
    return context;
  });
  const cells = panel.nDates * panel.nSymbols;
  const outputs = engines.map(() => new Float64Array(cells));
  const candidates: CandidateTiming[] = [];
  for (const spec of config.factors) {
    if (options.factorIds.length > 0 && !options.factorIds.includes(spec.id)) continue;
    const definitions = engines.map(({ module }) => module.BUILTIN_FACTORS.find((factor) => factor.id === spec.id));
    if (definitions.some((definition) => definition === undefined)) continue; // user factors: not part of this benchmark
    const space = spec.space ?? Object.fromEntries(Object.entries(spec.params ?? {}).map(([key, value]) => [key, [value]]));
    for (const params of expandCandidates(definitions[0]!, space)) {
      const samples = engines.map(() => ({ scoresCpu: [] as number[], scoresWall: [] as number[], evaluationCpu: [] as number[], evaluationWall: [] as number[] }));
      for (let run = 0; run <= options.runs; run++) {
        const order = run % 2 === 0 ? engines.map((_, k) => k) : engines.map((_, k) => engines.length - 1 - k);
        for (const k of order) {
          const { module } = engines[k]!;
          const factor = definitions[k]!;
          const context = contexts[k]!;
          collectGarbage();
          let cpu = cpuMs();
          let wall = performance.now();
          factor.compute({ panel, returns: context.returns }, params, outputs[k]!);
          const scoresCpu = cpuMs() - cpu;
          const scoresWall = performance.now() - wall;
          collectGarbage();
          cpu = cpuMs();
          wall = performance.now();
          new module.BacktestEngine({ context, factor, portfolio: config.portfolio }).dailyTable(params);
          const evaluationCpu = cpuMs() - cpu;
          const evaluationWall = performance.now() - wall;
          if (run === 0) continue; // warm-up
          const s = samples[k]!;
          s.scoresCpu.push(scoresCpu);
          s.scoresWall.push(scoresWall);
          s.evaluationCpu.push(evaluationCpu);
          s.evaluationWall.push(evaluationWall);
        }
      }
      const reference = outputs[0]!;
      const sameScores = outputs.every((output) => output.every((x, k) => Object.is(x, reference[k])));
      const timing: CandidateTiming = {
        factor: spec.id,
        params: first.module.canonicalParams(params),
        engines: Object.fromEntries(
          engines.map(({ label }, k) => {
            const s = samples[k]!;
            const summary: EngineTimings = {
              scoresCpu: summarizeTimings(s.scoresCpu),
              scoresWall: summarizeTimings(s.scoresWall),
              evaluationCpu: summarizeTimings(s.evaluationCpu),
              evaluationWall: summarizeTimings(s.evaluationWall),
            };
            return [label, summary];
          }),
        ),
        sameScores,
      };
      say(`${timing.factor} ${timing.params}: ${engines.map(({ label }) => `${label} ${timing.engines[label]!.evaluationCpu.medianMs} ms`).join(', ')}`);
      candidates.push(timing);
    }
  }
  return { panel: { symbols: panel.nSymbols, dates: panel.nDates }, candidates };
}
