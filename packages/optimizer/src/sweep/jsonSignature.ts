import { createHash } from 'node:crypto';
import type { FactorParams } from '@wf/engine';
import type { PortfolioSetting } from './candidateSignature.js';

/**
 * The old signature (benchmark baseline, `--signatures json`): the first 16 hex digits of
 * the sha256 of a JSON text of the params (keys sorted) and the swept portfolio settings.
 * It builds an object, a JSON string and a hash per proposal, which `candidateSignature`
 * avoids. The values differ from the structural ones, so `results.ndjson` and `top.json`
 * differ in their `signature` and `dominated_by` fields (the numbers do not).
 */
export function jsonSignature(params: FactorParams, portfolio: readonly PortfolioSetting[]): string {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(params).sort()) sorted[key] = params[key];
  const text = JSON.stringify({ params: sorted, portfolio: portfolio.map(([name, value]) => [name, value]) });
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
