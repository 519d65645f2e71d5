/**
 * The exact sum of a sequence of doubles, kept as Shewchuk's non-overlapping partials (the
 * algorithm of Python's `math.fsum`), with the correctly rounded value of that sum and its
 * correctly rounded double-double (PROTOCOL section 3: a rolling score is a function of the
 * window's values; an exact sum rounded once is one, whatever order or history produced it).
 *
 * The rolling kernels keep their window sums as exact unevaluated pairs (on grids, or by
 * checked error-free TwoSums); this is their fallback when a sum does not fit a pair (or
 * overflowed), recomputed from the window's values. Every path yields the same fl(S), and
 * `takePair` the correctly rounded pair hi = fl(S), lo = fl(S - hi). Capacity: one partial
 * per added value plus two, allocated once by the caller, never per cell. Valid while every
 * partial sum stays finite (the sum of the magnitudes below about 1.8e308); beyond that the
 * results are NaN.
 */
export class ExactAccumulator {
  private readonly partials: Float64Array;
  private count = 0;
  private overflowed = false;

  /** `capacity`: the most values added between two resets. */
  constructor(capacity: number) {
    this.partials = new Float64Array(capacity + 2);
  }

  reset(): void {
    this.count = 0;
    this.overflowed = false;
  }

  /** Adds x exactly (Shewchuk's grow-expansion over non-overlapping partials). */
  add(x: number): void {
    if (!Number.isFinite(x)) {
      this.overflowed = true;
      return;
    }
    const partials = this.partials;
    let kept = 0;
    for (let k = 0; k < this.count; k++) {
      let y = partials[k]!;
      if (Math.abs(x) < Math.abs(y)) {
        const swap = x;
        x = y;
        y = swap;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[kept++] = lo;
      x = hi;
    }
    if (!Number.isFinite(x)) this.overflowed = true;
    partials[kept++] = x;
    this.count = kept;
  }

  /** The exact sum rounded to nearest, ties to even (+0 for an exact zero); NaN after an overflow. */
  rounded(): number {
    if (this.overflowed) return Number.NaN;
    const partials = this.partials;
    let n = this.count;
    if (n === 0) return 0;
    n--;
    let hi = partials[n]!;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      n--;
      const y = partials[n]!;
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // Half-way case: hi + lo lies exactly between two doubles and the next partial breaks the tie.
    if (n > 0 && ((lo < 0 && partials[n - 1]! < 0) || (lo > 0 && partials[n - 1]! > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi + 0;
  }

  /**
   * Writes the correctly rounded double-double of the exact sum S to out[at] = fl(S) and
   * out[at + 1] = fl(S - fl(S)), and returns whether it is exact (S = out[at] + out[at + 1]).
   * Consumes the accumulator (it then holds S minus the pair).
   */
  takePair(out: Float64Array, at: number): boolean {
    const hi = this.rounded();
    this.add(-hi);
    const lo = this.rounded();
    this.add(-lo);
    out[at] = hi;
    out[at + 1] = lo;
    return !this.overflowed && this.rounded() === 0 && Number.isFinite(hi);
  }
}
