import type { LoadWarning } from './LoadedPanel.js';
import type { ParsedCsvFiles } from './parseCsvFiles.js';
import type { DataFileChunk } from './readDataFiles.js';
import type { NumericCsv } from './readNumericCsv.js';
import { readNumericCsvWithCsvParse } from './readNumericCsvWithCsvParse.js';
import { CsvChunkScanner } from './scanCsvChunk.js';
import type { ScanChunkRequest, ScanChunkResult } from './scanCsvChunk.js';
import { startCsvWorker, stopCsvWorkers } from './startCsvWorker.js';

export type ParseCsvChunksOptions = {
  /** Every file, as shown in messages, in file order. */
  readonly files: readonly string[];
  /** The files' bytes as readDataFiles' worker threads read them: consecutive chunks covering `files`. Consumed: each chunk's buffer moves to a worker thread. */
  readonly chunks: readonly DataFileChunk[];
  /** Required numeric columns besides `date` (see readNumericCsv). */
  readonly columns: readonly string[];
  /** Header names of `date` and each column (see readNumericCsv); absent: `date` and `columns`. */
  readonly headerNames?: readonly string[];
  readonly lenient: boolean;
};

/** Files [start, end) parsed by a worker thread (CsvChunkScanner). */
export type ParsedChunk = { readonly start: number; readonly end: number; readonly result: ScanChunkResult };

/**
 * parseCsvFiles for files read by readDataFiles' worker threads: one worker thread per chunk
 * reads its files (the scanner, csv-parse for the files it declines: scanCsvChunk) from the
 * chunk's buffer, moved to it, so the text is neither copied nor kept once parsed. The same
 * outcome as a sequential readNumericCsv loop (see collectParsedChunks).
 */
export async function parseCsvChunks(options: ParseCsvChunksOptions): Promise<ParsedCsvFiles> {
  const { files, chunks, columns, lenient } = options;
  const rules = { columns, headerNames: options.headerNames ?? null, lenient };
  const started = chunks.map((chunk, c) => {
    const end = c + 1 < chunks.length ? chunks[c + 1]!.start : files.length;
    const request: ScanChunkRequest = { kind: 'scan', files: files.slice(chunk.start, end), offsets: chunk.offsets, data: chunk.data, ...rules };
    return { chunk, end, worker: startCsvWorker<ScanChunkResult>(request, [chunk.data]) };
  });
  const parts: ParsedChunk[] = [];
  try {
    for (const { chunk, end, worker } of started) {
      let result = await worker.result;
      if (result === null) {
        // The worker itself broke (not a CSV problem): parse its chunk here while its buffer is still ours.
        if (chunk.data.byteLength === 0) throw new Error(`parseCsvChunks: the worker thread parsing ${files[chunk.start]!} .. ${files[end - 1]!} stopped without an answer`);
        const lengths = files.slice(chunk.start, end).map((_, k) => chunk.offsets[k + 1]! - chunk.offsets[k]!);
        const scanner = new CsvChunkScanner(rules, lengths);
        for (let k = 0; k < lengths.length && !scanner.failed; k++) scanner.add(files[chunk.start + k]!, new Uint8Array(chunk.data, chunk.offsets[k]!, lengths[k]!));
        result = scanner.finish().result;
      }
      parts.push({ start: chunk.start, end, result });
      // A failure here decides the outcome: later chunks need not be waited for.
      if (!result.ok) break;
    }
  } finally {
    await stopCsvWorkers(started.map(({ worker }) => worker));
  }
  return collectParsedChunks({ files, parts, ...rules });
}

export type CollectParsedChunksOptions = {
  /** Every file, as shown in messages, in file order. */
  readonly files: readonly string[];
  /** Consecutive runs of files parsed by CsvChunkScanner, from the first file on (all of them, or up to the first failing run). */
  readonly parts: readonly ParsedChunk[];
  readonly columns: readonly string[];
  readonly headerNames: readonly string[] | null;
  readonly lenient: boolean;
};

/**
 * The outcome of a sequential readNumericCsv loop over files parsed in runs by worker
 * threads: the same arrays (views of a few large arrays per run, or csv-parse's own),
 * the lenient warnings in file order, and on failure the error of the first failing file in
 * file order, thrown by parsing that file again on this thread (csv-parse is deterministic).
 */
export function collectParsedChunks(options: CollectParsedChunksOptions): ParsedCsvFiles {
  const { files, parts, columns, lenient } = options;
  const csvs: NumericCsv[] = [];
  const warnings: LoadWarning[] = [];
  for (const { start, end, result } of parts) {
    if (!result.ok) {
      const file = files[start + result.failedAt]!;
      const names = options.headerNames === null ? {} : { headerNames: options.headerNames };
      readNumericCsvWithCsvParse({ file, bytes: new Uint8Array(result.bytes), columns, lenient, warnings, ...names });
      throw new Error(`parseCsvChunks: a worker failed on ${file} (${result.name}: ${result.message}) but it parses on the main thread`);
    }
    let next = 0;
    for (let k = 0; k < end - start; k++) {
      const at = result.rows[2 * k]!;
      if (at < 0) {
        csvs.push(result.parsed[next++]!.csv);
        continue;
      }
      const to = at + result.rows[2 * k + 1]!;
      csvs.push({
        nRows: to - at,
        dates: result.dates.subarray(at, to),
        lines: result.lines.subarray(at, to),
        values: result.values.map((column) => column.subarray(at, to)),
      });
    }
    for (const warning of result.warnings) warnings.push(warning);
  }
  if (csvs.length !== files.length) throw new Error(`collectParsedChunks: ${csvs.length} files parsed of ${files.length}`);
  return { csvs, warnings };
}
