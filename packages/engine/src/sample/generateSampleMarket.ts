import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import type { Panel } from '../data/Panel.js';
import { SampleMarketOptionsError } from '../errors.js';

/** Options of the seeded synthetic market; every field has a default. */
export type SampleMarketOptions = {
  /** Number of symbols, 1..10000 (default 120). */
  readonly symbols?: number;
  /** Number of business days, 2..100000 (default 1000). */
  readonly days?: number;
  /** Seed of the xoroshiro128+ generator, a 32-bit integer (default 42). */
  readonly seed?: number;
  /** First date `YYYY-MM-DD` (default 2015-01-02); a weekend rolls forward to Monday. */
  readonly startDate?: string;
  /**
   * Planted short-term reversal k: each day's log return includes -k times the symbol's
   * own log return over the previous 5 days (default 0.04; 0 removes the effect).
   */
  readonly reversalStrength?: number;
};

/** SampleMarketOptions with every default filled in. */
export type ResolvedSampleMarketOptions = {
  readonly symbols: number;
  readonly days: number;
  readonly seed: number;
  readonly startDate: string;
  readonly reversalStrength: number;
};

/** The data defects and special names planted in a sample market (ISO dates). */
export type SampleMarketFeatures = {
  /** Symbols whose first row comes after the first calendar date. */
  readonly lateListings: readonly { readonly symbol: string; readonly firstDate: string }[];
  /** Symbols whose last row comes before the last calendar date. */
  readonly delistings: readonly { readonly symbol: string; readonly lastDate: string }[];
  /** Missing stretches of rows inside a symbol's life (both ends inclusive). */
  readonly gaps: readonly { readonly symbol: string; readonly startDate: string; readonly endDate: string }[];
  /** Single empty fields in otherwise complete rows. */
  readonly emptyFields: readonly { readonly symbol: string; readonly date: string; readonly field: 'open' | 'volume' }[];
  /** Symbols that start below $5 (PROTOCOL section 2 rule `price`). */
  readonly lowPriced: readonly string[];
  /** Symbols whose typical dollar volume is below 1e6 (rule `liquidity`). */
  readonly illiquid: readonly string[];
};

/** A generated market: the panel the CSV files will hold, plus which rows exist. */
export type SampleMarket = {
  readonly options: ResolvedSampleMarketOptions;
  /** Prices rounded to 4 decimals and integer volumes, exactly as written to CSV; NaN where a row or field is missing. */
  readonly panel: Panel;
  /** 1 where symbol i has a CSV row on date t (index t * nSymbols + i), else 0. */
  readonly rowPresent: Uint8Array;
  readonly features: SampleMarketFeatures;
};

export const DEFAULT_SAMPLE_MARKET_OPTIONS: ResolvedSampleMarketOptions = {
  symbols: 120,
  days: 1000,
  seed: 42,
  startDate: '2015-01-02',
  reversalStrength: 0.04,
};

/** Days a market needs before late listings, delistings and gaps are planted. */
const MIN_DAYS_FOR_DEFECTS = 100;
const REVERSAL_LOOKBACK = 5;
const MARKET_DRIFT = 0.0003;
const MARKET_VOL = 0.01;
const VOLUME_LOG_SD = 0.35;

/**
 * A seeded synthetic daily market for demos and tests (not real prices).
 *
 * Log returns: beta_i * market_t + sigma_i * z - k * (log C[t-1] - log C[t-6]), so the
 * `reversal` factor (lookback 5) has a real out-of-sample edge while liquidity, 52-week
 * high and the other factors see noise. Per-symbol beta (0.5..1.5) and volatility
 * (1%..2.8% a day), log-normal volumes around a per-symbol dollar-volume level (mostly
 * 3e6..2e8, a few illiquid names 2e5..8e5), a few names starting under $5, and - with at
 * least 100 days - late listings, delistings, short gaps and two empty fields. The first
 * symbol always has every date, so the calendar is every business day.
 *
 * Deterministic: the same options give the same market (pure-rand xoroshiro128+,
 * Box-Muller normals). Symbols are `S000`, `S001`, ... (sorted).
 */
export function generateSampleMarket(options: SampleMarketOptions = {}): SampleMarket {
  const resolved = resolveOptions(options);
  const { symbols: nSymbols, days: nDates, reversalStrength } = resolved;
  const width = Math.max(3, String(nSymbols - 1).length);
  const symbols: string[] = [];
  for (let i = 0; i < nSymbols; i++) symbols.push(`S${String(i).padStart(width, '0')}`);
  const isoDates = businessDays(resolved.startDate, nDates);
  const dates = new Int32Array(nDates);
  for (let t = 0; t < nDates; t++) dates[t] = Number(isoDates[t]!.replaceAll('-', ''));

  // Independent streams, so adding a feature never shifts the price draws.
  const root = xoroshiro128plus(resolved.seed);
  const marketRng = root.clone();
  root.jump();
  const featureRng = root.clone();
  root.jump();
  const priceRng = root.clone();
  const marketNormals = new NormalSource(marketRng);
  const normals = new NormalSource(priceRng);

  const market = new Float64Array(nDates);
  for (let t = 0; t < nDates; t++) market[t] = MARKET_DRIFT + MARKET_VOL * marketNormals.next();

  const plan = planFeatures({ rng: featureRng, nSymbols, nDates });
  const first = plan.first;
  const last = plan.last;

  const size = nDates * nSymbols;
  const open = new Float64Array(size).fill(Number.NaN);
  const high = new Float64Array(size).fill(Number.NaN);
  const low = new Float64Array(size).fill(Number.NaN);
  const close = new Float64Array(size).fill(Number.NaN);
  const volume = new Float64Array(size).fill(Number.NaN);
  const rowPresent = new Uint8Array(size);
  const pastReturns = new Float64Array(REVERSAL_LOOKBACK);

  for (let i = 0; i < nSymbols; i++) {
    const beta = 0.5 + uniformFloat64(priceRng);
    const sigma = 0.01 * Math.exp(Math.log(2.8) * uniformFloat64(priceRng));
    const startPrice = plan.lowPriced[i] === 1 ? 1.5 + 3 * uniformFloat64(priceRng) : logUniform(priceRng, 8, 250);
    const dollarVolume = plan.illiquid[i] === 1 ? logUniform(priceRng, 2e5, 8e5) : logUniform(priceRng, 3e6, 2e8);
    const volumeMean = Math.log(dollarVolume) - 0.5 * VOLUME_LOG_SD * VOLUME_LOG_SD;
    pastReturns.fill(0);
    let past = 0; // sum of the ring buffer: log return over the previous 5 days
    let logClose = Math.log(startPrice);
    const firstDay = first[i]!;
    const lastDay = last[i]!;
    for (let t = firstDay; t <= lastDay; t++) {
      const logReturn = t === firstDay ? 0 : beta * market[t]! + sigma * normals.next() - reversalStrength * past;
      const previousClose = Math.exp(logClose);
      logClose += logReturn;
      const slot = t % REVERSAL_LOOKBACK;
      past += logReturn - pastReturns[slot]!;
      pastReturns[slot] = logReturn;

      const c = Math.exp(logClose);
      const o = previousClose * Math.exp(0.3 * sigma * normals.next());
      const h = Math.max(o, c) * Math.exp(0.5 * sigma * Math.abs(normals.next()));
      const l = Math.min(o, c) * Math.exp(-0.5 * sigma * Math.abs(normals.next()));
      const v = Math.exp(volumeMean + VOLUME_LOG_SD * normals.next()) / c;
      if (plan.gap[i] === 1 && t >= plan.gapStart[i]! && t <= plan.gapEnd[i]!) continue;
      const cell = t * nSymbols + i;
      // Rounding is monotone, so low <= open, close <= high survives it.
      open[cell] = round4(o);
      high[cell] = round4(h);
      low[cell] = round4(l);
      close[cell] = round4(c);
      volume[cell] = Math.round(v);
      rowPresent[cell] = 1;
    }
  }
  for (const empty of plan.emptyFields) {
    const cell = empty.day * nSymbols + empty.symbol;
    (empty.field === 'open' ? open : volume)[cell] = Number.NaN;
  }

  const features: SampleMarketFeatures = {
    lateListings: plan.late.map((i) => ({ symbol: symbols[i]!, firstDate: isoDates[first[i]!]! })),
    delistings: plan.delisted.map((i) => ({ symbol: symbols[i]!, lastDate: isoDates[last[i]!]! })),
    gaps: plan.gapped.map((i) => ({ symbol: symbols[i]!, startDate: isoDates[plan.gapStart[i]!]!, endDate: isoDates[plan.gapEnd[i]!]! })),
    emptyFields: plan.emptyFields.map((e) => ({ symbol: symbols[e.symbol]!, date: isoDates[e.day]!, field: e.field })),
    lowPriced: symbolsWhere(plan.lowPriced, symbols),
    illiquid: symbolsWhere(plan.illiquid, symbols),
  };
  const panel: Panel = { symbols, dates, nDates, nSymbols, open, high, low, close, volume, marketCap: null };
  return { options: resolved, panel, rowPresent, features };
}

type FeaturePlan = {
  first: Int32Array;
  last: Int32Array;
  gap: Uint8Array;
  gapStart: Int32Array;
  gapEnd: Int32Array;
  lowPriced: Uint8Array;
  illiquid: Uint8Array;
  late: number[];
  delisted: number[];
  gapped: number[];
  emptyFields: { symbol: number; day: number; field: 'open' | 'volume' }[];
};

/** Picks disjoint symbols (never symbol 0) for each planted feature. */
function planFeatures(options: { rng: JumpableRandomGenerator; nSymbols: number; nDates: number }): FeaturePlan {
  const { rng, nSymbols, nDates } = options;
  const plan: FeaturePlan = {
    first: new Int32Array(nSymbols),
    last: new Int32Array(nSymbols).fill(nDates - 1),
    gap: new Uint8Array(nSymbols),
    gapStart: new Int32Array(nSymbols),
    gapEnd: new Int32Array(nSymbols),
    lowPriced: new Uint8Array(nSymbols),
    illiquid: new Uint8Array(nSymbols),
    late: [],
    delisted: [],
    gapped: [],
    emptyFields: [],
  };
  const pool: number[] = [];
  for (let i = 1; i < nSymbols; i++) pool.push(i);
  for (let k = pool.length - 1; k > 0; k--) {
    const j = uniformInt(rng, 0, k);
    const swap = pool[k]!;
    pool[k] = pool[j]!;
    pool[j] = swap;
  }
  const take = (count: number): number[] => pool.splice(0, Math.min(count, pool.length)).sort((a, b) => a - b);

  for (const i of take(Math.max(1, Math.round(nSymbols / 20)))) plan.lowPriced[i] = 1;
  for (const i of take(Math.max(1, Math.round(nSymbols / 15)))) plan.illiquid[i] = 1;
  if (nDates < MIN_DAYS_FOR_DEFECTS) return plan;

  const fewSymbols = Math.max(1, Math.round(nSymbols / 40));
  plan.late = take(fewSymbols);
  for (const i of plan.late) plan.first[i] = uniformInt(rng, Math.floor(nDates * 0.05) + 1, Math.floor(nDates * 0.4));
  plan.delisted = take(fewSymbols);
  for (const i of plan.delisted) plan.last[i] = uniformInt(rng, Math.floor(nDates * 0.6), nDates - 2 - Math.floor(nDates * 0.05));
  plan.gapped = take(fewSymbols);
  for (const i of plan.gapped) {
    plan.gap[i] = 1;
    plan.gapStart[i] = uniformInt(rng, Math.floor(nDates * 0.2), Math.floor(nDates * 0.8));
    plan.gapEnd[i] = plan.gapStart[i]! + uniformInt(rng, 3, 10) - 1;
  }
  const fields = ['open', 'volume'] as const;
  const emptySymbols = take(fields.length);
  for (let k = 0; k < emptySymbols.length; k++) {
    plan.emptyFields.push({ symbol: emptySymbols[k]!, day: uniformInt(rng, Math.floor(nDates * 0.1), nDates - 1), field: fields[k]! });
  }
  return plan;
}

/** Standard normal draws by Box-Muller on a seeded generator (the second value of each pair is kept). */
class NormalSource {
  private spare = 0;
  private hasSpare = false;

  constructor(private readonly rng: JumpableRandomGenerator) {}

  next(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const u1 = 1 - uniformFloat64(this.rng); // (0, 1]: log stays finite
    const u2 = uniformFloat64(this.rng);
    const radius = Math.sqrt(-2 * Math.log(u1));
    this.spare = radius * Math.sin(2 * Math.PI * u2);
    this.hasSpare = true;
    return radius * Math.cos(2 * Math.PI * u2);
  }
}

function resolveOptions(options: SampleMarketOptions): ResolvedSampleMarketOptions {
  const resolved = { ...DEFAULT_SAMPLE_MARKET_OPTIONS, ...definedOnly(options) };
  checkInteger('symbols', resolved.symbols, 1, 10_000);
  checkInteger('days', resolved.days, 2, 100_000);
  checkInteger('seed', resolved.seed, -0x8000_0000, 0xffff_ffff);
  if (!Number.isFinite(resolved.reversalStrength) || resolved.reversalStrength < 0 || resolved.reversalStrength >= 0.5) {
    throw new SampleMarketOptionsError({ option: 'reversalStrength', value: resolved.reversalStrength, expected: 'a number in [0, 0.5)' });
  }
  parseIsoDate(resolved.startDate);
  return resolved;
}

function definedOnly(options: SampleMarketOptions): SampleMarketOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as SampleMarketOptions;
}

function checkInteger(option: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SampleMarketOptionsError({ option, value, expected: `an integer from ${min} to ${max}` });
  }
}

function parseIsoDate(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ms = match === null ? Number.NaN : Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw new SampleMarketOptionsError({ option: 'startDate', value: text, expected: 'a date YYYY-MM-DD' });
  }
  return ms;
}

/** `count` Monday-to-Friday dates from `start` (rolled forward off a weekend), as YYYY-MM-DD. */
function businessDays(start: string, count: number): string[] {
  const dayMs = 86_400_000;
  const out: string[] = [];
  for (let ms = parseIsoDate(start); out.length < count; ms += dayMs) {
    const weekday = new Date(ms).getUTCDay();
    if (weekday !== 0 && weekday !== 6) out.push(new Date(ms).toISOString().slice(0, 10));
  }
  return out;
}

function logUniform(rng: JumpableRandomGenerator, min: number, max: number): number {
  return min * Math.exp(Math.log(max / min) * uniformFloat64(rng));
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

function symbolsWhere(flags: Uint8Array, symbols: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < flags.length; i++) if (flags[i] === 1) out.push(symbols[i]!);
  return out;
}
