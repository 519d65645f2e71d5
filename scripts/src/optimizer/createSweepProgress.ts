import cliProgress from 'cli-progress';
import type { Logger } from 'pino';
import type { SweepTelemetry } from '@wf/optimizer';

/** Receives per-round progress and heartbeats of a sweep. */
export type SweepProgress = {
  onProgress(telemetry: SweepTelemetry): void;
  onHeartbeat(telemetry: SweepTelemetry): void;
  stop(): void;
};

/**
 * A progress bar on stderr when it is a terminal (heartbeats then go to the log at debug
 * level, so they do not tear the bar), plain heartbeat log lines otherwise.
 */
export function createSweepProgress(logger: Logger): SweepProgress {
  const heartbeat = (t: SweepTelemetry): Record<string, unknown> => ({
    candidates: t.candidates,
    planned: t.planned,
    evaluated: t.evaluated,
    resumed: t.resumed,
    pruned: t.pruned,
    duplicates: t.duplicates,
    rejected: t.rejected,
    errors: t.errors,
    timeouts: t.timeouts,
    overMemory: t.overMemory,
    candidatesPerSecond: Number(t.candidatesPerSecond.toFixed(2)),
    memoHitRatio: Number.isNaN(t.memoHitRatio) ? null : Number(t.memoHitRatio.toFixed(3)),
    scoreMatrices: t.engine.computed,
    stagesMs: {
      scores: Math.round(t.stagesMs.scores),
      portfolio: Math.round(t.stagesMs.portfolio),
      metrics: Math.round(t.stagesMs.metrics),
      persistence: Math.round(t.stagesMs.persistence),
    },
    workersReplaced: t.workersReplaced,
  });
  if (!process.stderr.isTTY) {
    return {
      onProgress: () => {},
      onHeartbeat: (t) => logger.info(heartbeat(t), 'heartbeat'),
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'sweep [{bar}] {value}/{total} | {rate} cand/s | memo {memo} | timeouts {timeouts}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress: (t) => {
      const payload = { rate: t.candidatesPerSecond.toFixed(1), memo: Number.isNaN(t.memoHitRatio) ? '-' : t.memoHitRatio.toFixed(2), timeouts: t.timeouts };
      const total = t.planned === null ? t.candidates : Math.max(t.candidates, Math.min(t.planned, Number.MAX_SAFE_INTEGER));
      if (!started) {
        bar.start(total, t.candidates, payload);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(t.candidates, payload);
      }
    },
    onHeartbeat: (t) => logger.debug(heartbeat(t), 'heartbeat'),
    stop: () => {
      if (started) bar.stop();
    },
  };
}
