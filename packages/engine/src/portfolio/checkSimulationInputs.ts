import type { PortfolioConfig } from './PortfolioConfig.js';
import type { ScoreRanking } from './ScoreRanking.js';
import { checkLength } from '../errors.js';
import { SimulationScratch } from './SimulationScratch.js';
import { validatePortfolio } from './validatePortfolio.js';

export type SimulationInputs = {
  readonly returns: Float64Array;
  readonly returnRanking: ScoreRanking;
  readonly scores: Float64Array;
  readonly scoreRanking: ScoreRanking;
  readonly nSymbols: number;
  readonly portfolio: PortfolioConfig;
  readonly scratch?: SimulationScratch;
};

/**
 * Checks the portfolio settings and that every array has the panel's shape (simulateSegment
 * and computeDailyTable take the same inputs); returns the calendar length and the scratch
 * buffers to use (the caller's, or fresh ones).
 */
export function checkSimulationInputs(inputs: SimulationInputs): { nDates: number; scratch: SimulationScratch } {
  const { returns, returnRanking, scores, scoreRanking, nSymbols } = inputs;
  validatePortfolio(inputs.portfolio);
  const nDates = scoreRanking.nDates;
  const cells = nDates * nSymbols;
  checkLength('scores', scores.length, cells);
  checkLength('returns', returns.length, cells);
  checkLength('scoreRanking.order', scoreRanking.order.length, cells);
  checkLength('returnRanking.order', returnRanking.order.length, cells);
  checkLength('returnRanking.count', returnRanking.count.length, nDates);
  const scratch = inputs.scratch ?? new SimulationScratch(nSymbols);
  checkLength('scratch (symbols)', scratch.nSymbols, nSymbols);
  return { nDates, scratch };
}
