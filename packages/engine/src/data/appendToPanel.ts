import type { DataFileContents } from './readDataFiles.js';
import type { DataFile, DataSources } from './listDataSources.js';
import { PRICE_COLUMNS, priceHeaderNames } from './buildPanel.js';
import { panelOf } from './Panel.js';
import type { Panel } from './Panel.js';
import type { NumericCsv } from './readNumericCsv.js';
import { scanNumericCsv } from './scanNumericCsv.js';

const LF = 10;

/** What a file was when the base panel was built from it. */
export type AppendBaseFile = { readonly size: number; readonly sha256: string };

export type AppendToPanelOptions = {
  /** A panel built (warning-free) from earlier versions of the same files. */
  readonly base: Panel;
  /** Size and sha256 of each file the base was built from, by DataFile key. */
  readonly baseFiles: ReadonlyMap<string, AppendBaseFile>;
  readonly sources: DataSources;
  /** The files now, read with the base sizes as prefixSizes (see readDataFiles). */
  readonly contents: DataFileContents;
};

/** A file that is not the base's file with rows appended. */
const NOT_APPENDED = null;

/**
 * The nightly case of PROTOCOL section 1 at the cost of the new rows: when every input file
 * is its base version with whole lines appended (the base bytes unchanged, hashed in the
 * same read; the base ended with a line break), every appended row is read by the strict
 * scanner, and every appended date lies after the base panel's last date, the panel of the
 * current files is the base panel extended by the new dates: the same arrays a full parse
 * gives, since a row's values depend only on the row, the calendar is the union of the
 * dates, and the base held no row error (only warning-free panels are cached). Anything
 * else (a revised or shortened file, a symbol added or removed, a calendar file, a long table, a row the
 * scanner declines, a date inside the base's range) returns null: parse everything, so the
 * errors and warnings are a full parse's, with their lines.
 */
export function appendToPanel(options: AppendToPanelOptions): Panel | null {
  const { base, sources } = options;
  if (sources.calendar !== null || sources.table !== null) return null;
  if ((sources.marketCaps !== null) !== (base.marketCap !== null)) return null;
  const nSymbols = sources.symbols.length;
  if (base.nSymbols !== nSymbols || sources.symbols.some((symbol, i) => base.symbols[i] !== symbol)) return null;
  const lastDate = base.nDates > 0 ? (base.dates[base.nDates - 1] as number) : 0;

  const priceTails: NumericCsv[] = [];
  const headerNames = priceHeaderNames(sources);
  for (const file of sources.prices) {
    const tail = appendedRows(options, file, PRICE_COLUMNS, lastDate, headerNames);
    if (tail === NOT_APPENDED) return null;
    priceTails.push(tail);
  }
  const capTails: (NumericCsv | null)[] = [];
  for (const file of sources.marketCaps ?? []) {
    if (file === null) {
      capTails.push(null);
      continue;
    }
    const tail = appendedRows(options, file, ['market_cap'], lastDate);
    if (tail === NOT_APPENDED) return null;
    capTails.push(tail);
  }

  const newDates = unionOfDates([...priceTails, ...capTails.filter((tail) => tail !== null)]);
  const nDates = base.nDates + newDates.length;
  const dates = new Int32Array(nDates);
  dates.set(base.dates);
  dates.set(newDates, base.nDates);
  const grow = (field: Float64Array): Float64Array => {
    const out = new Float64Array(nDates * nSymbols);
    out.set(field);
    out.fill(Number.NaN, base.nDates * nSymbols);
    return out;
  };
  const fields = [grow(base.open), grow(base.high), grow(base.low), grow(base.close), grow(base.volume)];
  for (let i = 0; i < nSymbols; i++) place(priceTails[i]!, i, dates, base.nDates, nSymbols, fields);
  let marketCap: Float64Array | null = null;
  if (base.marketCap !== null) {
    marketCap = grow(base.marketCap);
    for (let i = 0; i < nSymbols; i++) {
      const tail = capTails[i];
      if (tail != null) place(tail, i, dates, base.nDates, nSymbols, [marketCap]);
    }
  }
  return panelOf(sources.symbols, dates, fields, marketCap);
}

/** The rows appended to `file` since its base version (none when unchanged), or NOT_APPENDED. */
function appendedRows(options: AppendToPanelOptions, file: DataFile, columns: readonly string[], lastDate: number, headerNames?: readonly string[]): NumericCsv | null {
  const known = options.baseFiles.get(file.key);
  const bytes = options.contents.bytes.get(file.key);
  if (known === undefined || bytes === undefined) return NOT_APPENDED;
  if (bytes.length === known.size) {
    return options.contents.sha256.get(file.key) === known.sha256 ? { nRows: 0, dates: new Int32Array(0), lines: new Int32Array(0), values: columns.map(() => new Float64Array(0)) } : NOT_APPENDED;
  }
  if (bytes.length < known.size || known.size === 0 || bytes[known.size - 1] !== LF) return NOT_APPENDED;
  if (options.contents.prefixSha256.get(file.key) !== known.sha256) return NOT_APPENDED;
  // The header (first line) and the new rows: the scanner reads them with the file's own header and line ends.
  const headerEnd = bytes.indexOf(LF);
  if (headerEnd === -1 || headerEnd >= known.size) return NOT_APPENDED;
  const tailBytes = Buffer.concat([bytes.subarray(0, headerEnd + 1), bytes.subarray(known.size)]);
  const tail = scanNumericCsv(headerNames === undefined ? { bytes: tailBytes, columns } : { bytes: tailBytes, columns, headerNames });
  if (tail === null || (tail.nRows > 0 && (tail.dates[0] as number) <= lastDate)) return NOT_APPENDED;
  return tail;
}

/** Sorted distinct dates of the tails. */
function unionOfDates(tails: readonly NumericCsv[]): Int32Array {
  const all = new Set<number>();
  for (const tail of tails) for (const date of tail.dates) all.add(date);
  return Int32Array.from(all).sort();
}

/** Writes one symbol's appended rows into the grown fields (both date lists ascend). */
function place(tail: NumericCsv, symbolIndex: number, dates: Int32Array, from: number, nSymbols: number, targets: readonly Float64Array[]): void {
  let t = from;
  for (let k = 0; k < tail.nRows; k++) {
    const date = tail.dates[k] as number;
    while (dates[t] !== date) t++;
    const cell = t * nSymbols + symbolIndex;
    for (let c = 0; c < targets.length; c++) targets[c]![cell] = tail.values[c]![k]!;
  }
}
