import { readFile } from 'node:fs/promises';
import { computeDataFingerprint, sha256Hex } from './computeDataFingerprint.js';
import { dataAccessError } from './DataNotFoundError.js';
import { allDataFiles } from './listDataSources.js';
import type { DataSources } from './listDataSources.js';

/** The bytes of every input file (by DataFile key) and their fingerprint. */
export type DataFileContents = {
  readonly bytes: ReadonlyMap<string, Buffer>;
  readonly fingerprint: string;
};

/**
 * Reads every file of `sources` once and fingerprints them (see computeDataFingerprint).
 * A file that vanished is a DataNotFoundError; one that cannot be read (EACCES, EISDIR,
 * ...) a DataUnreadableError naming the errno.
 */
export async function readDataFiles(sources: DataSources): Promise<DataFileContents> {
  const files = allDataFiles(sources);
  const contents = await Promise.all(
    files.map((file) =>
      readFile(file.path).catch((cause: unknown) => {
        throw dataAccessError({ role: file.role, path: file.path, expected: 'file', cause });
      }),
    ),
  );
  const bytes = new Map<string, Buffer>();
  const entries = [];
  for (let k = 0; k < files.length; k++) {
    const key = files[k]!.key;
    const content = contents[k]!;
    bytes.set(key, content);
    entries.push({ key, sha256: sha256Hex(content) });
  }
  return { bytes, fingerprint: computeDataFingerprint(entries) };
}
