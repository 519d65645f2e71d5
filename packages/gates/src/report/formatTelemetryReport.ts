import type { ShardTelemetry } from '@wf/walk-forward';
import type { InvocationRecord, ShardRecord } from '../manifest/GateManifest.js';

/** The telemetry report's file name in the run folder (timings: not a protocol or verdict file). */
export const TELEMETRY_REPORT_FILE = 'telemetry.md';

const WALL_STAGES = ['setup', 'panelLoad', 'plan', 'returns', 'universe', 'compute', 'replay', 'write', 'other'] as const;
const COMPUTE_STAGES = ['scores', 'ranking', 'dailyTables', 'cacheReads', 'evaluation', 'selection', 'rows'] as const;

/**
 * `telemetry.md`: where a gate run's time and memory went. The orchestrator's phases of this
 * invocation, then per shard (its last finished attempt's telemetry.json) the run thread's
 * stages, the compute threads' stages as shares of their busy time, cache use and peak memory.
 */
export function formatTelemetryReport(invocation: InvocationRecord, shards: readonly ShardRecord[]): string {
  const t = invocation.timings;
  const lines = [
    '# Where the time went',
    '',
    'This invocation of wf-gates, by phase:',
    '',
    '| plan | shards | merge | reports |',
    '|---:|---:|---:|---:|',
    `| ${seconds(t.planMs)} | ${seconds(t.shardsMs)} | ${seconds(t.mergeMs)} | ${seconds(t.reportsMs)} |`,
    '',
  ];
  const finished = shards.flatMap((shard) => {
    const telemetry = [...shard.attempts].reverse().find((a) => a.ok === true && a.telemetry !== undefined)?.telemetry;
    return telemetry === undefined ? [] : [{ shard: shard.index, telemetry }];
  });
  if (finished.length === 0) {
    lines.push('No shard telemetry (the shards finished in an earlier invocation, or ran no unit).', '');
    return lines.join('\n');
  }
  lines.push(
    '## Shards: the run thread',
    '',
    'Wall time of each shard process by stage (`compute`: computing units, or waiting for its worker threads).',
    '',
    `| shard | wall | ${WALL_STAGES.join(' | ')} | peak memory |`,
    `|---:|---:|${WALL_STAGES.map(() => '---:').join('|')}|---:|`,
    ...finished.map(({ shard, telemetry }) => `| ${shard} | ${seconds(telemetry.wallMs)} | ${WALL_STAGES.map((stage) => seconds(telemetry.stages[stage] ?? 0)).join(' | ')} | ${gigabytes(telemetry.peakRssBytes)} |`),
    '',
    '## Shards: the compute threads',
    '',
    'Busy time of the threads that computed units, summed over them, by stage (share of the total).',
    '',
    `| shard | threads | busy | ${COMPUTE_STAGES.join(' | ')} |`,
    `|---:|---:|---:|${COMPUTE_STAGES.map(() => '---:').join('|')}|`,
    ...finished.map(({ shard, telemetry }) => computeRow(shard, telemetry)),
    '',
    '## Caches',
    '',
    '| shard | panel | universe | signals from cache | windows from cache |',
    '|---:|---|---|---:|---:|',
    ...finished.map(
      ({ shard, telemetry }) =>
        `| ${shard} | ${telemetry.caches.panel} | ${telemetry.caches.universe ?? '-'} | ${ratio(telemetry.caches.signals)} | ${ratio(telemetry.caches.windows)} |`,
    ),
    '',
  );
  return lines.join('\n');
}

function computeRow(shard: number, telemetry: ShardTelemetry): string {
  const busy = COMPUTE_STAGES.reduce((sum, stage) => sum + (telemetry.computeStages[stage] ?? 0), 0);
  const share = (ms: number): string => (busy === 0 ? seconds(ms) : `${seconds(ms)} (${Math.round((ms / busy) * 100)}%)`);
  return `| ${shard} | ${telemetry.computeThreads} | ${seconds(busy)} | ${COMPUTE_STAGES.map((stage) => share(telemetry.computeStages[stage] ?? 0)).join(' | ')} |`;
}

function seconds(ms: number | null): string {
  return ms === null ? '-' : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

function gigabytes(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

function ratio(use: ShardTelemetry['caches']['signals']): string {
  return use.hitRatio === null ? '-' : `${use.hits} of ${use.hits + use.computed} (${Math.round(use.hitRatio * 100)}%)`;
}
