import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OutputDirError } from '../errors/OutputDirError.js';
import { PROTOCOL_FILES } from '../output/protocolFiles.js';
import { mergeProtocolCsv } from './mergeProtocolCsv.js';

export type MergeShardOutputsOptions = {
  /** The shard output folders (any order). */
  readonly shardDirs: readonly string[];
  /** Where the merged files go (created if absent; files of the same names are replaced). */
  readonly outDir: string;
};

/**
 * Merges every protocol file (PROTOCOL_FILES) of finished shard folders into `outDir`
 * with mergeProtocolCsv. Returns the paths written, in PROTOCOL_FILES order.
 */
export function mergeShardOutputs(options: MergeShardOutputsOptions): string[] {
  const written: string[] = [];
  try {
    mkdirSync(options.outDir, { recursive: true });
  } catch (error) {
    throw new OutputDirError({ path: options.outDir, operation: 'create the merge folder', cause: error });
  }
  for (const file of PROTOCOL_FILES) {
    const texts = options.shardDirs.map((dir) => {
      const path = join(dir, file.name);
      try {
        return readFileSync(path, 'utf8');
      } catch (error) {
        throw new OutputDirError({ path, operation: 'read', cause: error });
      }
    });
    const merged = mergeProtocolCsv({ name: file.name, texts });
    const path = join(options.outDir, file.name);
    try {
      writeFileSync(path, merged);
    } catch (error) {
      throw new OutputDirError({ path, operation: 'write', cause: error });
    }
    written.push(path);
  }
  return written;
}
