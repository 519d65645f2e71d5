import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROTOCOL_FILES } from '@wf/walk-forward';
import type { BenchScenario, OutputCheck } from './BenchScenario.js';
import { ScenarioFailedError } from '../errors.js';

export type NightlyScenarioOptions = {
  /** The wf-gates script (the bundle the nightly runs). */
  readonly gatesScript: string;
  readonly nodePath: string;
  readonly configFor: (scenarioId: string) => string;
  /** The full prices folder ("tonight"). */
  readonly pricesDir: string;
  /** Shard processes of each run. */
  readonly shards: number;
  /** Days held back for the "next night" scenario: one test window (63 on the S&P nightly). */
  readonly nextNightDays: number;
};

type Night = { readonly id: string; readonly title: string; readonly heldBack: number | null; readonly baseline: boolean };

/**
 * The nightly workload (issue "Nightly runs that can be trusted and that reuse every unchanged
 * window"): tonight's full prices through `wf-gates --use-cache`, starting from
 * - `night-cold` (baseline): an empty cache;
 * - `night-next`: the cache of last night's run, when the last `nextNightDays` dates did not
 *   exist yet (one new window per factor);
 * - `night-one-day`: the cache of a run one date ago (no new window);
 * - `night-same`: the cache of a run on the same data (nothing new at all).
 * Last night's run is made once per scenario (unmeasured, on a copy of the prices with the
 * last dates cut) and its cache is restored before every measured run, so each run measures
 * exactly one night. Every scenario writes the same protocol and gate files.
 */
export function nightlyScenarios(options: NightlyScenarioOptions): BenchScenario[] {
  const nights: Night[] = [
    { id: 'night-cold', title: 'tonight on an empty cache', heldBack: null, baseline: true },
    { id: 'night-next', title: `last night's cache, ${options.nextNightDays} new days (one new window per factor)`, heldBack: options.nextNightDays, baseline: false },
    { id: 'night-one-day', title: "last night's cache, one new day (no new window)", heldBack: 1, baseline: false },
    { id: 'night-same', title: 'the cache of a run on the same data', heldBack: 0, baseline: false },
  ];
  const outputs: OutputCheck[] = [...PROTOCOL_FILES.map((file) => file.name), 'gate_report.csv', 'gate_report.json'].map((file) => ({ file, ignoreKeys: [] }));
  return nights.map((night) => ({
    id: night.id,
    group: 'nightly',
    title: night.title,
    baseline: night.baseline,
    outputs,
    plan: ({ runDir, stateDir }) => {
      const cacheDir = join(runDir, 'cache');
      const lastNight = join(stateDir, 'last-night');
      const gates = (prices: string, out: string, cache: string, compareTo: string | null): string[] => [
        options.gatesScript,
        '--config',
        options.configFor(night.id),
        '--prices',
        prices,
        '--out',
        out,
        '--cache-dir',
        cache,
        '--use-cache',
        '--wf-shards',
        String(options.shards),
        '--log-level',
        'warn',
        ...(compareTo === null ? [] : ['--compare-to', compareTo]),
      ];
      const outDir = join(runDir, 'tonight');
      // A real night: the same folder as last night, its files now with the held-back days
      // appended (the vendor's update), so tonight reads what last night's stat index saw.
      const folder = night.heldBack !== null && night.heldBack > 0 ? join(stateDir, 'prices') : options.pricesDir;
      return {
        processes: [gates(folder, outDir, cacheDir, night.heldBack === null ? null : join(lastNight, 'run'))],
        mergeShards: null,
        outputDir: outDir,
        okExitCodes: [0, 1],
        recordedDirs: [],
        prepare: () => {
          if (night.heldBack === null) return;
          if (!existsSync(join(lastNight, 'done'))) {
            rmSync(lastNight, { recursive: true, force: true });
            // Only the scenario's own copy is ever rewritten, never the input folder.
            if (folder !== options.pricesDir) {
              rmSync(folder, { recursive: true, force: true });
              writeHeldBackPrices({ pricesDir: options.pricesDir, outDir: folder, heldBackDates: night.heldBack });
            }
            const args = gates(folder, join(lastNight, 'run'), join(lastNight, 'cache'), null);
            const result = spawnSync(options.nodePath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
            if (result.status !== 0 && result.status !== 1) {
              throw new ScenarioFailedError({ scenario: night.id, command: `node ${args.join(' ')}`, exitCode: result.status, signal: result.signal, stderrTail: result.stderr.slice(-2000) });
            }
            writeFileSync(join(lastNight, 'done'), '');
          }
          cpSync(join(lastNight, 'cache'), cacheDir, { recursive: true });
          if (folder !== options.pricesDir) {
            for (const name of readdirSync(options.pricesDir)) cpSync(join(options.pricesDir, name), join(folder, name));
          }
        },
      };
    },
  }));
}

/**
 * Copies a prices folder without its last `heldBackDates` calendar dates (the union of the
 * files' dates): what the folder looked like that many trading days ago.
 */
export function writeHeldBackPrices(options: { readonly pricesDir: string; readonly outDir: string; readonly heldBackDates: number }): void {
  const files = readdirSync(options.pricesDir).filter((name) => name.endsWith('.csv')).sort();
  const texts = files.map((name) => readFileSync(join(options.pricesDir, name), 'utf8'));
  const dates = new Set<string>();
  for (const text of texts) for (const line of text.split('\n').slice(1)) if (line !== '') dates.add(line.slice(0, line.indexOf(',')));
  const calendar = [...dates].sort();
  const cutoff = calendar[calendar.length - options.heldBackDates] ?? '';
  mkdirSync(options.outDir, { recursive: true });
  files.forEach((name, k) => {
    const lines = (texts[k] as string).split('\n');
    const kept = [lines[0], ...lines.slice(1).filter((line) => line !== '' && line.slice(0, line.indexOf(',')) < cutoff)];
    writeFileSync(join(options.outDir, name), `${kept.join('\n')}\n`);
  });
}
