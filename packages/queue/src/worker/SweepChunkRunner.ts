import { dirname } from 'node:path';
import { createMarketContext, loadPanel } from '@wf/engine';
import type { EngineStats } from '@wf/engine';
import { shareMarketContext, WorkerPoolExecutor } from '@wf/optimizer';
import type { EvaluationOutcome, SweepEvaluationSpec } from '@wf/optimizer';
import { ShardJobRefusedError } from '../errors.js';
import { decodePayload, encodePayload } from '../sweep/SweepChunkJob.js';
import type { SweepChunkJobData, SweepChunkPayload, SweepChunkResult } from '../sweep/SweepChunkJob.js';
import { checkJobIdentity } from './checkJobIdentity.js';

export type SweepChunkRunnerOptions = {
  /** This worker's name (in results and refusals). */
  readonly worker: string;
  /** This worker's cache folder (binary panel, universe). */
  readonly cacheDir: string;
  /** This worker's prices folder; null: the sweep's. */
  readonly pricesDir: string | null;
  /** Refuse to return more than this many bytes of outcomes. */
  readonly maxResultBytes: number;
  /** A sweep's market and threads are kept this long after its last chunk (default 60 s), for its next chunks. */
  readonly idleCloseMs?: number;
};

type Session = { readonly key: string; readonly executor: WorkerPoolExecutor };

/**
 * Evaluates sweep-chunk jobs on this worker. The first chunk of a sweep loads its market (the
 * panel from the prices this worker sees, the universe from its settings), checks the data
 * fingerprint and code identity against the job's (refusing it otherwise), and starts a
 * WorkerPoolExecutor of the sweep's `--workers` threads (at least one, so the per-candidate
 * timeout is the local one: over it, TIMEOUT and a new thread); later chunks of the same sweep
 * reuse that market, pool and its memo of score matrices. Chunks run one at a time (a pool
 * takes one batch), each one's outcomes returned in task order.
 */
export class SweepChunkRunner {
  private readonly options: SweepChunkRunnerOptions;
  private session: Session | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(options: SweepChunkRunnerOptions) {
    this.options = options;
  }

  run(data: SweepChunkJobData): Promise<SweepChunkResult> {
    const next = this.tail.then(() => this.runNow(data));
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Stops the current sweep's threads (after the running chunk). */
  async close(): Promise<void> {
    await this.tail;
    await this.closeSession();
  }

  private async runNow(data: SweepChunkJobData): Promise<SweepChunkResult> {
    const { worker } = this.options;
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    const payload = decodePayload<SweepChunkPayload>(data.payload, data.bytes);
    if (payload === null) throw new ShardJobRefusedError({ worker, reason: `the chunk's payload is not the ${data.bytes} bytes the orchestrator sent: damaged` });
    const session = await this.open(data, payload.spec);
    const before = session.executor.stats().engine;
    const outcomes: EvaluationOutcome[] = await session.executor.evaluate(payload.tasks);
    const engine = subtractStats(session.executor.stats().engine, before);
    const encoded = encodePayload(outcomes);
    this.idleTimer = setTimeout(() => void this.closeSession(), this.options.idleCloseMs ?? 60_000);
    this.idleTimer.unref();
    if (encoded.bytes > this.options.maxResultBytes) {
      throw new ShardJobRefusedError({ worker, reason: `the chunk's outcomes exceed the result limit of ${this.options.maxResultBytes} bytes (${encoded.bytes} bytes)` });
    }
    return { worker, payload: encoded.payload, bytes: encoded.bytes, engine };
  }

  private async open(data: SweepChunkJobData, spec: SweepEvaluationSpec): Promise<Session> {
    if (this.session?.key === data.sweepKey) return this.session;
    await this.closeSession();
    const { worker } = this.options;
    if (spec.data === null) throw new ShardJobRefusedError({ worker, reason: 'the sweep does not say where its data lie' });
    const pricesDir = this.options.pricesDir ?? spec.data.pricesDir;
    const loaded = await loadPanel({
      pricesDir,
      marketCapsDir: spec.data.marketCapsDir,
      calendarFile: spec.data.calendarFile,
      cacheDir: this.options.cacheDir,
      shared: true,
    });
    await checkJobIdentity({
      worker,
      pricesDir,
      dataFingerprint: loaded.fingerprint,
      factorModules: spec.factorModules,
      baseDir: dirname(spec.data.configPath),
      expected: data,
    });
    const context = createMarketContext({ panel: loaded.panel, dataFingerprint: loaded.fingerprint, universe: spec.universe, cacheDir: this.options.cacheDir });
    const executor = await WorkerPoolExecutor.create({
      context: shareMarketContext(context),
      factorId: spec.factorId,
      factorModules: spec.factorModules,
      portfolio: spec.portfolio,
      segment: spec.segment,
      memoize: spec.memoize,
      maxMemoizedSignals: spec.maxMemoizedSignals,
      workers: Math.max(1, spec.workers),
      timeoutMs: spec.timeoutMs,
    });
    this.session = { key: data.sweepKey, executor };
    return this.session;
  }

  private async closeSession(): Promise<void> {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    const session = this.session;
    this.session = null;
    await session?.executor.close();
  }
}

function subtractStats(after: EngineStats, before: EngineStats): EngineStats {
  const delta: Record<string, number> = {};
  for (const [name, value] of Object.entries(after)) delta[name] = value - ((before as Record<string, number>)[name] ?? 0);
  return delta as EngineStats;
}
