import type { Panel } from '../data/Panel.js';
import { createSortBuffers, sortByKey } from '../portfolio/sortByKey.js';
import type { Universe, UniverseConfig } from './Universe.js';
import { InvalidUniverseConfigError } from '../errors.js';

/** Length of the liquidity window t-19..t (PROTOCOL section 2, rule 4). */
export const LIQUIDITY_WINDOW_DAYS = 20;

const NO_PRICE = 1;
const HISTORY = 2;
const PRICE = 3;
const LIQUIDITY = 4;
const RANK = 5;

/**
 * The universe of PROTOCOL section 2 for every symbol-day: each symbol-day gets the code
 * of the first rule it fails (1 no_price, 2 history, 3 price, 4 liquidity, 5 rank) or 0.
 *
 * - history: the run of consecutive finite positive closes ending at t (a gap resets it).
 * - liquidity: the mean of DV = C*V over t-19..t; t < 19 or any non-finite DV in the
 *   window fails. A zero volume is a DV of 0, not a missing one.
 * - rank (`topN` set): survivors of rules 1-4 ordered by market cap at t descending (the
 *   20-day mean DV descending when the panel has no market caps), ties by symbol; all but
 *   the first topN fail. When the panel has caps, a survivor whose cap at t is missing
 *   (not finite) fails the rank rule: it cannot be ranked by size (a project decision;
 *   PROTOCOL section 2 does not say).
 *
 * The liquidity mean is summed afresh for each window (20 adds, oldest date first), so it
 * carries no drift.
 */
export function computeUniverse(panel: Panel, config: UniverseConfig): Universe {
  validateConfig(config);
  const { nDates, nSymbols, close, volume } = panel;
  const marketCap = panel.marketCap;
  const { minHistory, minPrice, minDollarVolume, topN } = config;
  const cells = nDates * nSymbols;
  const status = new Uint8Array(cells);
  const eligibleCount = new Int32Array(nDates);
  const excludedCounts = new Int32Array(nDates * 5);

  // DV = C*V of the last LIQUIDITY_WINDOW_DAYS dates, date t in row t % LIQUIDITY_WINDOW_DAYS
  // (a ring of rows, not a T x N copy). Each date's window sums are added row by row, oldest
  // date first from 0, for every symbol at once: per symbol the same additions in the same
  // order as a sum over its window, so the same bits; `finiteRun` counts the consecutive
  // finite DVs ending at t, so a window holding a non-finite DV is told apart exactly.
  const dollarVolume = new Float64Array(LIQUIDITY_WINDOW_DAYS * nSymbols);
  const windowSum = new Float64Array(nSymbols);
  const finiteRun = new Int32Array(nSymbols);

  const runLength = new Int32Array(nSymbols);
  const meanDollarVolume = new Float64Array(nSymbols);
  const sortBuffers = createSortBuffers(nSymbols);
  const rankKeys = sortBuffers.keys;
  const rankIndex = sortBuffers.index;

  for (let t = 0; t < nDates; t++) {
    const row = t * nSymbols;
    const ringRow = (t % LIQUIDITY_WINDOW_DAYS) * nSymbols;
    for (let i = 0; i < nSymbols; i++) {
      const dv = (close[row + i] as number) * (volume[row + i] as number);
      dollarVolume[ringRow + i] = dv;
      finiteRun[i] = dv - dv === 0 ? (finiteRun[i] as number) + 1 : 0;
    }
    const fullWindow = t >= LIQUIDITY_WINDOW_DAYS - 1;
    if (fullWindow) sumWindows(dollarVolume, t, windowSum);
    let survivors = 0;
    for (let i = 0; i < nSymbols; i++) {
      const c = close[row + i] as number;
      const hasPrice = c > 0 && c < Infinity;
      runLength[i] = hasPrice ? (runLength[i] as number) + 1 : 0;
      let code = 0;
      if (!hasPrice) code = NO_PRICE;
      else if ((runLength[i] as number) < minHistory) code = HISTORY;
      else if (c < minPrice) code = PRICE;
      else {
        // NaN when t < 19 or the window holds a non-finite DV.
        const mean = fullWindow && (finiteRun[i] as number) >= LIQUIDITY_WINDOW_DAYS ? (windowSum[i] as number) / LIQUIDITY_WINDOW_DAYS : NaN;
        meanDollarVolume[i] = mean;
        // A NaN mean (missing DV in the window, or t < 19) fails too.
        if (!(mean >= minDollarVolume)) code = LIQUIDITY;
      }
      status[row + i] = code;
      if (code === 0) survivors++;
    }

    if (topN !== null && survivors > 0) {
      // Sort survivors by size descending (keys negated), ties by symbol via the stable sort.
      let n = 0;
      for (let i = 0; i < nSymbols; i++) {
        if (status[row + i] !== 0) continue;
        const size = marketCap === null ? (meanDollarVolume[i] as number) : (marketCap[row + i] as number);
        if (marketCap !== null && !(size - size === 0)) {
          status[row + i] = RANK;
          continue;
        }
        rankKeys[n] = -size;
        rankIndex[n] = i;
        n++;
      }
      if (n > topN) {
        sortByKey(sortBuffers, n);
        for (let p = topN; p < n; p++) status[row + (rankIndex[p] as number)] = RANK;
      }
    }

    let eligible = 0;
    for (let i = 0; i < nSymbols; i++) {
      const code = status[row + i] as number;
      if (code === 0) eligible++;
      else {
        const slot = t * 5 + code - 1;
        excludedCounts[slot] = (excludedCounts[slot] as number) + 1;
      }
    }
    eligibleCount[t] = eligible;
  }
  return { config, nDates, nSymbols, status, eligibleCount, excludedCounts };
}

/**
 * The DV sums over t-19..t of every symbol into `out`: from 0, the ring's rows added oldest
 * date first (date t - 19 is in ring row (t + 1) % 20). Meaningful where all 20 DVs are finite.
 */
function sumWindows(dollarVolume: Float64Array, t: number, out: Float64Array): void {
  const nSymbols = out.length;
  out.fill(0);
  let ringRow = (t + 1) % LIQUIDITY_WINDOW_DAYS;
  for (let n = 0; n < LIQUIDITY_WINDOW_DAYS; n++) {
    const base = ringRow * nSymbols;
    for (let i = 0; i < nSymbols; i++) out[i] = (out[i] as number) + (dollarVolume[base + i] as number);
    ringRow = ringRow + 1 === LIQUIDITY_WINDOW_DAYS ? 0 : ringRow + 1;
  }
}

function validateConfig(config: UniverseConfig): void {
  const { minHistory, minPrice, minDollarVolume, topN } = config;
  if (!Number.isInteger(minHistory) || minHistory < 0) {
    throw new InvalidUniverseConfigError({ key: 'min_history', value: minHistory, expected: 'an integer >= 0' });
  }
  if (!Number.isFinite(minPrice)) {
    throw new InvalidUniverseConfigError({ key: 'min_price', value: minPrice, expected: 'a finite number' });
  }
  if (!Number.isFinite(minDollarVolume)) {
    throw new InvalidUniverseConfigError({
      key: 'min_dollar_volume',
      value: minDollarVolume,
      expected: 'a finite number',
    });
  }
  if (topN !== null && (!Number.isInteger(topN) || topN < 1)) {
    throw new InvalidUniverseConfigError({ key: 'top_n', value: topN, expected: 'null or an integer >= 1' });
  }
}
