/**
 * param_stability of PROTOCOL section 8b: (number of windows selecting the most often
 * selected params) / W, params compared by their canonical text. 1 when the factor has a
 * single candidate (every window selects it); NaN without windows.
 * @param selectedParams the canonical params text each window selected, in window order.
 */
export function paramStability(selectedParams: readonly string[]): number {
  if (selectedParams.length === 0) return Number.NaN;
  const counts = new Map<string, number>();
  let most = 0;
  for (const params of selectedParams) {
    const count = (counts.get(params) ?? 0) + 1;
    counts.set(params, count);
    if (count > most) most = count;
  }
  return most / selectedParams.length;
}
