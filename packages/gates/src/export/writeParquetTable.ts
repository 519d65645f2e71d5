import { FileWriteError, writeFileAtomic } from '@wf/engine';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet-writer';
import type { ExportColumnType, ExportTable } from './ExportTable.js';

const DAY_MS = 86_400_000;

/** The Parquet schema elements of a column (every column OPTIONAL: null is a missing value; a list is a 3-level LIST). */
function schemaElements(name: string, type: ExportColumnType): SchemaElement[] {
  if (type === 'DOUBLE_LIST') {
    return [
      { name, repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST', logical_type: { type: 'LIST' } },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
    ];
  }
  return [schemaElement(name, type)];
}

function schemaElement(name: string, type: Exclude<ExportColumnType, 'DOUBLE_LIST'>): SchemaElement {
  const optional = { name, repetition_type: 'OPTIONAL' } as const;
  switch (type) {
    case 'STRING':
      return { ...optional, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } };
    case 'DATE':
      return { ...optional, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } };
    case 'INT32':
      return { ...optional, type: 'INT32' };
    case 'INT64':
      return { ...optional, type: 'INT64' };
    case 'DOUBLE':
      return { ...optional, type: 'DOUBLE' };
    case 'BOOLEAN':
      return { ...optional, type: 'BOOLEAN' };
  }
}

/** The Parquet file of a table (hyparquet-writer, snappy pages, column statistics), as bytes. */
export function formatParquetTable(table: ExportTable): Uint8Array {
  const schema: SchemaElement[] = [{ name: 'root', num_children: table.columns.length }, ...table.columns.flatMap((c) => schemaElements(c.name, c.type))];
  const columnData = table.columns.map((column) => ({
    name: column.name,
    data: column.values.map((value) => {
      if (value === null) return null;
      if (column.type === 'DATE') return Math.round(Date.parse(`${value as string}T00:00:00Z`) / DAY_MS);
      if (column.type === 'INT64') return BigInt(value as number);
      return value;
    }),
  }));
  return new Uint8Array(parquetWriteBuffer({ columnData, schema, createdBy: 'wf-export (hyparquet-writer 0.17.0)' }));
}

/** Writes a table as `<path>` (Parquet), atomically. @throws FileWriteError */
export function writeParquetTable(table: ExportTable, path: string): void {
  try {
    writeFileAtomic(path, formatParquetTable(table));
  } catch (error) {
    throw new FileWriteError({ what: 'Parquet export', path, cause: error });
  }
}
