import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { computeDataFingerprint, sha256Hex } from './computeDataFingerprint.js';
import { dataAccessError } from '../errors.js';
import { allDataFiles } from './listDataSources.js';
import type { DataFile, DataSources } from './listDataSources.js';
import type { ReadChunkRequest, ReadChunkResult } from './readDataFileChunk.js';
import { chunkBounds, csvWorkerAvailable, startCsvWorker, stopCsvWorkers } from './startCsvWorker.js';
import type { StartedCsvWorker } from './startCsvWorker.js';
import type { ParsedChunk } from './parseCsvChunks.js';
import { CsvChunkScanner } from './scanCsvChunk.js';
import type { CsvParseRules } from './scanCsvChunk.js';
import { readingRules } from './statDataFiles.js';

/**
 * Price files read by a worker thread: `sources.prices[start ..]`, back to back in one
 * buffer. buildPanelInParallel hands the buffer on (moved, not copied) to the threads that
 * parse the files, so that a large book's text is never copied.
 */
export type DataFileChunk = {
  /** Index of the chunk's first file in `sources.prices`. */
  readonly start: number;
  readonly data: ArrayBuffer;
  /** Byte offset of each file in `data`, plus the end of the last (files + 1 entries). */
  readonly offsets: readonly number[];
};

/** The bytes of every input file (by DataFile key) and their fingerprint. */
export type DataFileContents = {
  readonly bytes: ReadonlyMap<string, Buffer>;
  readonly fingerprint: string;
  /** sha256 hex of each file's bytes, by DataFile key. */
  readonly sha256: ReadonlyMap<string, string>;
  /**
   * sha256 hex of the first `prefixSizes.get(key)` bytes of each file asked for that is at
   * least that long (computed in the same pass as the whole file's), by DataFile key.
   */
  readonly prefixSha256: ReadonlyMap<string, string>;
  /**
   * When worker threads read the price files: the buffers that hold them, in file order
   * (`bytes` has views of them); else empty (and always when they were parsed instead).
   */
  readonly chunks: readonly DataFileChunk[];
  /**
   * The price files parsed by the worker threads that read them (`options.parse`), in
   * consecutive runs covering them all (collectParsedChunks gives the readNumericCsv
   * outcome: arrays, warnings or the first file's error); `bytes` then has no price file.
   * Null when the price files were not parsed (not asked, or read on the calling thread).
   */
  readonly parsedPrices: readonly ParsedChunk[] | null;
};

/** When readDataFiles reads the price files on worker threads. */
export type ParallelReadOptions = {
  /** Fewer price files than this are read on the calling thread (default 64). */
  readonly minFiles?: number;
  /** Fewer bytes of price files than this are read on the calling thread (default 4 MB). */
  readonly minBytes?: number;
  /** Worker threads, at most availableParallelism() (default 4). */
  readonly maxThreads?: number;
};

export type ReadDataFilesOptions = {
  /** Length of a prefix to hash as well, by DataFile key (see prefixSha256). */
  readonly prefixSizes?: ReadonlyMap<string, number>;
  readonly parallel?: ParallelReadOptions;
  /**
   * Parse the price files as well when worker threads read them, each right after reading it
   * (see `parsedPrices`): a caller that will most likely build the panel (no base to append
   * to) never holds the whole text of a large book. Parse failures are not thrown here.
   */
  readonly parse?: { readonly columns: readonly string[]; readonly headerNames?: readonly string[]; readonly lenient: boolean };
};

const DEFAULT_MIN_FILES = 64;
const DEFAULT_MIN_BYTES = 4 * 1024 * 1024;
const DEFAULT_MAX_THREADS = 4;

/**
 * Reads every file of `sources` once and fingerprints them (see computeDataFingerprint), with
 * the reading rules (readingRules: a long table, a column mapping) as one more entry when set.
 * With `options.prefixSizes`, also hashes each named file's first bytes (what a file had when a
 * panel was last built from it: appendToPanel checks that only rows were appended), in the
 * same pass. A file that vanished is a DataNotFoundError; one that cannot be read (EACCES,
 * EISDIR, ...) a DataUnreadableError naming the errno. Many price files are read and hashed
 * by worker threads, each a contiguous run of about equal bytes (`chunks`), with the same
 * bytes, hashes and errors (a price file's error before any other file's, the first failing
 * price file in file order).
 */
export async function readDataFiles(sources: DataSources, options: ReadDataFilesOptions = {}): Promise<DataFileContents> {
  const { prefixSizes } = options;
  const all = allDataFiles(sources);
  const inWorkers = await readInWorkers(sources.prices, options);
  const rest = inWorkers === null ? all : all.slice(sources.prices.length);
  const contents = await Promise.all(rest.map((file) => readFile(file.path).catch((cause: unknown) => readFailure(file, cause))));

  const bytes = new Map<string, Buffer>();
  const sha256 = new Map<string, string>();
  const prefixSha256 = new Map<string, string>();
  const entries = [];
  if (inWorkers !== null) {
    for (let k = 0; k < sources.prices.length; k++) {
      const key = sources.prices[k]!.key;
      if (inWorkers.parsed === null) bytes.set(key, inWorkers.bytes[k]!);
      sha256.set(key, inWorkers.sha256[k]!);
      const prefix = inWorkers.prefixSha256[k];
      if (prefix != null) prefixSha256.set(key, prefix);
      entries.push({ key, sha256: inWorkers.sha256[k]! });
    }
  }
  for (let k = 0; k < rest.length; k++) {
    const key = rest[k]!.key;
    const content = contents[k]!;
    bytes.set(key, content);
    const hash = createHash('sha256');
    const prefix = prefixSizes?.get(key);
    if (prefix !== undefined && prefix <= content.length) {
      hash.update(content.subarray(0, prefix));
      prefixSha256.set(key, hash.copy().digest('hex'));
      hash.update(content.subarray(prefix));
    } else {
      hash.update(content);
    }
    const digest = hash.digest('hex');
    sha256.set(key, digest);
    entries.push({ key, sha256: digest });
  }
  // The reading rules (long table, column mapping) are part of what the panel is made from.
  const rules = readingRules({ format: sources.table === null ? null : 'long', columns: sources.columns });
  if (rules !== null) entries.push({ key: 'reading', sha256: sha256Hex(new TextEncoder().encode(rules)) });
  return { bytes, fingerprint: computeDataFingerprint(entries), sha256, prefixSha256, chunks: inWorkers?.chunks ?? [], parsedPrices: inWorkers?.parsed ?? null };
}

function readFailure(file: DataFile, cause: unknown): never {
  throw dataAccessError({ role: file.role, path: file.path, expected: 'file', cause });
}

type ReadInWorkers = {
  readonly chunks: DataFileChunk[];
  /** Per price file: a view of its bytes in its chunk (none when parsed), its sha256 and its prefix's (or null). */
  readonly bytes: Buffer[];
  readonly sha256: string[];
  readonly prefixSha256: (string | null)[];
  readonly parsed: ParsedChunk[] | null;
};

/**
 * The price files read and hashed (and with `options.parse` parsed) by worker threads, or
 * null when they are few or small, or the compiled worker is absent (the caller reads them).
 * A chunk whose worker broke is read (and parsed) here; a file a worker could not read is
 * read here again, for its error.
 */
async function readInWorkers(files: readonly DataFile[], options: ReadDataFilesOptions): Promise<ReadInWorkers | null> {
  const { prefixSizes, parallel = {} } = options;
  const threads = Math.min(availableParallelism(), parallel.maxThreads ?? DEFAULT_MAX_THREADS, files.length);
  if (threads < 2 || files.length < (parallel.minFiles ?? DEFAULT_MIN_FILES) || !csvWorkerAvailable()) return null;
  // Sizes to balance the chunks (a file that cannot be stat'ed counts 0: its read fails below).
  const sizes = await Promise.all(files.map((file) => stat(file.path).then((info) => (info.isFile() ? info.size : 0), () => 0)));
  let totalBytes = 0;
  for (const size of sizes) totalBytes += size;
  if (totalBytes < (parallel.minBytes ?? DEFAULT_MIN_BYTES)) return null;

  const rules: CsvParseRules | null = options.parse === undefined ? null : { columns: options.parse.columns, headerNames: options.parse.headerNames ?? null, lenient: options.parse.lenient };
  const bounds = chunkBounds(sizes, threads);
  const workers: { start: number; end: number; started: StartedCsvWorker<ReadChunkResult> }[] = [];
  for (let c = 0; c < threads; c++) {
    const start = bounds[c]!;
    const end = bounds[c + 1]!;
    if (start === end) continue;
    const request: ReadChunkRequest = {
      kind: 'read',
      paths: files.slice(start, end).map((file) => file.path),
      sizes: sizes.slice(start, end),
      prefixSizes: files.slice(start, end).map((file) => prefixSizes?.get(file.key) ?? -1),
      parse: rules === null ? null : { ...rules, files: files.slice(start, end).map((file) => file.display) },
    };
    workers.push({ start, end, started: startCsvWorker<ReadChunkResult>(request) });
  }
  const out: ReadInWorkers = { chunks: [], bytes: [], sha256: [], prefixSha256: [], parsed: rules === null ? null : [] };
  try {
    for (const { start, end, started } of workers) {
      let result = await started.result;
      if (result === null) {
        // The worker itself broke (not a file problem): do its work here.
        result = await readChunkHere(files.slice(start, end), prefixSizes, rules);
      } else if (!result.ok) {
        const file = files[start + result.failedAt]!;
        await readFile(file.path).catch((cause: unknown) => readFailure(file, cause));
        throw new Error(`readDataFiles: a worker could not read ${file.path} but it reads on the main thread`);
      }
      if (!result.ok) throw new Error('readDataFiles: unreachable');
      if (result.parsed !== null) out.parsed!.push({ start, end, result: result.parsed });
      if (result.data !== null) out.chunks.push({ start, data: result.data, offsets: result.offsets });
      for (let k = start; k < end; k++) {
        if (result.data !== null) {
          const from = result.offsets[k - start]!;
          out.bytes.push(Buffer.from(result.data, from, result.offsets[k - start + 1]! - from));
        }
        out.sha256.push(result.sha256[k - start]!);
        out.prefixSha256.push(result.prefixSha256[k - start]!);
      }
    }
  } finally {
    await stopCsvWorkers(workers.map(({ started }) => started));
  }
  return out;
}

/** A worker's answer for a run of files, computed on this thread (readFile errors thrown as readDataFiles'). */
async function readChunkHere(files: readonly DataFile[], prefixSizes: ReadonlyMap<string, number> | undefined, rules: CsvParseRules | null): Promise<ReadChunkResult> {
  const contents = await Promise.all(files.map((file) => readFile(file.path).catch((cause: unknown) => readFailure(file, cause))));
  const data = Buffer.concat(contents);
  const offsets = [0];
  for (const content of contents) offsets.push(offsets[offsets.length - 1]! + content.length);
  const prefixOf = (content: Buffer, key: string): string | null => {
    const prefix = prefixSizes?.get(key);
    return prefix !== undefined && prefix <= content.length ? sha256Hex(content.subarray(0, prefix)) : null;
  };
  const sha256 = contents.map((content) => sha256Hex(content));
  const prefixSha256 = contents.map((content, k) => prefixOf(content, files[k]!.key));
  if (rules === null) {
    const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.length);
    return { ok: true, data: buffer, offsets, sha256, prefixSha256, parsed: null };
  }
  const scanner = new CsvChunkScanner(rules, contents.map((content) => content.length));
  for (let k = 0; k < files.length && !scanner.failed; k++) scanner.add(files[k]!.display, contents[k]!);
  return { ok: true, data: null, offsets, sha256, prefixSha256, parsed: scanner.finish().result };
}
