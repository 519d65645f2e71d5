import { parentPort, workerData } from 'node:worker_threads';
import type { LoadWarning } from './LoadedPanel.js';
import type { NumericCsv } from './readNumericCsv.js';
import { placeCsvChunk } from './placeCsvChunk.js';
import type { PlaceChunkRequest } from './placeCsvChunk.js';
import { readDataFileChunk } from './readDataFileChunk.js';
import type { ReadChunkRequest } from './readDataFileChunk.js';
import { readNumericCsvWithCsvParse } from './readNumericCsvWithCsvParse.js';
import { scanCsvChunk } from './scanCsvChunk.js';
import type { ScanChunkRequest } from './scanCsvChunk.js';

/** What parseCsvFiles hands one worker: a contiguous chunk of the files its scanner declined, packed into one transferred buffer. */
export type CsvChunkRequest = {
  readonly kind: 'parse';
  /** File as shown in messages, per file. */
  readonly files: readonly string[];
  /** Byte offset of each file in `data`, plus the end (files.length + 1 entries). */
  readonly offsets: readonly number[];
  readonly data: ArrayBuffer;
  readonly columns: readonly string[];
  /** Header names of `date` and each column, or null for `date` and `columns` (see readNumericCsv). */
  readonly headerNames: readonly string[] | null;
  readonly lenient: boolean;
};

/** A worker's answer: every file parsed, or the index (in the chunk) of the first file that threw. */
export type CsvChunkResult =
  | { readonly ok: true; readonly csvs: readonly NumericCsv[]; readonly warnings: readonly LoadWarning[] }
  | { readonly ok: false; readonly failedAt: number; readonly name: string; readonly message: string };

/**
 * Worker entry of parseCsvFiles: runs readNumericCsvWithCsvParse on each file of the chunk in order and
 * posts the typed arrays (buffers transferred) with the lenient warnings, or stops at the first
 * file that throws and posts its index (the main thread re-reads that file to rethrow the
 * identical error).
 */
function parseChunk(request: CsvChunkRequest): { result: CsvChunkResult; transfer: ArrayBuffer[] } {
  const csvs: NumericCsv[] = [];
  const warnings: LoadWarning[] = [];
  for (let k = 0; k < request.files.length; k++) {
    const bytes = new Uint8Array(request.data, request.offsets[k]!, request.offsets[k + 1]! - request.offsets[k]!);
    try {
      const names = request.headerNames === null ? {} : { headerNames: request.headerNames };
      csvs.push(readNumericCsvWithCsvParse({ file: request.files[k]!, bytes, columns: request.columns, lenient: request.lenient, warnings, ...names }));
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      return { result: { ok: false, failedAt: k, name, message }, transfer: [] };
    }
  }
  const buffers = new Set<ArrayBuffer>();
  for (const csv of csvs) {
    buffers.add(csv.dates.buffer as ArrayBuffer);
    buffers.add(csv.lines.buffer as ArrayBuffer);
    for (const column of csv.values) buffers.add(column.buffer as ArrayBuffer);
  }
  return { result: { ok: true, csvs, warnings }, transfer: [...buffers] };
}

/**
 * The engine's data worker thread (one request, one answer): `parse` (parseCsvFiles: csv-parse on
 * the files the scanner declined), `read` (readDataFiles: read and hash a run of files, see
 * readDataFileChunk), `scan` (parseCsvChunks: parse a run of files, see scanCsvChunk) or
 * `place` (placeRowsInParallel: write a run of symbols' rows into the panel, see placeCsvChunk).
 */
function answer(request: CsvChunkRequest | ReadChunkRequest | ScanChunkRequest | PlaceChunkRequest): { result: unknown; transfer: ArrayBuffer[] } {
  if (request.kind === 'read') return readDataFileChunk(request);
  if (request.kind === 'place') return placeCsvChunk(request);
  if (request.kind === 'scan') return scanCsvChunk(request);
  return parseChunk(request);
}

if (parentPort !== null) {
  const { result, transfer } = answer(workerData as CsvChunkRequest | ReadChunkRequest | ScanChunkRequest | PlaceChunkRequest);
  parentPort.postMessage(result, transfer);
}
