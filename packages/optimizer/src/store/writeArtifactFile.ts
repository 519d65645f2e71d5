import { formatDate, writeFileAtomic } from '@wf/engine';

export type WriteArtifactFileOptions = {
  readonly path: string;
  /** Calendar dates of the panel (YYYYMMDD). */
  readonly dates: Int32Array;
  /** First realized day of the segment (calendar position). */
  readonly start: number;
  /** Daily returns R of the segment, index j = day start + j. */
  readonly returns: Float64Array;
  /** Holding period h: positions formed at a-1, a-1+h, ... (PROTOCOL section 4). */
  readonly holdingDays: number;
};

/**
 * A candidate's daily artifacts as CSV: `date,daily_return,equity,rebalance`, where equity
 * is prod(1 + R) so far and rebalance is 1 on a day whose position was formed at the
 * previous close (a rebalance signal date). Numbers in shortest round-trip form. Written
 * atomically (temp file and rename): a file that exists is whole.
 */
export function writeArtifactFile(options: WriteArtifactFileOptions): void {
  const { dates, start, returns, holdingDays } = options;
  const lines = ['date,daily_return,equity,rebalance'];
  let equity = 1;
  for (let j = 0; j < returns.length; j++) {
    const r = returns[j] as number;
    equity *= 1 + r;
    lines.push(`${formatDate(dates[start + j] as number)},${String(r)},${String(equity)},${j % holdingDays === 0 ? 1 : 0}`);
  }
  writeFileAtomic(options.path, lines.join('\n') + '\n');
}
