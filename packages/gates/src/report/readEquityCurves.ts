import { parseCsvRecords } from '@wf/walk-forward';

/** One factor's stitched out-of-sample equity: E[d] = prod(1 + R) over its test days in window order (PROTOCOL section 8). */
export type EquityCurve = {
  readonly factor: string;
  /** ISO dates of the stitched test days. */
  readonly dates: readonly string[];
  readonly equity: Float64Array;
};

/**
 * The stitched test equity of every factor from a merged `oos_daily.csv` (rows ordered by
 * factor, window, date as merged). A missing return (empty field) counts as 0.
 */
export function readEquityCurves(oosDailyCsv: string): Map<string, EquityCurve> {
  const [header, ...records] = parseCsvRecords(oosDailyCsv).records;
  const factorAt = header?.fields.indexOf('factor') ?? -1;
  const dateAt = header?.fields.indexOf('date') ?? -1;
  const returnAt = header?.fields.indexOf('return') ?? -1;
  const grouped = new Map<string, { dates: string[]; returns: number[] }>();
  for (const record of records) {
    const factor = record.fields[factorAt] ?? '';
    let series = grouped.get(factor);
    if (series === undefined) grouped.set(factor, (series = { dates: [], returns: [] }));
    series.dates.push(record.fields[dateAt] ?? '');
    const text = record.fields[returnAt] ?? '';
    series.returns.push(text === '' ? 0 : Number(text));
  }
  const curves = new Map<string, EquityCurve>();
  for (const [factor, series] of grouped) {
    const equity = new Float64Array(series.returns.length);
    let level = 1;
    for (let d = 0; d < equity.length; d++) {
      level *= 1 + (series.returns[d] as number);
      equity[d] = level;
    }
    curves.set(factor, { factor, dates: series.dates, equity });
  }
  return curves;
}
