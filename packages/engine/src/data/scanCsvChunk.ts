import type { LoadWarning } from './LoadedPanel.js';
import type { NumericCsv } from './readNumericCsv.js';
import { readNumericCsvWithCsvParse } from './readNumericCsvWithCsvParse.js';
import { maxScannedRows, scanNumericCsvInto } from './scanNumericCsv.js';

/** How a worker thread parses price files (see readNumericCsv). */
export type CsvParseRules = {
  readonly columns: readonly string[];
  /** Header names of `date` and each column, or null for `date` and `columns`. */
  readonly headerNames: readonly string[] | null;
  readonly lenient: boolean;
};

/** What parseCsvChunks hands one worker thread: a contiguous run of files, back to back in one (transferred) buffer. */
export type ScanChunkRequest = CsvParseRules & {
  readonly kind: 'scan';
  /** File as shown in messages, per file. */
  readonly files: readonly string[];
  /** Byte offset of each file in `data`, plus the end (files.length + 1 entries). */
  readonly offsets: readonly number[];
  readonly data: ArrayBuffer;
};

/**
 * A run of files parsed by a worker thread. Every file the scanner read has its rows back to
 * back in `dates`, `lines` and `values` (rows `[rows[2k], rows[2k] + rows[2k + 1])` for
 * file k); a file it declined went through csv-parse (rows[2k] = -1, its arrays in `parsed`),
 * its lenient warnings in file order. On failure: the index (in the run) of the first file
 * csv-parse threw on, and a copy of its bytes (the calling thread parses it again to throw).
 */
export type ScanChunkResult =
  | {
      readonly ok: true;
      readonly dates: Int32Array;
      readonly lines: Int32Array;
      readonly values: readonly Float64Array[];
      readonly rows: Int32Array;
      readonly parsed: readonly { readonly index: number; readonly csv: NumericCsv }[];
      readonly warnings: readonly LoadWarning[];
    }
  | { readonly ok: false; readonly failedAt: number; readonly bytes: ArrayBuffer; readonly name: string; readonly message: string };

/**
 * readNumericCsv over a run of files, in order, on a worker thread: the strict scanner
 * writes the rows into arrays shared by the run's files, in SharedArrayBuffers (sized by maxScannedRows of the
 * byte lengths announced: pages never written are never resident; a file longer than
 * announced goes to csv-parse), csv-parse reads the files it declines. After the first file
 * csv-parse throws on, files are no longer parsed.
 */
export class CsvChunkScanner {
  private readonly rules: CsvParseRules;
  private readonly dates: Int32Array;
  private readonly lines: Int32Array;
  private readonly values: Float64Array[];
  private readonly rows: Int32Array;
  private readonly parsed: { index: number; csv: NumericCsv }[] = [];
  private readonly warnings: LoadWarning[] = [];
  private failure: Extract<ScanChunkResult, { ok: false }> | null = null;
  private files = 0;
  private at = 0;

  constructor(rules: CsvParseRules, byteLengths: readonly number[]) {
    this.rules = rules;
    let capacity = 0;
    for (const length of byteLengths) capacity += maxScannedRows(length, rules.columns.length);
    // Shared memory: the calling thread hands the rows on to the threads that place them in the panel without a copy.
    this.dates = new Int32Array(new SharedArrayBuffer(4 * capacity));
    this.lines = new Int32Array(new SharedArrayBuffer(4 * capacity));
    this.values = rules.columns.map(() => new Float64Array(new SharedArrayBuffer(8 * capacity)));
    this.rows = new Int32Array(2 * byteLengths.length);
  }

  /** Whether a file failed (later files are then skipped). */
  get failed(): boolean {
    return this.failure !== null;
  }

  /** Parses the next file of the run (`bytes` is not kept). */
  add(file: string, bytes: Uint8Array): void {
    const k = this.files++;
    if (this.failure !== null) return;
    const { columns, lenient } = this.rules;
    const names = this.rules.headerNames === null ? {} : { headerNames: this.rules.headerNames };
    const target = { dates: this.dates, lines: this.lines, values: this.values, at: this.at, end: this.dates.length };
    const nRows = scanNumericCsvInto({ bytes, columns, ...names, target });
    if (nRows >= 0) {
      this.rows[2 * k] = this.at;
      this.rows[2 * k + 1] = nRows;
      this.at += nRows;
      return;
    }
    this.rows[2 * k] = -1;
    try {
      this.parsed.push({ index: k, csv: readNumericCsvWithCsvParse({ file, bytes, columns, lenient, warnings: this.warnings, ...names }) });
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      this.failure = { ok: false, failedAt: k, bytes: bytes.slice().buffer, name, message };
    }
  }

  /** The answer to post, and the buffers to move with it. */
  finish(): { result: ScanChunkResult; transfer: ArrayBuffer[] } {
    if (this.failure !== null) return { result: this.failure, transfer: [this.failure.bytes] };
    const transfer = new Set<ArrayBuffer>([this.rows.buffer as ArrayBuffer]);
    for (const { csv } of this.parsed) {
      transfer.add(csv.dates.buffer as ArrayBuffer);
      transfer.add(csv.lines.buffer as ArrayBuffer);
      for (const column of csv.values) transfer.add(column.buffer as ArrayBuffer);
    }
    const result = { ok: true, dates: this.dates, lines: this.lines, values: this.values, rows: this.rows, parsed: this.parsed, warnings: this.warnings } as const;
    return { result, transfer: [...transfer] };
  }
}

/** Worker side of parseCsvChunks: CsvChunkScanner over the files of the request's buffer. */
export function scanCsvChunk(request: ScanChunkRequest): { result: ScanChunkResult; transfer: ArrayBuffer[] } {
  const { offsets } = request;
  const lengths = request.files.map((_, k) => offsets[k + 1]! - offsets[k]!);
  const scanner = new CsvChunkScanner(request, lengths);
  for (let k = 0; k < request.files.length && !scanner.failed; k++) scanner.add(request.files[k]!, new Uint8Array(request.data, offsets[k]!, lengths[k]!));
  return scanner.finish();
}
