/**
 * Allocation-free stable sort of (key, index) pairs, the kernel of the cross-sectional
 * rankings (PROTOCOL section 4: "sort by score ascending, symbol ascending").
 *
 * Callers gather the pairs in symbol order and rely on stability for the symbol
 * tie-break, so the comparisons look at keys only; -0 and +0 compare equal.
 *
 * Algorithm: a least-significant-digit radix sort of the gather positions by the high 32
 * bits of each key (sign, exponent and 20 bits of mantissa, mapped to an unsigned integer
 * that orders as the doubles do), in three stable passes of 11, 11 and 10 bits (a ranked row of
 * at most NARROW_MAX symbols: four of 8 bits; a pass whose digit is the same for every key is
 * skipped), then one insertion pass that orders the rare
 * runs of keys sharing their high 32 bits by the whole key. Its cost does not depend on how
 * the keys are spread (heavy tails, clusters, ties). On rows of 5,000 real factor scores it took
 * about half the time of the bucket sort it replaced (sortByKey.bench in analysis/perf_benchmarks).
 */

/** Fewer pairs than this are insertion-sorted directly. */
const INSERTION_MAX = 48;
const BITS0 = 11;
const BITS1 = 11;
const BINS0 = 1 << BITS0;
const BINS1 = 1 << BITS1;
const BINS2 = 1 << (32 - BITS0 - BITS1);
const MASK0 = BINS0 - 1;
const MASK1 = BINS1 - 1;
const SHIFT1 = BITS0;
const SHIFT2 = BITS0 + BITS1;

/**
 * Rows of at most this many pairs take four 8-bit passes instead (256 bins each): the 11-bit
 * plan clears and scans 5,120 counters per row, which on a 505-symbol row costs more than
 * moving the pairs. The order is the same either way (a stable sort by the same keys).
 */
const NARROW_MAX = 2048;
const NARROW_BINS = 256;

/** Index of the high 32-bit word of a double in a Uint32Array view (1 on little-endian machines). */
const HIGH_WORD = new Uint32Array(new Float64Array([1]).buffer)[1] === 0x3ff00000 ? 1 : 0;

/**
 * The pairs to sort and the sort's working buffers, allocated once for up to `capacity`
 * pairs: write the pairs into `keys` and `index` (positions 0..n-1), call `sortByKey`.
 */
export type SortBuffers = {
  readonly capacity: number;
  /** Sort keys (no NaN); -0 and +0 compare equal. */
  readonly keys: Float64Array;
  /** The payload moved with each key (a symbol index). */
  readonly index: Int32Array;
  /** After sortPositionsByKey: the gather positions 0..n-1 in sorted order. */
  readonly position: Int32Array;
  /** The 32-bit word of each key per position (as it goes through the passes), and the passes' scratch. */
  readonly high: Uint32Array;
  readonly tmpHigh: Uint32Array;
  readonly tmpPosition: Int32Array;
  readonly tmpKeys: Float64Array;
  readonly tmpIndex: Int32Array;
  readonly count0: Int32Array;
  readonly count1: Int32Array;
  readonly count2: Int32Array;
  /** The four 8-bit passes' counters (rows of NARROW_MAX symbols and fewer). */
  readonly narrow0: Int32Array;
  readonly narrow1: Int32Array;
  readonly narrow2: Int32Array;
  readonly narrow3: Int32Array;
  /** The counting passes over these counters: 11, 11 and 10 bits, or (narrow) four of 8 bits. */
  readonly widePasses: readonly RadixPass[];
  readonly narrowPasses: readonly RadixPass[];
  /** `keys` seen as 32-bit words. */
  readonly words: Uint32Array;
};

/** One stable counting pass: the digit (h >>> shift) & mask of each high word, its counters. */
type RadixPass = { readonly counts: Int32Array; readonly shift: number; readonly mask: number };

export function createSortBuffers(capacity: number): SortBuffers {
  const keys = new Float64Array(capacity);
  const count0 = new Int32Array(BINS0);
  const count1 = new Int32Array(BINS1);
  const count2 = new Int32Array(BINS2);
  const narrow = [0, 1, 2, 3].map(() => new Int32Array(NARROW_BINS));
  return {
    capacity,
    keys,
    index: new Int32Array(capacity),
    position: new Int32Array(capacity),
    high: new Uint32Array(capacity),
    tmpHigh: new Uint32Array(capacity),
    tmpPosition: new Int32Array(capacity),
    tmpKeys: new Float64Array(capacity),
    tmpIndex: new Int32Array(capacity),
    count0,
    count1,
    count2,
    narrow0: narrow[0]!,
    narrow1: narrow[1]!,
    narrow2: narrow[2]!,
    narrow3: narrow[3]!,
    widePasses: [
      { counts: count0, shift: 0, mask: MASK0 },
      { counts: count1, shift: SHIFT1, mask: MASK1 },
      { counts: count2, shift: SHIFT2, mask: BINS2 - 1 },
    ],
    narrowPasses: narrow.map((counts, pass) => ({ counts, shift: 8 * pass, mask: NARROW_BINS - 1 })),
    words: new Uint32Array(keys.buffer, keys.byteOffset, 2 * capacity),
  };
}

/**
 * Sorts the first `n` pairs (buffers.keys[k], buffers.index[k]) in place, ascending by key;
 * pairs with equal keys keep their input order (stable). No allocation.
 */
export function sortByKey(buffers: SortBuffers, n: number): void {
  sortPositionsByKey(buffers, n);
  const { keys, index, position, tmpKeys, tmpIndex } = buffers;
  for (let p = 0; p < n; p++) {
    const k = position[p] as number;
    tmpKeys[p] = keys[k] as number;
    tmpIndex[p] = index[k] as number;
  }
  keys.set(tmpKeys.subarray(0, n));
  index.set(tmpIndex.subarray(0, n));
}

/**
 * Leaves in `buffers.position[0..n)` the positions 0..n-1 of the first `n` keys in stable
 * ascending key order; keys and index are not moved. No allocation.
 */
export function sortPositionsByKey(buffers: SortBuffers, n: number): void {
  checkCount(buffers, n);
  const { keys, words, count0, count1, count2, position, high } = buffers;
  if (n < INSERTION_MAX) {
    for (let k = 0; k < n; k++) position[k] = k;
    insertionSortPositions(keys, 0, position, 0, n);
    return;
  }
  clearCounts(buffers);
  for (let k = 0; k < n; k++) {
    const h = orderedHighWord(keys[k] as number, words[2 * k + HIGH_WORD] as number);
    high[k] = h;
    position[k] = k;
    count0[h & MASK0] = (count0[h & MASK0] as number) + 1;
    count1[(h >>> SHIFT1) & MASK1] = (count1[(h >>> SHIFT1) & MASK1] as number) + 1;
    count2[h >>> SHIFT2] = (count2[h >>> SHIFT2] as number) + 1;
  }
  radixPassesAndFixup(buffers, buffers.widePasses, n, keys, 0);
}

/**
 * The cross-sectional order of one row (rankCrossSection's kernel): the symbols i < width
 * whose value values[row + i] is finite and (with `status`) whose status[row + i] is 0, in
 * stable ascending value order (ties by symbol), written to order[row ..]; returns their
 * count. Same result as gathering them in symbol order and calling sortByKey, in one pass
 * fewer. `words` must be `values` seen as 32-bit words (same buffer and offset).
 */
export function sortRowByValue(
  buffers: SortBuffers,
  values: Float64Array,
  words: Uint32Array,
  status: Uint8Array | null,
  row: number,
  width: number,
  order: Int32Array,
): number {
  checkCount(buffers, width);
  if (width <= NARROW_MAX) return sortNarrowRowByValue(buffers, values, words, status, row, width, order);
  const { count0, count1, count2, position, high } = buffers;
  clearCounts(buffers);
  let n = 0;
  for (let i = 0; i < width; i++) {
    const v = values[row + i] as number;
    // v - v === 0 is false exactly for NaN and +-Infinity.
    if (v - v === 0 && (status === null || status[row + i] === 0)) {
      const h = orderedHighWord(v, words[2 * (row + i) + HIGH_WORD] as number);
      high[n] = h;
      position[n] = i;
      n++;
      count0[h & MASK0] = (count0[h & MASK0] as number) + 1;
      count1[(h >>> SHIFT1) & MASK1] = (count1[(h >>> SHIFT1) & MASK1] as number) + 1;
      count2[h >>> SHIFT2] = (count2[h >>> SHIFT2] as number) + 1;
    }
  }
  if (n < INSERTION_MAX) insertionSortPositions(values, row, position, 0, n);
  else radixPassesAndFixup(buffers, buffers.widePasses, n, values, row);
  order.set(position.subarray(0, n), row);
  return n;
}

/** sortRowByValue of a row of at most NARROW_MAX symbols: four 8-bit passes. */
function sortNarrowRowByValue(
  buffers: SortBuffers,
  values: Float64Array,
  words: Uint32Array,
  status: Uint8Array | null,
  row: number,
  width: number,
  order: Int32Array,
): number {
  const { narrow0, narrow1, narrow2, narrow3, position, high } = buffers;
  clearNarrowCounts(buffers);
  let n = 0;
  for (let i = 0; i < width; i++) {
    const v = values[row + i] as number;
    // v - v === 0 is false exactly for NaN and +-Infinity.
    if (v - v === 0 && (status === null || status[row + i] === 0)) {
      const h = orderedHighWord(v, words[2 * (row + i) + HIGH_WORD] as number);
      high[n] = h;
      position[n] = i;
      n++;
      narrow0[h & 255] = (narrow0[h & 255] as number) + 1;
      narrow1[(h >>> 8) & 255] = (narrow1[(h >>> 8) & 255] as number) + 1;
      narrow2[(h >>> 16) & 255] = (narrow2[(h >>> 16) & 255] as number) + 1;
      narrow3[h >>> 24] = (narrow3[h >>> 24] as number) + 1;
    }
  }
  if (n < INSERTION_MAX) insertionSortPositions(values, row, position, 0, n);
  else radixPassesAndFixup(buffers, buffers.narrowPasses, n, values, row);
  order.set(position.subarray(0, n), row);
  return n;
}

function checkCount(buffers: SortBuffers, n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > buffers.capacity) {
    throw new RangeError(`sortByKey: n = ${n} is not an integer in [0, ${buffers.capacity}]`);
  }
}

function clearCounts(buffers: SortBuffers): void {
  buffers.count0.fill(0);
  buffers.count1.fill(0);
  buffers.count2.fill(0);
}

function clearNarrowCounts(buffers: SortBuffers): void {
  buffers.narrow0.fill(0);
  buffers.narrow1.fill(0);
  buffers.narrow2.fill(0);
  buffers.narrow3.fill(0);
}

/**
 * The high 32-bit word of a double (`word`), mapped to an unsigned integer that orders as the
 * doubles do: negative keys have all bits flipped (larger magnitude first), others the sign
 * bit set; zeros of either sign map alike.
 */
function orderedHighWord(key: number, word: number): number {
  return key === 0 ? 0x80000000 : word >= 0x80000000 ? ~word >>> 0 : (word | 0x80000000) >>> 0;
}

/**
 * The stable counting passes (`passes`, counters filled) over (high, position) of the first n
 * entries, then the insertion pass over runs sharing a high word, comparing keys[base +
 * position]. The result ends in buffers.position.
 */
function radixPassesAndFixup(buffers: SortBuffers, passes: readonly RadixPass[], n: number, keys: Float64Array, base: number): void {
  let position = buffers.position;
  let high = buffers.high;
  let tmpHigh = buffers.tmpHigh;
  let tmpPosition = buffers.tmpPosition;
  for (const { counts, shift, mask } of passes) {
    if (!toOffsets(counts, n)) continue;
    for (let k = 0; k < n; k++) {
      const h = high[k] as number;
      const b = (h >>> shift) & mask;
      const p = counts[b] as number;
      counts[b] = p + 1;
      tmpHigh[p] = h;
      tmpPosition[p] = position[k] as number;
    }
    const swapHigh = high;
    high = tmpHigh;
    tmpHigh = swapHigh;
    const swapPosition = position;
    position = tmpPosition;
    tmpPosition = swapPosition;
  }
  fixupSharedHighWords(high, position, n, keys, base);
  if (position !== buffers.position) buffers.position.set(position.subarray(0, n));
}

/** Runs sharing their high word: ordered by the whole key (stable: positions ascend within a run). */
function fixupSharedHighWords(high: Uint32Array, position: Int32Array, n: number, keys: Float64Array, base: number): void {
  for (let p = 1; p < n; p++) {
    const h = high[p] as number;
    if (h !== high[p - 1]) continue;
    const k = position[p] as number;
    const key = keys[base + k] as number;
    let j = p - 1;
    while (j >= 0 && high[j] === h && (keys[base + (position[j] as number)] as number) > key) {
      position[j + 1] = position[j] as number;
      j--;
    }
    position[j + 1] = k;
  }
}

/** Counts to start offsets in place; false when one bin holds every key (the pass would not move anything). */
function toOffsets(counts: Int32Array, n: number): boolean {
  let sum = 0;
  for (let b = 0; b < counts.length; b++) {
    const c = counts[b] as number;
    if (c === n) return false;
    counts[b] = sum;
    sum += c;
  }
  return true;
}

/** Stable insertion sort of positions [lo, hi) by keys[base + position]. */
function insertionSortPositions(keys: Float64Array, base: number, position: Int32Array, lo: number, hi: number): void {
  for (let p = lo + 1; p < hi; p++) {
    const k = position[p] as number;
    const key = keys[base + k] as number;
    let j = p - 1;
    while (j >= lo && (keys[base + (position[j] as number)] as number) > key) {
      position[j + 1] = position[j] as number;
      j--;
    }
    position[j + 1] = k;
  }
}
