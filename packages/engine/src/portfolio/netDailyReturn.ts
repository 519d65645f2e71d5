/**
 * R[d] of PROTOCOL section 4, the one place cost is charged: the gross return of the held
 * target on day d minus turnover * cost_bps / 1e4, where `turnover` is that of the rebalance
 * at d - 1 (the day after a rebalance) and 0 on every other day (gross - 0 is gross, bit for
 * bit, as cost_bps is finite and >= 0). Shared by simulateSegment and sliceDailyTable.
 */
export function netDailyReturn(gross: number, turnover: number, costBps: number): number {
  return gross - (turnover * costBps) / 1e4;
}
