type Entry = {
  readonly buffer: ArrayBufferLike;
  readonly byteOffset: number;
  readonly sourceLength: number;
  readonly key: string;
  readonly array: Float64Array;
};

export type ShareOptions = {
  /** The input the intermediate is computed from (a view: its buffer, offset and length identify it). */
  readonly source: Float64Array;
  /** What is computed from `source`, with every parameter that changes it (e.g. `rolling mean of close, window 20`). */
  readonly key: string;
  /** Elements of the intermediate. */
  readonly length: number;
  /** Writes the intermediate into `array` (of `length` elements, recycled: every element must be written). */
  readonly fill: (array: Float64Array) => void;
};

/**
 * Intermediate matrices that the candidates of one factor share, kept between their
 * `compute` calls by the caller (BacktestEngine: one workspace per engine, i.e. per factor,
 * cleared with its window state). E.g. ma_cross's nine fast x slow candidates need only five
 * distinct rolling means. Bounded: holds at most `maxArrays` arrays, the most recently used,
 * and recycles an evicted array of the right size for the next one (a 5,000 x 5,000 matrix is
 * 200 MB: fresh pages cost more than overwriting). An intermediate must be a function of
 * `source` and `key` alone, so that sharing cannot change a bit of any score.
 */
export class FactorWorkspace {
  readonly maxArrays: number;
  private entries: Entry[] = [];
  private spare: Float64Array | null = null;

  constructor(maxArrays = 2) {
    if (!Number.isInteger(maxArrays) || maxArrays < 1) throw new RangeError(`maxArrays ${maxArrays} must be an integer >= 1`);
    this.maxArrays = maxArrays;
  }

  /**
   * The intermediate `key` of `source`: the stored array when there is one, else computed by
   * `fill` and stored. The array stays valid until `maxArrays` other intermediates were
   * shared after it (or `clear`): a compute may hold at most `maxArrays` at once.
   */
  share(options: ShareOptions): Float64Array {
    const { source, key, length, fill } = options;
    const at = this.entries.findIndex(
      (e) => e.buffer === source.buffer && e.byteOffset === source.byteOffset && e.sourceLength === source.length && e.key === key && e.array.length === length,
    );
    if (at >= 0) {
      const entry = this.entries[at]!;
      this.entries.splice(at, 1);
      this.entries.push(entry);
      return entry.array;
    }
    if (this.entries.length >= this.maxArrays) {
      const evicted = this.entries.shift()!;
      this.spare = evicted.array;
    }
    const spare = this.spare;
    this.spare = null;
    const array = spare !== null && spare.length === length ? spare : new Float64Array(length);
    fill(array);
    this.entries.push({ buffer: source.buffer, byteOffset: source.byteOffset, sourceLength: source.length, key, array });
    return array;
  }

  /** Drops every intermediate. */
  clear(): void {
    this.entries = [];
    this.spare = null;
  }
}
