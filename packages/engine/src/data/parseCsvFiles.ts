import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LoadWarning } from './LoadedPanel.js';
import type { CsvChunkRequest, CsvChunkResult } from './parseCsvWorker.js';
import type { NumericCsv } from './readNumericCsv.js';
import { readNumericCsvWithCsvParse } from './readNumericCsvWithCsvParse.js';
import { scanNumericCsv } from './scanNumericCsv.js';

/** When parseCsvFiles spreads the files the fast scanner declined over worker threads. */
export type ParallelCsvOptions = {
  /** Fewer declined files than this are parsed on the calling thread (default 64). */
  readonly minFiles?: number;
  /** Fewer declined bytes in total than this are parsed on the calling thread (default 4 MB). */
  readonly minBytes?: number;
  /** Threads used, the calling thread included, at most availableParallelism() (default 4). */
  readonly maxThreads?: number;
};

export type ParseCsvFilesOptions = {
  /** File as shown in messages and the file's bytes, in the order of the result. */
  readonly files: readonly { readonly file: string; readonly bytes: Uint8Array }[];
  /** Required numeric columns besides `date` (see readNumericCsv). */
  readonly columns: readonly string[];
  /** Header names of `date` and each column (see readNumericCsv); absent: `date` and `columns`. */
  readonly headerNames?: readonly string[];
  readonly lenient: boolean;
  readonly parallel?: ParallelCsvOptions;
};

/** readNumericCsv of every file, in file order, and their lenient warnings in that order. */
export type ParsedCsvFiles = {
  readonly csvs: readonly NumericCsv[];
  readonly warnings: readonly LoadWarning[];
};

const DEFAULT_MIN_FILES = 64;
const DEFAULT_MIN_BYTES = 4 * 1024 * 1024;
const DEFAULT_MAX_THREADS = 4;
const WORKER_URL = new URL('./parseCsvWorker.js', import.meta.url);

/**
 * Runs readNumericCsv on every file (PROTOCOL section 1) with exactly the outcome of a
 * sequential loop: same arrays, warnings in file order, and on failure the error of the
 * first failing file in file order. Every file first goes through the strict scanner
 * scanNumericCsv on the calling thread; the files it declines (the only ones that can fail
 * or warn) go through csv-parse, see parseCsvFilesWithCsvParse. `threads`: how many threads
 * ran csv-parse (1 when none did); `csvParseFiles`: how many files the scanner declined.
 */
export async function parseCsvFiles(
  options: ParseCsvFilesOptions,
): Promise<ParsedCsvFiles & { readonly threads: number; readonly csvParseFiles: number }> {
  const { files, columns, headerNames } = options;
  const csvs: (NumericCsv | null)[] = [];
  const declined: number[] = [];
  for (let k = 0; k < files.length; k++) {
    const csv = scanNumericCsv(headerNames === undefined ? { bytes: files[k]!.bytes, columns } : { bytes: files[k]!.bytes, columns, headerNames });
    csvs.push(csv);
    if (csv === null) declined.push(k);
  }
  if (declined.length === 0) return { csvs: csvs as NumericCsv[], warnings: [], threads: 1, csvParseFiles: 0 };
  const slow = await parseCsvFilesWithCsvParse({ ...options, files: declined.map((k) => files[k]!) });
  for (let j = 0; j < declined.length; j++) csvs[declined[j]!] = slow.csvs[j]!;
  return { csvs: csvs as NumericCsv[], warnings: slow.warnings, threads: slow.threads, csvParseFiles: declined.length };
}

/**
 * readNumericCsvWithCsvParse on every file, with the outcome of a sequential loop. Many
 * files are split into contiguous chunks, byte balanced, parsed by worker threads while the
 * calling thread parses the first chunk. A failing worker chunk is not trusted for the
 * error: the calling thread re-reads the first failing file so the very same error (class,
 * fields, message, cause) is thrown. Without the compiled worker file beside this module
 * (sources run by vitest) or for few files, everything is parsed on the calling thread.
 */
async function parseCsvFilesWithCsvParse(options: ParseCsvFilesOptions): Promise<ParsedCsvFiles & { readonly threads: number }> {
  const { files } = options;
  const parallel = options.parallel ?? {};
  let totalBytes = 0;
  for (const file of files) totalBytes += file.bytes.byteLength;
  const threads = Math.min(availableParallelism(), parallel.maxThreads ?? DEFAULT_MAX_THREADS, files.length);
  if (
    threads < 2 ||
    files.length < (parallel.minFiles ?? DEFAULT_MIN_FILES) ||
    totalBytes < (parallel.minBytes ?? DEFAULT_MIN_BYTES) ||
    !existsSync(WORKER_URL)
  ) {
    return { ...parseOnThisThread(options, 0, files.length), threads: 1 };
  }

  const bounds = chunkBounds(files, threads, totalBytes);
  const workers: StartedWorker[] = [];
  for (let c = 1; c < threads; c++) workers.push(startWorker(options, bounds[c]!, bounds[c + 1]!));
  const csvs: NumericCsv[] = [];
  const warnings: LoadWarning[] = [];
  try {
    const first = parseOnThisThread(options, 0, bounds[1]!);
    append(first, csvs, warnings);
    for (let c = 1; c < threads; c++) {
      const result = await workers[c - 1]!.result;
      if (result === null) {
        // The worker itself broke (not a CSV problem): parse its chunk here.
        append(parseOnThisThread(options, bounds[c]!, bounds[c + 1]!), csvs, warnings);
      } else if (result.ok) {
        append(result, csvs, warnings);
      } else {
        rethrowFailure(options, bounds[c]! + result.failedAt, result);
      }
    }
  } finally {
    // Stop workers still running (after a failure) and settle all, so none outlives the call.
    for (const worker of workers) void worker.worker?.terminate();
    await Promise.allSettled(workers.map((worker) => worker.result));
  }
  return { csvs, warnings, threads };
}

function parseOnThisThread(options: ParseCsvFilesOptions, start: number, end: number): ParsedCsvFiles {
  const { columns, lenient, headerNames } = options;
  const warnings: LoadWarning[] = [];
  const csvs: NumericCsv[] = [];
  for (let k = start; k < end; k++) {
    const { file, bytes } = options.files[k]!;
    csvs.push(readNumericCsvWithCsvParse({ file, bytes, columns, lenient, warnings, ...(headerNames === undefined ? {} : { headerNames }) }));
  }
  return { csvs, warnings };
}

function append(part: ParsedCsvFiles, csvs: NumericCsv[], warnings: LoadWarning[]): void {
  for (const csv of part.csvs) csvs.push(csv);
  for (const warning of part.warnings) warnings.push(warning);
}

/** Re-reads the file a worker failed on; readNumericCsvWithCsvParse is deterministic, so it throws the same error here. */
function rethrowFailure(options: ParseCsvFilesOptions, index: number, failure: { name: string; message: string }): never {
  parseOnThisThread(options, index, index + 1);
  throw new Error(
    `parseCsvFiles: a worker failed on ${options.files[index]!.file} (${failure.name}: ${failure.message}) but it parses on the main thread`,
  );
}

/** Start index of each of `threads` contiguous chunks holding about equal bytes, plus files.length. */
function chunkBounds(files: ParseCsvFilesOptions['files'], threads: number, totalBytes: number): number[] {
  const bounds = [0];
  let seen = 0;
  for (let k = 0; k < files.length && bounds.length < threads; k++) {
    seen += files[k]!.bytes.byteLength;
    if (seen >= (totalBytes * bounds.length) / threads) bounds.push(k + 1);
  }
  while (bounds.length < threads) bounds.push(files.length);
  bounds.push(files.length);
  return bounds;
}

type StartedWorker = {
  /** Null when the worker could not be created. */
  readonly worker: Worker | null;
  /** The worker's answer, or null when it broke (or was stopped) without answering. */
  readonly result: Promise<CsvChunkResult | null>;
};

/** Parses files [start, end) in a worker (the chunk's bytes are copied into one transferred buffer). */
function startWorker(options: ParseCsvFilesOptions, start: number, end: number): StartedWorker {
  const offsets = [0];
  for (let k = start; k < end; k++) offsets.push(offsets[offsets.length - 1]! + options.files[k]!.bytes.byteLength);
  const data = new Uint8Array(offsets[offsets.length - 1]!);
  for (let k = start; k < end; k++) data.set(options.files[k]!.bytes, offsets[k - start]!);
  const request: CsvChunkRequest = {
    kind: 'parse',
    files: options.files.slice(start, end).map((file) => file.file),
    offsets,
    data: data.buffer,
    columns: options.columns,
    headerNames: options.headerNames ?? null,
    lenient: options.lenient,
  };
  let worker: Worker;
  try {
    worker = new Worker(WORKER_URL, { workerData: request, transferList: [data.buffer] });
  } catch {
    return { worker: null, result: Promise.resolve(null) };
  }
  const result = new Promise<CsvChunkResult | null>((resolve) => {
    worker.once('message', (message: CsvChunkResult) => resolve(message));
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  return { worker, result };
}
