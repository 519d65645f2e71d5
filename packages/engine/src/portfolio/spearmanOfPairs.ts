/** Daily IC kernel of measureDay (PROTOCOL section 4). */
export type SpearmanPairs = {
  /** The pairs in score order (ties by symbol): symbol and score, positions 0..pairs-1. */
  readonly pairSymbol: Int32Array;
  readonly pairScore: Float64Array;
  readonly pairs: number;
  /** r[d] by symbol (the day's row), and the day's return order at rOrder[dRow..] (every finite r[d], ascending, ties by symbol). */
  readonly rowReturns: Float64Array;
  readonly dRow: number;
  readonly rOrder: Int32Array;
  readonly rCount: number;
  /** pairStamp[i] === stamp exactly for the pairs' symbols. */
  readonly pairStamp: Int32Array;
  readonly stamp: number;
  /** Scratch: centered return ranks by symbol, and the pairs in return order. */
  readonly returnRank: Float64Array;
  readonly returnSymbol: Int32Array;
  readonly returnValue: Float64Array;
};

/**
 * Spearman correlation of the pairs: average ranks on both sides (runs of equal values
 * share their mean rank), centered on (m+1)/2, then Pearson. NaN when either side is a
 * single run (no variance).
 *
 * The centered ranks are multiples of 1/2 and their products multiples of 1/4, below 2^51 in
 * total for any realistic cross-section (m^3/4 for m pairs): every partial sum of sxy, sxx and
 * syy is exact, so the sums are the same bits in any order. The pairs are first laid out
 * contiguously on each side (the score side by the caller), so finding runs of equal values
 * is a sequential walk; the return ranks are assigned by symbol, then one walk of the score
 * side ranks each score run and sums the products.
 */
export function spearmanOfPairs(x: SpearmanPairs): number {
  const { pairSymbol, pairScore, pairs, rowReturns, dRow, rOrder, rCount, pairStamp, stamp, returnRank, returnSymbol, returnValue } = x;
  const center = (pairs + 1) / 2;
  // The pairs in return order: the day's order restricted to stamped symbols.
  let m = 0;
  for (let q = 0; q < rCount; q++) {
    const i = rOrder[dRow + q] as number;
    if (pairStamp[i] === stamp) {
      returnSymbol[m] = i;
      returnValue[m] = rowReturns[i] as number;
      m++;
    }
  }
  let returnRuns = 0;
  for (let k = 0; k < m; ) {
    const v = returnValue[k] as number;
    let e = k + 1;
    while (e < m && returnValue[e] === v) e++;
    // Ranks k+1 .. e share their mean.
    const rank = k + (e - k + 1) / 2 - center;
    for (let u = k; u < e; u++) returnRank[returnSymbol[u] as number] = rank;
    returnRuns++;
    k = e;
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  let scoreRuns = 0;
  for (let k = 0; k < pairs; ) {
    const v = pairScore[k] as number;
    let e = k + 1;
    while (e < pairs && pairScore[e] === v) e++;
    const a = k + (e - k + 1) / 2 - center;
    for (let u = k; u < e; u++) {
      const b = returnRank[pairSymbol[u] as number] as number;
      sxy += a * b;
      sxx += a * a;
      syy += b * b;
    }
    scoreRuns++;
    k = e;
  }
  if (scoreRuns < 2 || returnRuns < 2) return NaN;
  return sxy / Math.sqrt(sxx * syy);
}
