import cliProgress from 'cli-progress';
import type { Logger } from 'pino';
import type { GateRunEvent } from '@wf/gates';

/** Renders a gate run's events: `onEvent` for runProductionGates, `close` before printing results. */
export type GatesProgressView = { readonly onEvent: (event: GateRunEvent) => void; readonly close: () => void };

/**
 * On a terminal: a progress bar with ETA over all shards' (factor, window) units, with
 * shard exits and failures printed above it. Otherwise: pino log lines (heartbeats at
 * debug, periodic `progress` lines at info), nothing else on stderr.
 */
export function createGatesProgressView(options: { logger: Logger; tty: boolean }): GatesProgressView {
  const { logger } = options;
  if (!options.tty || !logger.isLevelEnabled('info')) {
    return {
      onEvent: (event) => {
        const { type, ...fields } = event;
        if (type === 'shard heartbeat') logger.debug(fields, type);
        else if ((type === 'shard exited' && !event.ok) || type === 'shard stalled' || type === 'cache prune failed' || type === 'manifest not saved') logger.warn(fields, type);
        else logger.info(fields, type);
      },
      close: () => undefined,
    };
  }
  const bars = new cliProgress.MultiBar(
    {
      // The ETA is the run's own (units computed by this run so far, `-` before the first), not
      // cli-progress' rate buffer, which showed NaN and minutes for a 17 s run.
      format: 'walk-forward |{bar}| {percentage}% {value}/{total} windows | shards {shards} | {factor} | elapsed {duration_formatted} | ETA {remaining}',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | null = null;
  const say = (text: string): void => bars.log(`${text}\n`);
  return {
    onEvent: (event) => {
      switch (event.type) {
        case 'run planned':
          say(
            `${event.factors} factors x ${event.windows} windows over ${event.shardCount} shard(s) -> ${event.outDir}${event.resume ? ' (resumed)' : ''}` +
              (event.unitsToCompute === null ? '' : `; ${event.unitsToCompute} of ${event.unitsTotal} units to compute, the rest replayed from the window cache`) +
              (event.shardsInProcess ? ' (shards run in this process)' : ''),
          );
          bar = bars.create(Math.max(1, event.unitsTotal), 0, { shards: `0/${event.shardCount}`, factor: 'starting', remaining: '-' });
          break;
        case 'shard heartbeat':
          bar?.update({ factor: `${event.factor} (shard ${event.shard})` });
          break;
        case 'progress':
          bar?.update(event.unitsDone, { shards: `${event.shardsDone}/${event.shardCount}`, remaining: formatEta(event.etaMs) });
          break;
        case 'shard exited':
          if (!event.ok) {
            say(`shard ${event.shard} attempt ${event.attempt}: ${event.exit}${event.lastError === '' ? '' : ` (${event.lastError})`}${event.willRetry ? '; retrying with --resume' : ''}`);
            if (event.error?.stack != null) say(event.error.stack.replace(/^/gm, '    '));
          }
          break;
        case 'shard stalled':
          say(
            `shard ${event.shard} attempt ${event.attempt}: stalled, no heartbeat for ${(event.silentMs / 1000).toFixed(0)} s` +
              (event.stallTimeoutMs === null ? '' : `; stopped and retried after ${event.stallTimeoutMs / 1000} s of silence`),
          );
          break;
        case 'compared with previous run':
          say(`since ${event.previousDir}: ${event.verdictChanges} verdict changes, ${event.windowsAdded} windows added, ${event.windowsChanged} windows changed (drift.csv)`);
          break;
        case 'freeze written':
        case 'freeze checked':
          say(`${event.type}: ${event.path}`);
          break;
        case 'cache pruned':
          if (event.removedFiles > 0) say(`cache pruned: ${event.removedFiles} files, ${(event.removedBytes / 1e6).toFixed(1)} MB removed; ${(event.bytesAfter / 1e6).toFixed(1)} MB left`);
          break;
        case 'cache prune failed':
          say(`cache prune failed: ${event.message}`);
          break;
        case 'manifest not saved':
          say(`warning: ${event.path} not updated: ${event.reason}`);
          break;
        case 'shards sized':
          say(`${event.shards} shard(s), ${event.concurrentShards} at once, ${event.workers === 0 ? "each worker machine's" : event.workers} worker thread(s) each; estimated peak memory ${(event.estimatedPeakBytes / 1024 ** 3).toFixed(2)} GB`);
          break;
        case 'shards clamped':
          say(`--shards ${event.requested}: ${event.factors} factor(s), so ${event.shardCount} shard(s)`);
          break;
        default:
          break;
      }
    },
    close: () => bars.stop(),
  };
}

/** `-` when unknown, else `12s`, `3m05s` or `1h02m`. */
export function formatEta(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '-';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
