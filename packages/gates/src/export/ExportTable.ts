/**
 * Column types of an exported table (Parquet: DATE is INT32 days since 1970-01-01, STRING is
 * UTF8 BYTE_ARRAY, DOUBLE_LIST a LIST of DOUBLE; in CSV a list is its `;`-joined text).
 */
export type ExportColumnType = 'STRING' | 'INT32' | 'INT64' | 'DOUBLE' | 'BOOLEAN' | 'DATE' | 'DOUBLE_LIST';

/** A column value: null is a missing value (an empty CSV field, a NaN); DATE values are `YYYY-MM-DD` strings. */
export type ExportValue = string | number | boolean | readonly (number | null)[] | null;

/** One typed column. */
export type ExportColumn = {
  readonly name: string;
  readonly type: ExportColumnType;
  readonly values: readonly ExportValue[];
};

/** A protocol or sweep table with typed columns, written as Parquet or CSV by `wf-export`. */
export type ExportTable = {
  /** The file stem: `walk_forward_summary`, `results`, ... */
  readonly name: string;
  readonly rowCount: number;
  readonly columns: readonly ExportColumn[];
};
