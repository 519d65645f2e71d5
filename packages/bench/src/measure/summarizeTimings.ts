/** Median, min and max of repeated measurements, in the unit given (ms here). */
export type TimingSummary = { readonly runs: number; readonly medianMs: number; readonly minMs: number; readonly maxMs: number };

export function summarizeTimings(samplesMs: readonly number[]): TimingSummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n === 0 ? Number.NaN : n % 2 === 1 ? (sorted[(n - 1) / 2] as number) : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
  const round = (x: number): number => Math.round(x * 100) / 100;
  return { runs: n, medianMs: round(median), minMs: round(sorted[0] ?? Number.NaN), maxMs: round(sorted[n - 1] ?? Number.NaN) };
}
