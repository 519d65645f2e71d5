import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { DataNotFoundError } from '../errors.js';
import { canonicalColumnMapping } from './ColumnMapping.js';
import type { LoadPanelOptions } from './LoadedPanel.js';
import type { DataFile } from './listDataSources.js';
import type { SourceFileStat } from './PanelCache.js';

/**
 * Key of the panel cache's stat index: the resolved input paths (one index per configured data
 * location) and, when set, how they are read (long table, column mapping): the fingerprint the
 * index vouches for depends on both, so a changed mapping never finds last time's fingerprint.
 */
export function dataSourcesKey(options: LoadPanelOptions): string {
  const paths: unknown[] = [
    path.resolve(options.pricesDir),
    options.marketCapsDir == null ? null : path.resolve(options.marketCapsDir),
    options.calendarFile == null ? null : path.resolve(options.calendarFile),
  ];
  const reading = readingRules(options);
  if (reading !== null) paths.push(reading);
  return createHash('sha256').update(JSON.stringify(paths)).digest('hex');
}

/**
 * How the files are read beyond the protocol's default (a long table, a column mapping), as
 * canonical text, or null for plain per-symbol files: part of the data fingerprint and the stat
 * index key, so the same bytes read another way never share a panel cache entry.
 */
export function readingRules(options: Pick<LoadPanelOptions, 'format' | 'columns'>): string | null {
  const columns = canonicalColumnMapping(options.columns);
  if (options.format == null && columns === null) return null;
  return `format=${options.format ?? 'per_symbol'};columns=${columns ?? '{}'}`;
}

/**
 * Device, inode, size, and nanosecond mtime and ctime of every input file, in order; a
 * missing file is a DataNotFoundError. The ctime is what makes the stats sound: a rewrite
 * that restores size and mtime (`touch -r`, `utimes`) still moves the ctime, which no
 * user call can set back, and a file replaced by another (rename, copy) has another inode.
 */
export async function statDataFiles(files: readonly DataFile[]): Promise<SourceFileStat[]> {
  return Promise.all(
    files.map(async (file) => {
      const info = await stat(file.path, { bigint: true }).catch((cause: unknown) => {
        throw new DataNotFoundError({ role: file.role, path: file.path, expected: 'file', cause });
      });
      return {
        path: file.path,
        size: Number(info.size),
        dev: String(info.dev),
        ino: String(info.ino),
        mtimeNs: String(info.mtimeNs),
        ctimeNs: String(info.ctimeNs),
      };
    }),
  );
}
