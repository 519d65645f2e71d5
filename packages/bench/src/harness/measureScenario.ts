import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { mergeShardOutputs } from '@wf/gates';
import { readProcessUsage, usageHookImport } from '../measure/readProcessUsage.js';
import type { BenchScenario } from './BenchScenario.js';
import { digestOutput, digestTree } from './digestOutput.js';
import { ScenarioFailedError } from '../errors.js';

/** Figures and output digests of one run of a scenario. */
export type ScenarioRunFigures = {
  readonly wallMs: number;
  /** User + system CPU of every process of the run (forked children included). */
  readonly cpuMs: number;
  /** Largest peak RSS of any one process, and the sum of the peaks (an upper bound of the run's total). */
  readonly peakRssMiB: number;
  readonly sumPeakRssMiB: number;
  readonly processes: number;
  readonly outputs: readonly { readonly file: string; readonly sha256: string; readonly comparedSha256: string }[];
  readonly recorded: readonly { readonly file: string; readonly sha256: string }[];
};

export type MeasureScenarioOptions = {
  readonly scenario: BenchScenario;
  /** The scenario's folder: `run/` is emptied before each run, `state/` persists. */
  readonly dir: string;
  readonly nodePath: string;
};

/**
 * Runs a scenario once: starts its processes together (each preloaded with the usage
 * hook), waits for all of them, merges shard folders when asked, and digests the outputs.
 * The wall time covers spawn to merge. Any non-zero exit is a ScenarioFailedError.
 */
export async function measureScenario(options: MeasureScenarioOptions): Promise<ScenarioRunFigures> {
  const { scenario, dir } = options;
  const runDir = join(dir, 'run');
  const stateDir = join(dir, 'state');
  const usageDir = join(dir, 'usage');
  rmSync(runDir, { recursive: true, force: true });
  rmSync(usageDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  mkdirSync(stateDir, { recursive: true });
  mkdirSync(usageDir, { recursive: true });
  const plan = scenario.plan({ runDir, stateDir });
  const hook = `--import=${usageHookImport(usageDir)}`;
  plan.prepare?.();

  const started = performance.now();
  // Wait for every process even when one fails, so none is left running.
  const settled = await Promise.allSettled(
    plan.processes.map((args) => {
      return new Promise<void>((resolve, reject) => {
        const child = spawn(options.nodePath, [hook, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
        const chunks: Buffer[] = [];
        child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
        child.on('error', reject);
        child.on('close', (code, signal) => {
          const stderr = Buffer.concat(chunks).toString('utf8');
          if (code !== null && (plan.okExitCodes ?? [0]).includes(code)) resolve();
          else reject(new ScenarioFailedError({ scenario: scenario.id, command: `node ${args.join(' ')}`, exitCode: code, signal, stderrTail: stderr.slice(-2000) }));
        });
      });
    }),
  );
  for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
  if (plan.mergeShards !== null) mergeShardOutputs({ shardDirs: plan.mergeShards, outDir: plan.outputDir });
  const wallMs = performance.now() - started;

  const usage = readProcessUsage(usageDir);
  let cpuUs = 0;
  let peak = 0;
  let sum = 0;
  for (const u of usage) {
    cpuUs += u.userUs + u.systemUs;
    peak = Math.max(peak, u.maxRssKiB);
    sum += u.maxRssKiB;
  }
  return {
    wallMs,
    cpuMs: cpuUs / 1000,
    peakRssMiB: peak / 1024,
    sumPeakRssMiB: sum / 1024,
    processes: usage.length,
    outputs: scenario.outputs.map((o) => ({ file: o.file, ...digestOutput(join(plan.outputDir, o.file), o.ignoreKeys) })),
    recorded: plan.recordedDirs.flatMap((d) => digestTree(d).map((e) => ({ file: `${d.slice(runDir.length + 1)}/${e.file}`, sha256: e.sha256 }))),
  };
}

