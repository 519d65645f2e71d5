/**
 * Working buffers of `simulateSegment` for one panel width, allocated once and reused by
 * every segment an engine simulates (dense weight vectors and per-symbol rank slots).
 * They carry no state from one call to the next: every call starts from a flat book.
 */
export class SimulationScratch {
  readonly nSymbols: number;
  /** Dense weight vectors: the held target and the one being formed. */
  readonly weightsA: Float64Array;
  readonly weightsB: Float64Array;
  /** Centered average ranks of the IC pairs, by symbol. */
  readonly returnRank: Float64Array;
  /** pairStamp[i] === the current day's stamp when symbol i is an IC pair that day. */
  readonly pairStamp: Int32Array;
  /** The day's IC pairs in score order: symbol and score (measureDay, spearmanOfPairs). */
  readonly pairSymbol: Int32Array;
  readonly pairScore: Float64Array;
  /** The day's IC pairs in return order: symbol and return (spearmanOfPairs). */
  readonly returnSymbol: Int32Array;
  readonly returnValue: Float64Array;
  /** Copies of the day's score row and return row (measureDay). */
  readonly rowScores: Float64Array;
  readonly rowReturns: Float64Array;
  /** r[d] of the scored symbols in score order, NaN included (measureDay's quantile means). */
  readonly orderedReturn: Float64Array;

  constructor(nSymbols: number) {
    this.nSymbols = nSymbols;
    this.weightsA = new Float64Array(nSymbols);
    this.weightsB = new Float64Array(nSymbols);
    this.returnRank = new Float64Array(nSymbols);
    this.pairStamp = new Int32Array(nSymbols);
    this.pairSymbol = new Int32Array(nSymbols);
    this.pairScore = new Float64Array(nSymbols);
    this.returnSymbol = new Int32Array(nSymbols);
    this.returnValue = new Float64Array(nSymbols);
    this.orderedReturn = new Float64Array(nSymbols);
    this.rowScores = new Float64Array(nSymbols);
    this.rowReturns = new Float64Array(nSymbols);
  }

  /** Zeroes every buffer (a call does this itself where it matters; for a clean slate). */
  reset(): void {
    this.weightsA.fill(0);
    this.weightsB.fill(0);
    this.returnRank.fill(0);
    this.pairStamp.fill(0);
  }
}

export function createSimulationScratch(nSymbols: number): SimulationScratch {
  return new SimulationScratch(nSymbols);
}
