import type { FactorRegistry } from '../factors/FactorRegistry.js';
import type { FactorParams, ParamValue } from '../factors/FactorDefinition.js';
import { resolveParams } from '../factors/resolveParams.js';
import type { SegmentMetrics } from '../metrics/SegmentMetrics.js';
import type { PortfolioConfig } from '../portfolio/PortfolioConfig.js';
import { BacktestEngine } from './BacktestEngine.js';
import type { Segment } from './BacktestEngine.js';
import type { MarketContext } from './MarketContext.js';

export type FactorPeriodSpec = {
  readonly id: string;
  /** Fixed parameters; missing ones take the factor's defaults. */
  readonly params?: Readonly<Record<string, ParamValue>>;
};

export type EvaluateFactorsOverPeriodOptions = {
  readonly context: MarketContext;
  readonly registry: FactorRegistry;
  readonly factors: readonly FactorPeriodSpec[];
  readonly portfolio: PortfolioConfig;
  /** Realized days; defaults to [warmupDays, last date]. */
  readonly segment: Segment;
};

export type FactorPeriodResult = {
  readonly factor: string;
  readonly params: FactorParams;
  readonly paramsText: string;
  readonly metrics: SegmentMetrics;
};

/**
 * Evaluates each factor with fixed parameters over one segment (no selection, no windows):
 * a quick in-sample look at a market, used by `npm start` before the gate run exists.
 * Results come in the order of `factors`.
 */
export function evaluateFactorsOverPeriod(options: EvaluateFactorsOverPeriodOptions): FactorPeriodResult[] {
  return options.factors.map((spec) => {
    const factor = options.registry.get(spec.id);
    const params = resolveParams(factor, spec.params ?? {});
    const engine = new BacktestEngine({ context: options.context, factor, portfolio: options.portfolio });
    const evaluation = engine.evaluate({ params, segment: options.segment });
    return { factor: spec.id, params, paramsText: evaluation.paramsText, metrics: evaluation.metrics };
  });
}
