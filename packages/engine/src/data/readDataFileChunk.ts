import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { CsvChunkScanner } from './scanCsvChunk.js';
import type { CsvParseRules, ScanChunkResult } from './scanCsvChunk.js';

/** What readDataFiles hands one worker thread: a contiguous run of data files to read and hash. */
export type ReadChunkRequest = {
  readonly kind: 'read';
  readonly paths: readonly string[];
  /** Each file's size when it was stat'ed (0 when unknown): sizes the buffer; a file that changed since is still read whole. */
  readonly sizes: readonly number[];
  /** Per file, the length of a prefix to hash as well (see readDataFiles), or -1. */
  readonly prefixSizes: readonly number[];
  /**
   * Parse the files as well, right after reading each (readDataFiles `parse`): the files are
   * then not kept (only one file's bytes at a time), their rows are. `files`: as shown in messages.
   */
  readonly parse: (CsvParseRules & { readonly files: readonly string[] }) | null;
};

/** A worker's answer: the files back to back in one (transferred) buffer with their hashes, or the index (in the chunk) of the first file it could not read. */
export type ReadChunkResult =
  | {
      readonly ok: true;
      /** The files' bytes (null when parsed instead). */
      readonly data: ArrayBuffer | null;
      /** Byte offset of each file in `data`, plus the end (paths.length + 1 entries). */
      readonly offsets: readonly number[];
      /** The files parsed, when asked to (a parse failure is reported here, not thrown: the caller may not need the rows). */
      readonly parsed: ScanChunkResult | null;
      /** sha256 hex of each file. */
      readonly sha256: readonly string[];
      /** sha256 hex of each file's prefix (when asked for and the file is at least that long), else null. */
      readonly prefixSha256: readonly (string | null)[];
    }
  | { readonly ok: false; readonly failedAt: number };

/** Room left after the expected bytes, so that reading up to the end of a file never needs a buffer of exactly its size. */
const SLACK_BYTES = 64 * 1024;

/**
 * Worker side of readDataFiles: reads every file of the chunk whole (until end of file, as
 * readFile) into one buffer, and hashes each file (and its prefix) as readDataFiles does on
 * the calling thread; with `parse`, parses each file once read (CsvChunkScanner) and reads
 * the next one into the same bytes, so that the text of a large book is never all in memory. Stops at the first file that cannot be opened or read: the calling
 * thread reads that file again to throw its error.
 */
export function readDataFileChunk(request: ReadChunkRequest): { result: ReadChunkResult; transfer: ArrayBuffer[] } {
  const { parse } = request;
  let expected = SLACK_BYTES;
  for (const size of request.sizes) expected = parse === null ? expected + size : Math.max(expected, size + SLACK_BYTES);
  let data = new Uint8Array(expected);
  const scanner = parse === null ? null : new CsvChunkScanner(parse, request.sizes);
  const offsets = [0];
  const sha256: string[] = [];
  const prefixSha256: (string | null)[] = [];
  let at = 0;
  for (let k = 0; k < request.paths.length; k++) {
    let fd: number;
    try {
      fd = openSync(request.paths[k]!, 'r');
    } catch {
      return { result: { ok: false, failedAt: k }, transfer: [] };
    }
    try {
      for (;;) {
        if (at === data.length) data = grown(data, at + SLACK_BYTES);
        const n = readSync(fd, data, at, data.length - at, null);
        if (n === 0) break;
        at += n;
      }
    } catch {
      return { result: { ok: false, failedAt: k }, transfer: [] };
    } finally {
      closeSync(fd);
    }
    const content = data.subarray(offsets[k]!, at);
    const hash = createHash('sha256');
    const prefix = request.prefixSizes[k]!;
    if (prefix >= 0 && prefix <= content.length) {
      hash.update(content.subarray(0, prefix));
      prefixSha256.push(hash.copy().digest('hex'));
      hash.update(content.subarray(prefix));
    } else {
      hash.update(content);
      prefixSha256.push(null);
    }
    sha256.push(hash.digest('hex'));
    if (scanner !== null) {
      // Parsed now, the file's bytes are not kept: the next file is read over them.
      scanner.add(parse!.files[k]!, content);
      at = 0;
    }
    offsets.push(at);
  }
  if (scanner === null) return { result: { ok: true, data: data.buffer, offsets, sha256, prefixSha256, parsed: null }, transfer: [data.buffer] };
  const parsed = scanner.finish();
  return { result: { ok: true, data: null, offsets, sha256, prefixSha256, parsed: parsed.result }, transfer: parsed.transfer };
}

/** A copy of `data` with room for at least `minLength` bytes. */
function grown(data: Uint8Array<ArrayBuffer>, minLength: number): Uint8Array<ArrayBuffer> {
  const bigger = new Uint8Array(Math.max(minLength, data.length * 2));
  bigger.set(data);
  return bigger;
}
