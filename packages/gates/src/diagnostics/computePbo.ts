/** S, the number of contiguous row blocks of the CSCV matrix (PROTOCOL section 8b). */
export const PBO_BLOCKS = 16;
/** The in-sample set size S/2 (8 of 16 blocks: C(16,8) = 12,870 splits). */
const HALF = PBO_BLOCKS / 2;
/** C(16, 8): the number of in-sample block sets. */
const SPLITS = 12870;
/** pbo needs at least this many rows (two per block). */
export const PBO_MIN_ROWS = 32;

/** Inputs of {@link computePbo}. */
export type ComputePboOptions = {
  /**
   * Matrix M column-major: column k (candidate k in protocol order) holds rows
   * `k * rows .. (k + 1) * rows - 1`, the candidate's stitched test-segment daily net R.
   */
  readonly matrix: Float64Array;
  /** T, rows per column. */
  readonly rows: number;
  /** K, columns (candidates). */
  readonly columns: number;
};

/**
 * Probability of backtest overfitting by combinatorially symmetric cross-validation
 * (Bailey, Borwein, Lopez de Prado and Zhu, 2017), PROTOCOL section 8b.
 *
 * Rows split into 16 contiguous blocks `[floor(b*T/16), floor((b+1)*T/16))`. For each of
 * the C(16,8) = 12,870 in-sample block sets J (the rest J'), SR_J(k) = mean/std (ddof 1) of
 * column k over J's rows; n* = argmax_k SR_J (NaN lowest, ties to the earliest k); its
 * average rank r among the K values SR_J'(.) (1 = lowest, NaN below every number);
 * lambda = logit(r/(K+1)) <= 0 exactly when 2r <= K+1, decided on doubled ranks in integers.
 * pbo = (splits with lambda <= 0) / 12,870; NaN when K < 2 or T < 32.
 *
 * Cost: two passes over M for per-(column, block) means and squared deviations, then
 * O(16 K) per split. SR_J of a column depends on its values over J's rows only (block
 * statistics merged in block order), so columns equal over J - identical columns, or
 * candidates that differ only on days outside J - give identical SR_J and exact ties stay
 * ties. A column whose values over J are all equal (decided on the values, not on a rounded
 * variance) has SR_J NaN.
 */
export function computePbo(options: ComputePboOptions): number {
  const { matrix, rows, columns } = options;
  if (columns < 2 || rows < PBO_MIN_ROWS) return Number.NaN;
  const blockStart = new Int32Array(PBO_BLOCKS + 1);
  for (let b = 0; b <= PBO_BLOCKS; b++) blockStart[b] = Math.floor((b * rows) / PBO_BLOCKS);

  // Per (column, block): its mean and sum of squared deviations from that mean (two passes
  // over the block's own values), whether the block is constant, and its first value (to
  // compare constants across blocks). Each is a function of the block's values alone.
  const cells = columns * PBO_BLOCKS;
  const mean = new Float64Array(cells);
  const m2 = new Float64Array(cells);
  const first = new Float64Array(cells);
  const constant = new Uint8Array(cells);
  for (let k = 0; k < columns; k++) {
    const offset = k * rows;
    for (let b = 0; b < PBO_BLOCKS; b++) {
      const from = offset + (blockStart[b] as number);
      const to = offset + (blockStart[b + 1] as number);
      const head = matrix[from] as number;
      let s = 0;
      let same = 1;
      for (let t = from; t < to; t++) {
        const x = matrix[t] as number;
        if (!(x === head)) same = 0;
        s += x;
      }
      const m = s / (to - from);
      let q = 0;
      for (let t = from; t < to; t++) {
        const dev = (matrix[t] as number) - m;
        q += dev * dev;
      }
      const cell = k * PBO_BLOCKS + b;
      mean[cell] = m;
      m2[cell] = q;
      first[cell] = head;
      constant[cell] = same;
    }
  }

  const inSample = new Float64Array(columns);
  const outOfSample = new Float64Array(columns);
  const blocks = cscvSplits();
  const splits = blocks.length / PBO_BLOCKS;
  // Built once: the per-split calls below allocate nothing.
  const stats: BlockStats = { mean, m2, first, constant, blockStart, blocks, columns };
  let overfit = 0;
  for (let split = 0; split < splits; split++) {
    blockSharpes(stats, split * PBO_BLOCKS, inSample);
    blockSharpes(stats, split * PBO_BLOCKS + HALF, outOfSample);
    const best = argmaxNanLowest(inSample);
    if (doubledAverageRank(outOfSample, best) <= columns + 1) overfit++;
  }
  return overfit / splits;
}

let splitsMemo: Int32Array | null = null;

/**
 * The C(16,8) = 12,870 splits in increasing order of their block bit masks: per split 16
 * block numbers, J's 8 ascending then J''s 8 ascending. Built once per process.
 */
function cscvSplits(): Int32Array {
  if (splitsMemo !== null) return splitsMemo;
  const out = new Int32Array(SPLITS * PBO_BLOCKS);
  let at = 0;
  for (let mask = 0; mask < 1 << PBO_BLOCKS; mask++) {
    if (popcount16(mask) !== HALF) continue;
    for (let b = 0; b < PBO_BLOCKS; b++) if ((mask >> b) & 1) out[at++] = b;
    for (let b = 0; b < PBO_BLOCKS; b++) if (!((mask >> b) & 1)) out[at++] = b;
  }
  splitsMemo = out;
  return out;
}

/** The per-(column, block) statistics of one matrix and the split table. */
type BlockStats = {
  /** Per (column, block): the block's mean and sum of squared deviations from it. */
  readonly mean: Float64Array;
  readonly m2: Float64Array;
  readonly first: Float64Array;
  readonly constant: Uint8Array;
  readonly blockStart: Int32Array;
  /** cscvSplits(): 8 block numbers from each offset. */
  readonly blocks: Int32Array;
  readonly columns: number;
};

/**
 * SR (mean/std, ddof 1) of every column over the rows of the 8 blocks `blocks[from..from+8)`
 * (ascending): the blocks' means and squared deviations merged in block order (Chan, Golub
 * and LeVeque's pairwise update), so SR_J is a function of the column's values over J alone
 * and two columns equal over J tie exactly, whatever they hold elsewhere. NaN when the
 * column's values there are all equal. Positional arguments: called twice per split, it
 * must not allocate.
 */
function blockSharpes(stats: BlockStats, from: number, out: Float64Array): void {
  const { mean, m2, first, constant, blockStart, blocks, columns } = stats;
  const firstBlock = blocks[from] as number;
  for (let k = 0; k < columns; k++) {
    const base = k * PBO_BLOCKS;
    const value = first[base + firstBlock] as number;
    let allEqual = true;
    let n = 0;
    let mu = 0;
    let q = 0;
    for (let j = from; j < from + HALF; j++) {
      const b = blocks[j] as number;
      const cell = base + b;
      if (constant[cell] !== 1 || !(first[cell] === value)) allEqual = false;
      const nb = (blockStart[b + 1] as number) - (blockStart[b] as number);
      const mb = mean[cell] as number;
      const qb = m2[cell] as number;
      if (n === 0) {
        n = nb;
        mu = mb;
        q = qb;
        continue;
      }
      const total = n + nb;
      const delta = mb - mu;
      mu += delta * (nb / total);
      q += qb + delta * delta * ((n * nb) / total);
      n = total;
    }
    out[k] = n < 2 || allEqual ? Number.NaN : mu / Math.sqrt(q / (n - 1));
  }
}

/** Index of the largest value; NaN is lowest, ties go to the earliest index (0 when all are NaN). */
function argmaxNanLowest(values: Float64Array): number {
  let best = 0;
  let bestValue = values[0] as number;
  for (let k = 1; k < values.length; k++) {
    const v = values[k] as number;
    if (v > bestValue || (Number.isNaN(bestValue) && !Number.isNaN(v))) {
      best = k;
      bestValue = v;
    }
  }
  return best;
}

/**
 * 2r for the average rank r (1 = lowest) of `values[at]` among `values`, NaN below every
 * number and tied among themselves: ranks less+1..less+equal average to
 * less + (equal+1)/2, so 2r = 2*less + equal + 1, an integer.
 */
export function doubledAverageRank(values: Float64Array, at: number): number {
  const v = values[at] as number;
  let less = 0;
  let equal = 0;
  if (Number.isNaN(v)) {
    for (let k = 0; k < values.length; k++) if (Number.isNaN(values[k] as number)) equal++;
  } else {
    for (let k = 0; k < values.length; k++) {
      const x = values[k] as number;
      if (Number.isNaN(x) || x < v) less++;
      else if (x === v) equal++;
    }
  }
  return 2 * less + equal + 1;
}

function popcount16(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}
