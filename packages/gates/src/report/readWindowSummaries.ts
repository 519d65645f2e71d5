import { parseCsvRecords, SUMMARY_FILE } from '@wf/walk-forward';
import { GateInputError } from '../errors.js';

/** One `walk_forward_summary.csv` row (PROTOCOL section 9) with its numbers parsed (NaN for an empty field). */
export type WindowSummary = {
  readonly factor: string;
  readonly window: number;
  readonly trainStart: string;
  readonly trainEnd: string;
  readonly testStart: string;
  readonly testEnd: string;
  /** Canonical params text of the selected candidate (PROTOCOL section 7). */
  readonly params: string;
  readonly candidates: number;
  readonly objective: string;
  /** The selected candidate's train objective; NaN when every objective was NaN. */
  readonly isObjective: number;
  readonly oosDays: number;
  readonly oosTotalReturn: number;
  readonly oosAnnReturn: number;
  readonly oosAnnVol: number;
  readonly oosSharpe: number;
  readonly oosMaxDrawdown: number;
  /** Sum of the test segment's rebalance turnovers / its days (PROTOCOL section 5). */
  readonly oosTurnover: number;
  readonly oosHitRate: number;
  readonly oosMeanIc: number;
  readonly oosIcTstat: number;
  readonly oosUniverseMean: number;
};

const NUMBER_COLUMNS = {
  candidates: 'candidates',
  isObjective: 'is_objective',
  oosDays: 'oos_days',
  oosTotalReturn: 'oos_total_return',
  oosAnnReturn: 'oos_ann_return',
  oosAnnVol: 'oos_ann_vol',
  oosSharpe: 'oos_sharpe',
  oosMaxDrawdown: 'oos_max_drawdown',
  oosTurnover: 'oos_turnover',
  oosHitRate: 'oos_hit_rate',
  oosMeanIc: 'oos_mean_ic',
  oosIcTstat: 'oos_ic_tstat',
  oosUniverseMean: 'oos_universe_mean',
} as const;
const TEXT_COLUMNS = {
  factor: 'factor',
  trainStart: 'train_start',
  trainEnd: 'train_end',
  testStart: 'test_start',
  testEnd: 'test_end',
  params: 'params',
  objective: 'objective',
} as const;

/**
 * The rows of a merged `walk_forward_summary.csv`, grouped by factor in file order (factor,
 * then window, as merged).
 * @throws GateInputError when a column is missing or a window number is malformed
 */
export function readWindowSummaries(summaryCsv: string): Map<string, WindowSummary[]> {
  const [header, ...records] = parseCsvRecords(summaryCsv).records;
  if (header === undefined) throw new GateInputError({ file: SUMMARY_FILE, problem: 'it is empty' });
  const at = (column: string): number => {
    const index = header.fields.indexOf(column);
    if (index < 0) throw new GateInputError({ file: SUMMARY_FILE, problem: `it has no "${column}" column` });
    return index;
  };
  const windowAt = at('window');
  const numbers = Object.entries(NUMBER_COLUMNS).map(([key, column]) => [key, at(column)] as const);
  const texts = Object.entries(TEXT_COLUMNS).map(([key, column]) => [key, at(column)] as const);
  const byFactor = new Map<string, WindowSummary[]>();
  for (const record of records) {
    const windowText = record.fields[windowAt] ?? '';
    const window = Number(windowText);
    if (windowText === '' || !Number.isInteger(window) || window < 0) {
      throw new GateInputError({ file: SUMMARY_FILE, problem: `window "${windowText}" is not a window number` });
    }
    const row: Record<string, string | number> = { window };
    for (const [key, index] of texts) row[key] = record.fields[index] ?? '';
    for (const [key, index] of numbers) {
      const text = record.fields[index] ?? '';
      row[key] = text === '' ? Number.NaN : Number(text);
    }
    const summary = row as unknown as WindowSummary;
    let list = byFactor.get(summary.factor);
    if (list === undefined) byFactor.set(summary.factor, (list = []));
    list.push(summary);
  }
  return byFactor;
}
