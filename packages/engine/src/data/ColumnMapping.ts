/** The fields a data file's header may name otherwise (config `data.columns`): the price columns, `date` and, in a long table, `symbol`. */
export const MAPPABLE_COLUMNS = ['date', 'symbol', 'open', 'high', 'low', 'close', 'volume'] as const;
export type MappableColumn = (typeof MAPPABLE_COLUMNS)[number];

/**
 * Header names by field (config `data.columns`, e.g. `{ close: 'Adj Close', date: 'Date' }`):
 * the column of the files that holds the field. A field not named is looked up by its own
 * name. Header names always match case-insensitively (after trimming), with or without a mapping.
 */
export type ColumnMapping = Readonly<Partial<Record<MappableColumn, string>>>;

/** The header name to look up for each of `fields` under `mapping`. */
export function headerNamesOf(fields: readonly MappableColumn[], mapping: ColumnMapping | null | undefined): string[] {
  return fields.map((field) => mapping?.[field] ?? field);
}

/** The mapping as canonical JSON (fields in MAPPABLE_COLUMNS order, names as written), or null when it maps nothing. */
export function canonicalColumnMapping(mapping: ColumnMapping | null | undefined): string | null {
  if (mapping == null) return null;
  const entries = MAPPABLE_COLUMNS.filter((field) => mapping[field] !== undefined).map((field) => [field, mapping[field]!] as const);
  return entries.length === 0 ? null : JSON.stringify(Object.fromEntries(entries));
}
