/**
 * Maximum drawdown of daily returns, PROTOCOL section 5: max over d of
 * 1 - E[d]/max(1, E[1..d]) with E[d] = prod(1 + R[1..d]). The peak starts at the initial
 * equity 1, so a segment that only loses has drawdown 1 - E[d] from day one.
 * A fraction (0.25 = 25% below the peak); NaN for no days.
 */
export function maxDrawdown(returns: Float64Array): number {
  const n = returns.length;
  if (n === 0) return Number.NaN;
  let equity = 1;
  let peak = 1;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    equity *= 1 + returns[i]!;
    if (equity > peak) peak = equity;
    const drawdown = 1 - equity / peak;
    // Written so that a NaN drawdown propagates instead of being skipped.
    if (!(drawdown <= worst)) worst = drawdown;
  }
  return worst;
}
