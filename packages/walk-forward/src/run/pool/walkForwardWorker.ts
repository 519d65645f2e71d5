/**
 * A worker thread of the walk-forward runner's pool (FactorWorkerPool): reads the run's shared
 * market (panel, returns, universe, returns ranking; SharedMarket) and computes the factor
 * tasks it is sent, each on one engine across its windows (FactorUnitComputer, the code the
 * run's own thread uses), replying with each unit's protocol rows in window order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createBuiltinRegistry, isWfError, listedLives, loadFactorModule, registerExternalFactors, SignalCache, StageClock } from '@wf/engine';
import type { MarketContext } from '@wf/engine';
import { protocolCandidates } from '@wf/optimizer';
import { FactorUnitComputer } from '../FactorUnitComputer.js';
import { awaitSharedMarket } from './shareMarket.js';
import type { FactorTask, WorkerError, WorkerReply, WorkerSetup } from './WorkerMessages.js';

if (parentPort === null) throw new Error('walkForwardWorker runs as a worker thread');
const port = parentPort;
const setup = workerData as WorkerSetup;
const post = (reply: WorkerReply): void => port.postMessage(reply);
/** Progress messages between units at most this often. */
const PROGRESS_EVERY_MS = 250;

async function main(): Promise<void> {
  const { market, config } = setup;
  const registry = createBuiltinRegistry();
  for (const modulePath of config.factorModules) await loadFactorModule(registry, modulePath);
  await registerExternalFactors(registry, config.factors);
  // The universe and returns ranking are waited for where first read (after a factor's scores).
  const context: MarketContext = awaitSharedMarket(market);
  const lives = listedLives(market.panel);
  const signalCache = setup.useCache
    ? new SignalCache({
        dir: setup.cacheDir,
        refresh: setup.refreshCache,
        codeIdentity: setup.codeIdentity,
        onCacheRecovery: (recovery) => post({ type: 'cache entry corrupt', recovery }),
      })
    : null;
  const clock = new StageClock();
  let lastProgressMs = performance.now();
  const onProgress = (): void => {
    const now = performance.now();
    if (now - lastProgressMs < PROGRESS_EVERY_MS) return;
    lastProgressMs = now;
    post({ type: 'progress', stages: clock.snapshot() });
  };
  port.on('message', (task: FactorTask) => {
    try {
      const spec = config.factors.find((f) => f.id === task.factorId);
      if (spec === undefined) throw new Error(`walkForwardWorker: factor ${task.factorId} is not in the config`);
      const factor = registry.get(spec.id);
      const planned = { spec, factor, candidates: protocolCandidates(factor, spec) };
      const computer = new FactorUnitComputer({ context: () => context, planned, config, lives, signalCache, firstDay: task.firstDay, clock, onProgress });
      for (const win of task.windows) {
        const texts = computer.compute(win);
        post({
          type: 'unit',
          task: task.task,
          window: win.index,
          texts,
          signalsComputed: computer.signalsComputed(),
          cacheHits: signalCache?.stats().hits ?? 0,
          stages: clock.snapshot(),
        });
      }
      post({ type: 'task done', task: task.task });
    } catch (error) {
      post({ type: 'error', task: task.task, error: toWorkerError(error) });
    }
  });
  post({ type: 'ready' });
}

function toWorkerError(error: unknown): WorkerError {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, stack: error.stack ?? null, code: isWfError(error) ? error.code : null };
  }
  return { name: 'Error', message: String(error), stack: null, code: null };
}

main().catch((error: unknown) => post({ type: 'error', task: null, error: toWorkerError(error) }));
