import { CsvHeaderError } from '../errors.js';

export type FindHeaderColumnOptions = {
  /** The header cells, trimmed. */
  readonly header: readonly string[];
  /** The column looked up (a field's header name). */
  readonly name: string;
  /** Every column the file must have, for the message. */
  readonly expected: readonly string[];
  /** File as shown in messages. */
  readonly file: string;
  /** Where the header is, for the message: `line 1` (default) or `schema` (Parquet). */
  readonly where?: string;
};

/**
 * The index of a column in a data file's header, matched case-insensitively (PROTOCOL
 * section 1 names, or the config's `data.columns`); CsvHeaderError when it is missing or
 * named twice.
 */
export function findHeaderColumn(options: FindHeaderColumnOptions): number {
  const { header, name, expected, file } = options;
  const wanted = name.trim().toLowerCase();
  const where = options.where === undefined ? {} : { where: options.where };
  let index = -1;
  for (let k = 0; k < header.length; k++) {
    if (header[k]!.toLowerCase() !== wanted) continue;
    if (index !== -1) throw new CsvHeaderError({ file, column: name, problem: 'duplicate_column', header, expected, ...where });
    index = k;
  }
  if (index === -1) throw new CsvHeaderError({ file, column: name, problem: 'missing_column', header, expected, ...where });
  return index;
}
