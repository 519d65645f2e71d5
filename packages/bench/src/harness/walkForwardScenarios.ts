import { join } from 'node:path';
import { PROTOCOL_FILES } from '@wf/walk-forward';
import type { BenchScenario, OutputCheck } from './BenchScenario.js';

export type WalkForwardScenarioOptions = {
  /** The compiled wf-walk-forward script. */
  readonly script: string;
  /** The config of each scenario (the harness substitutes a perturbed copy for a planted difference). */
  readonly configFor: (scenarioId: string) => string;
  readonly pricesDir: string | null;
  /** Shard processes of the parallel scenarios (>= 1). */
  readonly shards: number;
};

type Variant = { readonly id: string; readonly title: string; readonly shards: number; readonly signalCache: boolean; readonly baseline: boolean };

/**
 * Walk-forward scenarios (DESIGN.md nightly step 3). Every one yields the four protocol
 * files (PROTOCOL_FILES), which must be byte-identical across all of them:
 * - `wf-baseline-serial` (baseline): one shard, no signal cache;
 * - `wf-shard-parallel`: N shard processes at once, merged, no signal cache;
 * - `wf-shard-cache-warm`: the same with the signal cache warmed by the warm-up run (the nightly setting).
 * The binary panel cache is on in all of them (wf-walk-forward always uses it), warm
 * after the warm-up run.
 */
export function walkForwardScenarios(options: WalkForwardScenarioOptions): BenchScenario[] {
  const n = options.shards;
  const variants: Variant[] = [
    { id: 'wf-baseline-serial', title: 'one shard, no signal cache', shards: 1, signalCache: false, baseline: true },
    { id: 'wf-shard-parallel', title: `${n} shards in parallel, no signal cache`, shards: n, signalCache: false, baseline: false },
    { id: 'wf-shard-cache-warm', title: `${n} shards in parallel, warm signal cache`, shards: n, signalCache: true, baseline: false },
  ];
  const outputs: OutputCheck[] = PROTOCOL_FILES.map((file) => ({ file: file.name, ignoreKeys: [] }));
  return variants.map((v) => ({
    id: v.id,
    group: 'walk-forward',
    title: v.title,
    baseline: v.baseline,
    outputs,
    plan: ({ runDir, stateDir }) => {
      const shardDirs = Array.from({ length: v.shards }, (_, k) => join(runDir, `shard-${k}`));
      const processes = shardDirs.map((dir, k) => [
        options.script,
        '--config',
        options.configFor(v.id),
        ...(options.pricesDir === null ? [] : ['--prices', options.pricesDir]),
        '--out',
        dir,
        '--cache-dir',
        join(stateDir, 'cache'),
        '--shard-index',
        String(k),
        '--shard-count',
        String(v.shards),
        '--log-level',
        'warn',
        ...(v.signalCache ? ['--use-cache'] : []),
      ]);
      // One shard's folder is the output itself; several are merged as the nightly does.
      return v.shards === 1
        ? { processes, mergeShards: null, outputDir: shardDirs[0] as string, recordedDirs: [] }
        : { processes, mergeShards: shardDirs, outputDir: join(runDir, 'merged'), recordedDirs: [] };
    },
  }));
}
