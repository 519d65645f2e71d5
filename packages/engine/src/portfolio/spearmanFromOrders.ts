/** Daily IC kernel shared by simulateSegment and computeDailyTable (PROTOCOL section 4). */
export type SpearmanInputs = {
  readonly scores: Float64Array;
  readonly returns: Float64Array;
  readonly sOrder: Int32Array;
  readonly sRow: number;
  readonly sCount: number;
  readonly rOrder: Int32Array;
  readonly dRow: number;
  readonly rCount: number;
  readonly pairStamp: Int32Array;
  readonly stamp: number;
  readonly pairs: number;
  readonly scoreRank: Float64Array;
  readonly returnRank: Float64Array;
};

/**
 * Spearman correlation over the stamped pairs: average ranks from the two sorted orders
 * (runs of equal values share their mean rank), centered on (m+1)/2, then Pearson.
 * NaN when either side is a single run (no variance).
 */
export function spearmanFromOrders(x: SpearmanInputs): number {
  const { sOrder, sRow, sCount, rOrder, dRow, rCount, pairStamp, stamp, pairs } = x;
  const center = (pairs + 1) / 2;
  const scoreRuns = assignAverageRanks(x.scores, sOrder, sRow, sCount, pairStamp, stamp, center, x.scoreRank);
  if (scoreRuns < 2) return NaN;
  const returnRuns = assignAverageRanks(x.returns, rOrder, dRow, rCount, pairStamp, stamp, center, x.returnRank);
  if (returnRuns < 2) return NaN;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let p = 0; p < sCount; p++) {
    const i = sOrder[sRow + p] as number;
    if (pairStamp[i] !== stamp) continue;
    const a = x.scoreRank[i] as number;
    const b = x.returnRank[i] as number;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * Walks `order[row .. row+count)` restricted to stamped symbols, writes each one's average
 * rank minus `center` into `rankOut[symbol]`, and returns the number of runs of equal values.
 */
function assignAverageRanks(
  values: Float64Array,
  order: Int32Array,
  row: number,
  count: number,
  pairStamp: Int32Array,
  stamp: number,
  center: number,
  rankOut: Float64Array,
): number {
  let ranked = 0;
  let runs = 0;
  let p = 0;
  while (p < count) {
    const i = order[row + p] as number;
    if (pairStamp[i] !== stamp) {
      p++;
      continue;
    }
    const v = values[row + i] as number;
    let q = p + 1;
    let size = 1;
    while (q < count) {
      const k = order[row + q] as number;
      if (pairStamp[k] === stamp) {
        if (values[row + k] !== v) break;
        size++;
      }
      q++;
    }
    // Ranks ranked+1 .. ranked+size share their mean.
    const rank = ranked + (size + 1) / 2 - center;
    for (let u = p; u < q; u++) {
      const k = order[row + u] as number;
      if (pairStamp[k] === stamp) rankOut[k] = rank;
    }
    ranked += size;
    runs++;
    p = q;
  }
  return runs;
}
