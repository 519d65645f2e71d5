import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { racyFromNsOf, statsVouch } from '../data/PanelCache.js';
import type { IndexedSourceFile, SourceFileStat } from '../data/PanelCache.js';

/** Version of the index file's shape; another version vouches for nothing. */
const INDEX_VERSION = 1;

/** The index: each file's stats (`path` is its name) and sha256, and when they were taken. */
type FileIndex = { readonly version: number; readonly hashStartedMs: number; readonly files: readonly IndexedSourceFile[] };

/**
 * The sha256 hex of each file's bytes, in order, with a stat index beside them (`indexPath`)
 * so a process need not read files nobody changed: a file whose stats vouch for the hash the
 * index recorded (the panel cache's rule, statsVouch: same device, inode, size, mtime and
 * ctime to the nanosecond, neither time racily clean) gets that hash; any other is read and
 * hashed, and the index rewritten (atomically: temp file and rename; a folder that cannot be
 * written only loses the speed-up). `indexPath` null: every file is hashed.
 */
export function hashFilesWithStatIndex(files: readonly { readonly name: string; readonly file: string }[], indexPath: string | null): string[] {
  // Wall time before any stat: a file changed after it can never be vouched for by these stats.
  const hashStartedMs = Date.now();
  const previous = indexPath === null ? null : readIndex(indexPath);
  const known = new Map((previous?.files ?? []).map((entry) => [entry.path, entry] as const));
  const racyFromNs = previous === null ? 0n : racyFromNsOf(previous.hashStartedMs);
  const entries: IndexedSourceFile[] = [];
  let hashed = 0;
  for (const { name, file } of files) {
    const info = statSync(file, { bigint: true });
    const stats: SourceFileStat = { path: name, size: Number(info.size), dev: String(info.dev), ino: String(info.ino), mtimeNs: String(info.mtimeNs), ctimeNs: String(info.ctimeNs) };
    const entry = known.get(name);
    if (entry !== undefined && statsVouch(entry, stats, racyFromNs)) {
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
  const wellFormed = (entry: IndexedSourceFile): boolean =>
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.path === 'string' &&
    Number.isInteger(entry.size) &&
    [entry.dev, entry.ino, entry.mtimeNs, entry.ctimeNs].every((field) => typeof field === 'string' && /^\d+$/.test(field)) &&
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
