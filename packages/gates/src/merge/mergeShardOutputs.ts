import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileWriteError, writeFileAtomic } from '@wf/engine';
import { PROTOCOL_FILES, RunFileError } from '@wf/walk-forward';
import { mergeProtocolCsv } from './mergeProtocolCsv.js';

export type MergeShardOutputsOptions = {
  /** The shard output folders (any order). */
  readonly shardDirs: readonly string[];
  /** Where the merged files go (created if absent; files of the same names are replaced). */
  readonly outDir: string;
};

/**
 * Merges every protocol file (PROTOCOL_FILES) of finished shard folders into `outDir`
 * with mergeProtocolCsv. Every file is merged before any is written, so a refused merge
 * (a repeated unit, a torn line) writes nothing. Returns the paths written, in
 * PROTOCOL_FILES order.
 * @throws MergeError, DuplicateUnitError (naming the shard file and line), RunFileError, FileWriteError.
 */
export function mergeShardOutputs(options: MergeShardOutputsOptions): string[] {
  const written: string[] = [];
  const merges = PROTOCOL_FILES.map((file) => {
    const sources = options.shardDirs.map((dir) => join(dir, file.name));
    const texts = sources.map((path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch (error) {
        throw new RunFileError({ path, operation: 'read', cause: error });
      }
    });
    return { name: file.name, merged: mergeProtocolCsv({ name: file.name, texts, sources }) };
  });
  try {
    mkdirSync(options.outDir, { recursive: true });
  } catch (error) {
    throw new FileWriteError({ what: 'merge folder', path: options.outDir, cause: error });
  }
  for (const { name, merged } of merges) {
    const path = join(options.outDir, name);
    try {
      // Whole or absent: a run killed while merging leaves no half-written file behind.
      writeFileAtomic(path, merged);
    } catch (error) {
      throw new FileWriteError({ what: 'merged file', path, cause: error });
    }
    written.push(path);
  }
  return written;
}
