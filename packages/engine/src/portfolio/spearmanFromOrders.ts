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
  readonly returnRank: Float64Array;
};

/**
 * Spearman correlation over the stamped pairs: average ranks from the two sorted orders
 * (runs of equal values share their mean rank), centered on (m+1)/2, then Pearson.
 * NaN when either side is a single run (no variance).
 *
 * The centered ranks are multiples of 1/2 and their products multiples of 1/4, below 2^51 in
 * total for any realistic cross-section (m^3/4 for m pairs): every partial sum of sxy, sxx and
 * syy is exact, so the sums are the same bits in any order. The return ranks are assigned
 * first, then one walk of the score order ranks each score run and sums the products.
 */
export function spearmanFromOrders(x: SpearmanInputs): number {
  const { scores, sOrder, sRow, sCount, rOrder, dRow, rCount, pairStamp, stamp, pairs } = x;
  const center = (pairs + 1) / 2;
  const returnRank = x.returnRank;
  const returnRuns = assignAverageRanks(x.returns, rOrder, dRow, rCount, pairStamp, stamp, center, returnRank);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  let ranked = 0;
  let scoreRuns = 0;
  let p = 0;
  while (p < sCount) {
    const i = sOrder[sRow + p] as number;
    if (pairStamp[i] !== stamp) {
      p++;
      continue;
    }
    const v = scores[sRow + i] as number;
    let q = p + 1;
    let size = 1;
    while (q < sCount) {
      const k = sOrder[sRow + q] as number;
      if (pairStamp[k] === stamp) {
        if (scores[sRow + k] !== v) break;
        size++;
      }
      q++;
    }
    // Ranks ranked+1 .. ranked+size share their mean.
    const a = ranked + (size + 1) / 2 - center;
    if (size === 1) {
      const b = returnRank[i] as number;
      sxy += a * b;
      sxx += a * a;
      syy += b * b;
    } else {
      for (let u = p; u < q; u++) {
        const k = sOrder[sRow + u] as number;
        if (pairStamp[k] !== stamp) continue;
        const b = returnRank[k] as number;
        sxy += a * b;
        sxx += a * a;
        syy += b * b;
      }
    }
    ranked += size;
    scoreRuns++;
    p = q;
  }
  if (scoreRuns < 2 || returnRuns < 2) return NaN;
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
