import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { computeDataFingerprint, sha256Hex } from './computeDataFingerprint.js';
import { dataAccessError } from '../errors.js';
import { allDataFiles } from './listDataSources.js';
import type { DataSources } from './listDataSources.js';
import { readingRules } from './statDataFiles.js';

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
};

/**
 * Reads every file of `sources` once and fingerprints them (see computeDataFingerprint), with
 * the reading rules (readingRules: a long table, a column mapping) as one more entry when set.
 * With `prefixSizes`, also hashes each named file's first bytes (what a file had when a
 * panel was last built from it: appendToPanel checks that only rows were appended), in the
 * same pass. A file that vanished is a DataNotFoundError; one that cannot be read (EACCES,
 * EISDIR, ...) a DataUnreadableError naming the errno.
 */
export async function readDataFiles(sources: DataSources, prefixSizes?: ReadonlyMap<string, number>): Promise<DataFileContents> {
  const files = allDataFiles(sources);
  const contents = await Promise.all(
    files.map((file) =>
      readFile(file.path).catch((cause: unknown) => {
        throw dataAccessError({ role: file.role, path: file.path, expected: 'file', cause });
      }),
    ),
  );
  const bytes = new Map<string, Buffer>();
  const sha256 = new Map<string, string>();
  const prefixSha256 = new Map<string, string>();
  const entries = [];
  for (let k = 0; k < files.length; k++) {
    const key = files[k]!.key;
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
  return { bytes, fingerprint: computeDataFingerprint(entries), sha256, prefixSha256 };
}
