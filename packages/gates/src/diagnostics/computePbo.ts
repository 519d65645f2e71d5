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
 * Cost: one pass over M for per-(column, block) sums, then O(16 K) per split. Every column
 * goes through the same operations (block sums of deviations from the column mean, added
 * in block order), so identical columns give identical SR and exact ties stay ties. A
 * column whose values over J are all equal (decided on the values, not on a rounded
 * variance) has SR_J NaN.
 */
export function computePbo(options: ComputePboOptions): number {
  const { matrix, rows, columns } = options;
  if (columns < 2 || rows < PBO_MIN_ROWS) return Number.NaN;
  const blockStart = new Int32Array(PBO_BLOCKS + 1);
  for (let b = 0; b <= PBO_BLOCKS; b++) blockStart[b] = Math.floor((b * rows) / PBO_BLOCKS);

  // Per (column, block): sum and sum of squares of deviations from the column's mean (a
  // shift that keeps the one-pass variance accurate), whether the block is constant, and
  // its first value (to compare constants across blocks).
  const cells = columns * PBO_BLOCKS;
  const sum = new Float64Array(cells);
  const sumSq = new Float64Array(cells);
  const first = new Float64Array(cells);
  const constant = new Uint8Array(cells);
  const shift = new Float64Array(columns);
  for (let k = 0; k < columns; k++) {
    const offset = k * rows;
    // The mean of the finite values: a NaN day then spoils only the splits whose rows hold it.
    let total = 0;
    let finite = 0;
    for (let t = 0; t < rows; t++) {
      const x = matrix[offset + t] as number;
      if (Number.isFinite(x)) {
        total += x;
        finite++;
      }
    }
    const center = finite === 0 ? 0 : total / finite;
    shift[k] = center;
    for (let b = 0; b < PBO_BLOCKS; b++) {
      const from = blockStart[b] as number;
      const to = blockStart[b + 1] as number;
      const head = matrix[offset + from] as number;
      let s = 0;
      let q = 0;
      let same = 1;
      for (let t = from; t < to; t++) {
        const x = matrix[offset + t] as number;
        if (!(x === head)) same = 0;
        const dev = x - center;
        s += dev;
        q += dev * dev;
      }
      const cell = k * PBO_BLOCKS + b;
      sum[cell] = s;
      sumSq[cell] = q;
      first[cell] = head;
      constant[cell] = same;
    }
  }

  const inSample = new Float64Array(columns);
  const outOfSample = new Float64Array(columns);
  const blocks = cscvSplits();
  const splits = blocks.length / PBO_BLOCKS;
  // Built once: the per-split calls below allocate nothing.
  const sums: BlockSums = { sum, sumSq, first, constant, shift, blockStart, blocks, columns };
  let overfit = 0;
  for (let split = 0; split < splits; split++) {
    blockSharpes(sums, split * PBO_BLOCKS, inSample);
    blockSharpes(sums, split * PBO_BLOCKS + HALF, outOfSample);
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

/** The per-(column, block) sums of one matrix and the split table. */
type BlockSums = {
  readonly sum: Float64Array;
  readonly sumSq: Float64Array;
  readonly first: Float64Array;
  readonly constant: Uint8Array;
  /** The column means the block sums are centred on. */
  readonly shift: Float64Array;
  readonly blockStart: Int32Array;
  /** cscvSplits(): 8 block numbers from each offset. */
  readonly blocks: Int32Array;
  readonly columns: number;
};

/**
 * SR (mean/std, ddof 1) of every column over the rows of the 8 blocks `blocks[from..from+8)`
 * (ascending), from the block sums added in block order; NaN when the column's values there
 * are all equal. Positional arguments: called twice per split, it must not allocate.
 */
function blockSharpes(sums: BlockSums, from: number, out: Float64Array): void {
  const { sum, sumSq, first, constant, shift, blockStart, blocks, columns } = sums;
  let n = 0;
  for (let j = from; j < from + HALF; j++) {
    const b = blocks[j] as number;
    n += (blockStart[b + 1] as number) - (blockStart[b] as number);
  }
  const firstBlock = blocks[from] as number;
  for (let k = 0; k < columns; k++) {
    const base = k * PBO_BLOCKS;
    const value = first[base + firstBlock] as number;
    let allEqual = true;
    let s = 0;
    let q = 0;
    for (let j = from; j < from + HALF; j++) {
      const cell = base + (blocks[j] as number);
      if (constant[cell] !== 1 || !(first[cell] === value)) allEqual = false;
      s += sum[cell] as number;
      q += sumSq[cell] as number;
    }
    if (n < 2 || allEqual) {
      out[k] = Number.NaN;
      continue;
    }
    // Deviations d = x - shift: mean(x) = shift + s/n and var(x) = (q - s^2/n)/(n - 1).
    const meanDev = s / n;
    const variance = (q - s * meanDev) / (n - 1);
    out[k] = ((shift[k] as number) + meanDev) / Math.sqrt(variance);
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
