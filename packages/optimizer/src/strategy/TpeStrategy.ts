import { FeistelPermutation } from '../random/FeistelPermutation.js';
import type { RandomSource } from '../random/RandomSource.js';
import type { ParameterSpace, SpaceDimension } from '../space/ParameterSpace.js';
import type { SweepCandidate } from '../sweep/SweepCandidate.js';
import type { Observation, SearchStrategy } from './SearchStrategy.js';

export type TpeStrategyOptions = {
  readonly space: ParameterSpace;
  readonly random: RandomSource;
  /** Candidates drawn at random before the model is used (default 20). */
  readonly startupCandidates?: number;
  /** Share of the history that counts as good (default 0.25). */
  readonly gamma?: number;
  /** Samples drawn from the good model per proposal; the best l/g ratio wins (default 24). */
  readonly eiSamples?: number;
  /** Caps on the good and bad sets, bounding the model's cost per proposal (defaults 25 and 250). */
  readonly maxGood?: number;
  readonly maxBad?: number;
};

type HistoryEntry = { readonly digits: Int32Array; readonly objective: number; readonly order: number };

/** Parzen model of one dimension over positions 0..size-1. */
type DimModel = {
  readonly size: number;
  readonly ordinal: boolean;
  readonly centers: Int32Array;
  readonly sigma: number;
  /** Categorical: counts per position (null for ordinal dimensions). */
  readonly counts: Float64Array | null;
};

/**
 * An adaptive model-based search in the style of the Tree-structured Parzen Estimator
 * (Bergstra et al., 2011), over grid positions. After `startupCandidates` random draws,
 * the history is split into the best `gamma` share (good) and the rest (bad, NaN counts
 * as bad); each dimension gets a Parzen density l (good) and g (bad): Gaussian kernels
 * over positions for ordered numeric dimensions, smoothed counts for categorical ones,
 * each mixed with a uniform prior. A proposal is the best of `eiSamples` draws from l by
 * sum over dimensions of log l - log g, skipping seen and constraint-violating points
 * (falling back to the random sequence when none is left). Everything random comes from
 * the seeded RandomSource and observations arrive in proposal order, so the same seed
 * gives the same sequence.
 */
export class TpeStrategy implements SearchStrategy {
  readonly name = 'tpe' as const;
  private readonly space: ParameterSpace;
  private readonly random: RandomSource;
  private readonly permutation: FeistelPermutation;
  private readonly startup: number;
  private readonly gamma: number;
  private readonly eiSamples: number;
  private readonly maxGood: number;
  private readonly maxBad: number;
  private readonly seen = new Set<number>();
  private readonly history: HistoryEntry[] = [];
  private cursor = 0;
  private proposed = 0;
  private dropped = 0;
  private readonly digits: Int32Array;

  constructor(options: TpeStrategyOptions) {
    this.space = options.space;
    this.random = options.random;
    this.permutation = new FeistelPermutation({ size: options.space.size, random: options.random });
    this.startup = Math.max(1, options.startupCandidates ?? 20);
    this.gamma = options.gamma ?? 0.25;
    this.eiSamples = Math.max(1, options.eiSamples ?? 24);
    this.maxGood = options.maxGood ?? 25;
    this.maxBad = options.maxBad ?? 250;
    this.digits = new Int32Array(options.space.dimensions.length);
  }

  propose(max: number): SweepCandidate[] {
    const out: SweepCandidate[] = [];
    const models = this.proposed >= this.startup && this.history.length >= 2 ? this.buildModels() : null;
    while (out.length < max) {
      const candidate = models === null || this.proposed < this.startup ? this.nextRandom() : (this.nextModeled(models) ?? this.nextRandom());
      if (candidate === null) break;
      this.seen.add(candidate.index);
      this.proposed += 1;
      out.push(candidate);
    }
    return out;
  }

  observe(observations: readonly Observation[]): void {
    for (const { candidate, objective } of observations) {
      const digits = new Int32Array(this.space.dimensions.length);
      this.space.digitsOf(candidate.index, digits);
      this.history.push({ digits, objective, order: this.history.length });
    }
  }

  rejected(): number {
    return this.dropped;
  }

  private nextRandom(): SweepCandidate | null {
    while (this.cursor < this.space.size) {
      const index = this.permutation.at(this.cursor);
      this.cursor += 1;
      if (this.seen.has(index)) continue;
      const candidate = this.space.decode(index);
      if (candidate !== null) return candidate;
      this.dropped += 1;
      this.seen.add(index);
    }
    return null;
  }

  private nextModeled(models: { good: DimModel[]; bad: DimModel[] }): SweepCandidate | null {
    const dims = this.space.dimensions.length;
    // Three rounds of draws before giving up on the model for this proposal.
    for (let round = 0; round < 3; round++) {
      let bestIndex = -1;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (let s = 0; s < this.eiSamples; s++) {
        let score = 0;
        for (let d = 0; d < dims; d++) {
          const good = models.good[d] as DimModel;
          const position = this.sample(good);
          this.digits[d] = position;
          score += Math.log(density(good, position)) - Math.log(density(models.bad[d] as DimModel, position));
        }
        const index = this.space.indexOf(this.digits);
        if (this.seen.has(index)) continue;
        if (score > bestScore) {
          bestScore = score;
          bestIndex = index;
        }
      }
      if (bestIndex < 0) continue;
      const candidate = this.space.decode(bestIndex);
      if (candidate !== null) return candidate;
      this.dropped += 1;
      this.seen.add(bestIndex);
    }
    return null;
  }

  private buildModels(): { good: DimModel[]; bad: DimModel[] } {
    const sorted = [...this.history].sort((a, b) => {
      const an = Number.isNaN(a.objective);
      const bn = Number.isNaN(b.objective);
      if (an !== bn) return an ? 1 : -1;
      if (!an && a.objective !== b.objective) return b.objective - a.objective;
      return a.order - b.order;
    });
    const nGood = Math.max(1, Math.min(this.maxGood, Math.ceil(this.gamma * sorted.length)));
    const good = sorted.slice(0, nGood);
    // The most recent bad entries (by observation order) bound the model's size.
    const bad = sorted
      .slice(nGood)
      .sort((a, b) => a.order - b.order)
      .slice(-this.maxBad);
    return {
      good: this.space.dimensions.map((dim, d) => dimModel(dim, good, d)),
      bad: this.space.dimensions.map((dim, d) => dimModel(dim, bad, d)),
    };
  }

  private sample(model: DimModel): number {
    const n = model.centers.length;
    if (model.counts !== null) {
      // Categorical: P(k) proportional to counts[k] + 1/size (the prior's share).
      let total = 0;
      for (let k = 0; k < model.size; k++) total += (model.counts[k] as number) + 1 / model.size;
      let u = this.random.nextFloat() * total;
      for (let k = 0; k < model.size; k++) {
        u -= (model.counts[k] as number) + 1 / model.size;
        if (u < 0) return k;
      }
      return model.size - 1;
    }
    const component = this.random.nextInt(n + 1);
    if (component === n) return this.random.nextInt(model.size);
    const position = Math.round((model.centers[component] as number) + model.sigma * this.gaussian());
    return position < 0 ? 0 : position >= model.size ? model.size - 1 : position;
  }

  private gaussian(): number {
    // Box-Muller; 1 - u keeps the log argument in (0, 1].
    const u = 1 - this.random.nextFloat();
    const v = this.random.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

function dimModel(dim: SpaceDimension, entries: readonly HistoryEntry[], d: number): DimModel {
  const size = dim.axis.size;
  const centers = new Int32Array(entries.length);
  for (let k = 0; k < entries.length; k++) centers[k] = (entries[k] as HistoryEntry).digits[d] as number;
  if (!dim.axis.ordinal) {
    const counts = new Float64Array(size);
    for (let k = 0; k < centers.length; k++) counts[centers[k] as number] = (counts[centers[k] as number] as number) + 1;
    return { size, ordinal: false, centers, sigma: 0, counts };
  }
  const sigma = Math.max(0.5, size / (centers.length + 1));
  return { size, ordinal: true, centers, sigma, counts: null };
}

/** The (unnormalised, but equally so for l and g) Parzen density at `position`. */
function density(model: DimModel, position: number): number {
  const n = model.centers.length;
  if (model.counts !== null) return ((model.counts[position] as number) + 1 / model.size) / (n + 1);
  let sum = 1 / model.size;
  const inv = 1 / model.sigma;
  for (let k = 0; k < n; k++) {
    const z = (position - (model.centers[k] as number)) * inv;
    sum += Math.exp(-0.5 * z * z) * inv * 0.3989422804014327;
  }
  return sum / (n + 1);
}
