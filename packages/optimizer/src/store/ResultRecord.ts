import type { SegmentMetrics } from '@wf/engine';

/** OK: evaluated; ERROR: the evaluation threw; TIMEOUT: over the time limit; MEMORY: over the memory budget; PRUNED: dominated, not evaluated. */
export type ResultStatus = 'OK' | 'ERROR' | 'TIMEOUT' | 'MEMORY' | 'PRUNED';

/**
 * One line of the results store: a candidate's outcome on the sweep's segment. Holds no
 * timing, so a sweep's store is byte-identical for any worker count (TIMEOUT rows aside,
 * which depend on the clock by nature).
 */
export type ResultRecord = {
  /** Position in the sweep (0-based, in proposal order after deduplication). */
  readonly ordinal: number;
  /** Grid index in the parameter space. */
  readonly index: number;
  readonly signature: string;
  /** Canonical params text (PROTOCOL section 7). */
  readonly params: string;
  /** Canonical text of swept portfolio settings, '' when none. */
  readonly portfolio: string;
  readonly status: ResultStatus;
  /** The objective's value (NaN when undefined or not OK; PRUNED: the dominating candidate's). */
  readonly objective: number;
  /** mean/std of daily R (PROTOCOL section 8's per-day Sharpe); NaN when not OK. */
  readonly dailySharpe: number;
  /** PROTOCOL section 5 metrics when OK, else null. */
  readonly metrics: SegmentMetrics | null;
  /** What went wrong (ERROR, TIMEOUT, MEMORY), else null. */
  readonly error: string | null;
  /** PRUNED: the signature of the candidate that dominates it, else null. */
  readonly dominatedBy: string | null;
};

/** The NDJSON line of a record (with its newline). NaN and infinities become null. */
export function formatResultLine(record: ResultRecord): string {
  const m = record.metrics;
  const metrics =
    m === null
      ? null
      : {
          days: m.days,
          total_return: m.totalReturn,
          ann_return: m.annReturn,
          ann_vol: m.annVol,
          sharpe: m.sharpe,
          max_drawdown: m.maxDrawdown,
          turnover: m.turnover,
          hit_rate: m.hitRate,
          mean_ic: m.meanIc,
          ic_std: m.icStd,
          ic_tstat: m.icTstat,
          universe_mean: m.universeMean,
          quantile_means: m.quantileMeans,
        };
  return (
    JSON.stringify({
      ordinal: record.ordinal,
      index: record.index,
      signature: record.signature,
      params: record.params,
      portfolio: record.portfolio,
      status: record.status,
      objective: record.objective,
      daily_sharpe: record.dailySharpe,
      metrics,
      error: record.error,
      dominated_by: record.dominatedBy,
    }) + '\n'
  );
}

/** Parses a line written by formatResultLine (null numbers read back as NaN); null when it is not one. */
export function parseResultLine(line: string): ResultRecord | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const status = r['status'];
  if (typeof r['ordinal'] !== 'number' || typeof r['signature'] !== 'string' || typeof r['params'] !== 'string') return null;
  if (status !== 'OK' && status !== 'ERROR' && status !== 'TIMEOUT' && status !== 'MEMORY' && status !== 'PRUNED') return null;
  const m = r['metrics'] as Record<string, unknown> | null | undefined;
  const metrics: SegmentMetrics | null =
    m == null
      ? null
      : {
          days: num(m['days']),
          totalReturn: num(m['total_return']),
          annReturn: num(m['ann_return']),
          annVol: num(m['ann_vol']),
          sharpe: num(m['sharpe']),
          maxDrawdown: num(m['max_drawdown']),
          turnover: num(m['turnover']),
          hitRate: num(m['hit_rate']),
          meanIc: num(m['mean_ic']),
          icStd: num(m['ic_std']),
          icTstat: num(m['ic_tstat']),
          universeMean: num(m['universe_mean']),
          quantileMeans: Array.isArray(m['quantile_means']) ? (m['quantile_means'] as unknown[]).map(num) : [],
        };
  return {
    ordinal: r['ordinal'],
    index: num(r['index']),
    signature: r['signature'],
    params: r['params'],
    portfolio: typeof r['portfolio'] === 'string' ? r['portfolio'] : '',
    status,
    objective: num(r['objective']),
    dailySharpe: num(r['daily_sharpe']),
    metrics,
    error: typeof r['error'] === 'string' ? r['error'] : null,
    dominatedBy: typeof r['dominated_by'] === 'string' ? r['dominated_by'] : null,
  };
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN;
}
