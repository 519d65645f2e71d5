import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { RACY_MARGIN_MS } from '../data/PanelCache.js';

/** Version of the index file's shape; another version vouches for nothing. */
const INDEX_VERSION = 1;

type IndexedFile = {
  readonly name: string;
  readonly dev: string;
  readonly ino: string;
  readonly size: string;
  readonly mtimeNs: string;
  readonly ctimeNs: string;
  readonly sha256: string;
};

type FileIndex = { readonly version: number; readonly hashStartedMs: number; readonly files: readonly IndexedFile[] };

/**
 * The sha256 hex of each file's bytes, in order, with a stat index beside them (`indexPath`)
 * so a process need not read files nobody changed: a file whose device, inode, size, mtime and
 * ctime (to the nanosecond) are those the index recorded, and none of whose times lie within
 * RACY_MARGIN_MS of (or after) the moment it was hashed, gets the recorded hash; any other is
 * read and hashed, and the index rewritten (atomically: temp file and rename; a folder that
 * cannot be written only loses the speed-up). The same rule as the panel cache's stat index
 * (PanelCache.lookupFingerprint): a rewrite moves the ctime, which no user call sets back,
 * and a replaced file has another inode. `indexPath` null: every file is hashed.
 */
export function hashFilesWithStatIndex(files: readonly { readonly name: string; readonly file: string }[], indexPath: string | null): string[] {
  // Wall time before any stat: a file changed after it can never be vouched for by these stats.
  const hashStartedMs = Date.now();
  const previous = indexPath === null ? null : readIndex(indexPath);
  const known = new Map((previous?.files ?? []).map((entry) => [entry.name, entry] as const));
  const racyFromNs = previous === null ? 0n : BigInt(Math.floor(previous.hashStartedMs - RACY_MARGIN_MS)) * 1_000_000n;
  const entries: IndexedFile[] = [];
  let hashed = 0;
  for (const { name, file } of files) {
    const info = statSync(file, { bigint: true });
    const stats = { name, dev: String(info.dev), ino: String(info.ino), size: String(info.size), mtimeNs: String(info.mtimeNs), ctimeNs: String(info.ctimeNs) };
    const entry = known.get(name);
    const vouched =
      entry !== undefined &&
      entry.dev === stats.dev &&
      entry.ino === stats.ino &&
      entry.size === stats.size &&
      entry.mtimeNs === stats.mtimeNs &&
      entry.ctimeNs === stats.ctimeNs &&
      info.mtimeNs < racyFromNs &&
      info.ctimeNs < racyFromNs;
    if (vouched) {
      entries.push(entry);
    } else {
      entries.push({ ...stats, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') });
      hashed++;
    }
  }
  if (indexPath !== null && (hashed > 0 || previous === null || previous.files.length !== entries.length)) {
    writeIndex(indexPath, { version: INDEX_VERSION, hashStartedMs, files: entries });
  }
  return entries.map((entry) => entry.sha256);
}

function readIndex(indexPath: string): FileIndex | null {
  let index: FileIndex;
  try {
    index = JSON.parse(readFileSync(indexPath, 'utf8')) as FileIndex;
  } catch {
    return null;
  }
  if (typeof index !== 'object' || index === null || index.version !== INDEX_VERSION || typeof index.hashStartedMs !== 'number' || !Array.isArray(index.files)) return null;
  const wellFormed = (entry: IndexedFile): boolean =>
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.name === 'string' &&
    [entry.dev, entry.ino, entry.size, entry.mtimeNs, entry.ctimeNs].every((field) => typeof field === 'string') &&
    typeof entry.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(entry.sha256);
  return index.files.every(wellFormed) ? index : null;
}

function writeIndex(indexPath: string, index: FileIndex): void {
  const temp = `${indexPath}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(index));
    renameSync(temp, indexPath);
  } catch {
    rmSync(temp, { force: true });
  }
}
