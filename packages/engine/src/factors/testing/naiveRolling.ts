/**
 * Test references: obviously-correct O(window) recomputations of the rolling kernels over a
 * plain array (NaN unless every value of the window is finite).
 */
function windowAt(values: readonly number[], t: number, window: number): number[] | null {
  if (t < window - 1) return null;
  const slice = values.slice(t - window + 1, t + 1);
  return slice.every(Number.isFinite) ? slice : null;
}

export function naiveRollingMean(values: readonly number[], window: number): number[] {
  return values.map((_, t) => {
    const slice = windowAt(values, t, window);
    return slice === null ? Number.NaN : slice.reduce((a, b) => a + b, 0) / window;
  });
}

/**
 * Sample std (ddof 1) by the corrected two-pass formula (Chan, Golub and LeVeque):
 * m = mean, var = (sum (x-m)^2 - (sum (x-m))^2 / n) / (n - 1), accurate to a few ulp even
 * when the mean is large against the spread. A constant window gives exactly 0 (the
 * kernels' documented rule); NaN for window < 2.
 */
export function naiveRollingStd(values: readonly number[], window: number): number[] {
  return values.map((_, t) => {
    const slice = windowAt(values, t, window);
    if (slice === null || window < 2) return Number.NaN;
    if (slice.every((x) => x === slice[0])) return 0;
    const mean = slice.reduce((a, b) => a + b, 0) / window;
    const deviations = slice.map((x) => x - mean);
    const squares = deviations.reduce((a, d) => a + d * d, 0);
    const sum = deviations.reduce((a, d) => a + d, 0);
    return Math.sqrt(Math.max(0, squares - (sum * sum) / window) / (window - 1));
  });
}

export function naiveRollingMax(values: readonly number[], window: number): number[] {
  return values.map((_, t) => {
    const slice = windowAt(values, t, window);
    return slice === null ? Number.NaN : Math.max(...slice);
  });
}

/** EMA_n of PROTOCOL section 3, written straight from the text. */
export function naiveEma(values: readonly number[], span: number): number[] {
  const alpha = 2 / (span + 1);
  let ema = Number.NaN;
  let seen = 0;
  return values.map((x) => {
    if (Number.isFinite(x)) {
      ema = seen === 0 ? x : alpha * x + (1 - alpha) * ema;
      seen++;
    }
    return seen >= span ? ema : Number.NaN;
  });
}
