import { ParquetReadError } from '../errors.js';
import { findHeaderColumn } from './findHeaderColumn.js';

export type ReadParquetColumnsOptions = {
  /** File as shown in messages. */
  readonly file: string;
  readonly bytes: Uint8Array;
  /** The columns wanted, by header name (matched case-insensitively against the file's top-level columns). */
  readonly names: readonly string[];
};

/**
 * The values of some columns of a Parquet file (hyparquet, pure JavaScript), one array per
 * name in `names` order, each as long as the file's rows: numbers (int32, float, double),
 * bigints (int64), strings, Date objects (DATE, TIMESTAMP) or null. A missing or repeated
 * column is a CsvHeaderError (`schema`); a file hyparquet cannot decode a ParquetReadError.
 */
export async function readParquetColumns(options: ReadParquetColumnsOptions): Promise<{ readonly nRows: number; readonly columns: readonly unknown[][] }> {
  const { file, names } = options;
  const { parquetMetadata, parquetRead, parquetSchema } = await import('hyparquet');
  const { bytes } = options;
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let metadata: ReturnType<typeof parquetMetadata>;
  let header: string[];
  try {
    metadata = parquetMetadata(buffer);
    header = parquetSchema(metadata).children.map((child) => child.element.name.trim());
  } catch (error) {
    throw new ParquetReadError({ file, reason: error instanceof Error ? error.message : String(error), cause: error });
  }
  const wanted = names.map((name) => header[findHeaderColumn({ header, name, expected: names, file, where: 'schema' })]!);
  const distinct = [...new Set(wanted)];
  const nRows = Number(metadata.num_rows);
  const data = new Map(distinct.map((name) => [name, new Array<unknown>(nRows).fill(null)] as const));
  try {
    await parquetRead({
      file: buffer,
      metadata,
      columns: distinct,
      onChunk: ({ columnName, columnData, rowStart }) => {
        const target = data.get(columnName);
        if (target === undefined) return;
        for (let k = 0; k < columnData.length; k++) target[rowStart + k] = columnData[k];
      },
    });
  } catch (error) {
    throw new ParquetReadError({ file, reason: error instanceof Error ? error.message : String(error), cause: error });
  }
  return { nRows, columns: wanted.map((name) => data.get(name)!) };
}
