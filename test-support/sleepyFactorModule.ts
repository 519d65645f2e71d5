/**
 * The source of a user factor module for tests: a reversal (params `lookback`, `delay_ms`) that
 * sleeps `delay_ms` in compute, so a sweep is slow enough to kill mid-run or to time out.
 */
export function sleepyFactorModule(id: string): string {
  return `const sleeper = new Int32Array(new SharedArrayBuffer(4));
export const factors = [{
  id: '${id}',
  description: 'reversal that sleeps delay_ms in compute (tests timeouts)',
  defaults: { lookback: 5, delay_ms: 0 },
  validate: (p) => (Number.isInteger(p.lookback) && p.lookback >= 1 ? null : 'lookback (' + p.lookback + ') must be a positive integer'),
  compute: (inputs, params, out) => {
    if (params.delay_ms > 0) Atomics.wait(sleeper, 0, 0, params.delay_ms);
    const { close, nDates, nSymbols } = inputs.panel;
    const k = params.lookback;
    for (let t = 0; t < nDates; t++) for (let i = 0; i < nSymbols; i++) {
      const c = t * nSymbols + i;
      out[c] = t < k ? NaN : -(close[c] / close[(t - k) * nSymbols + i] - 1);
    }
  },
}];
`;
}
