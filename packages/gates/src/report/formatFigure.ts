/** A report figure with `digits` decimals; `-` for NaN or an infinity (the reports' empty figure). */
export function fixed(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '-';
}

/** A margin: as `fixed`, with a `+` before a non-negative value. */
export function signed(x: number, digits: number): string {
  return Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(digits)}` : '-';
}
