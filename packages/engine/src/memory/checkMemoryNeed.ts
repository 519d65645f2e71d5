import { MemoryLimitError } from '../errors.js';
export { formatGb } from '../util/formatGb.js';

/** The memory a run may use, and where that figure came from (for messages): `--max-memory-gb`, or the machine's memory. */
export type MemoryLimit = {
  readonly bytes: number;
  /** E.g. `--max-memory-gb` or `the machine's memory`. */
  readonly source: string;
};

/** Node, a CLI bundle and small state: what a process holds before any panel (measured about 0.1 GB; estimated on the high side). */
export const PROCESS_BASE_BYTES = 150 * 1024 * 1024;

/**
 * Peak bytes of loading a panel from CSVs per byte of CSV: the text, the parsed rows and the
 * panel, partly at once (measured on the generated 5,000 x 5,000 book: 2.30 GB resident for
 * 1.26 GB of CSVs, with the text of each file dropped once it is parsed).
 */
export const CSV_LOAD_BYTES_PER_CSV_BYTE = 1.8;

/**
 * Refuses, before anything is allocated, work whose estimated memory `needBytes` exceeds the
 * limit: a MemoryLimitError naming what needs how much and what the limit is, instead of a
 * process that swaps or is killed by the kernel. No limit (null): nothing is checked.
 */
export function checkMemoryNeed(options: { readonly what: string; readonly needBytes: number; readonly limit: MemoryLimit | null | undefined; readonly hint?: string }): void {
  const { limit } = options;
  if (limit == null || options.needBytes <= limit.bytes) return;
  throw new MemoryLimitError({
    what: options.what,
    needBytes: options.needBytes,
    limitBytes: limit.bytes,
    source: limit.source,
    hint: options.hint ?? 'run on a machine with more memory, or on fewer symbols or dates',
  });
}
