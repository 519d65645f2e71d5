/** The rows of an external factor's score table: one (date, symbol, score) per row, as read. */
export type ScoreTable = {
  readonly nRows: number;
  /** YYYYMMDD of each row. */
  readonly dates: Int32Array;
  /** Index into `symbols` of each row. */
  readonly symbolIds: Int32Array;
  /** Distinct symbols, in order of first appearance. */
  readonly symbols: readonly string[];
  /** The score of each row; NaN for an empty cell (no score). */
  readonly scores: Float64Array;
};
