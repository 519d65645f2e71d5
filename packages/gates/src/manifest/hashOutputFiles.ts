import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '@wf/engine';
import type { OutputFileRecord } from './GateManifest.js';

/** Size and sha256 of each file (paths relative to `dir`), in the given order. */
export function hashOutputFiles(dir: string, paths: readonly string[]): OutputFileRecord[] {
  return paths.map((path) => {
    const bytes = readFileSync(join(dir, path));
    return { path, bytes: bytes.length, sha256: sha256Hex(bytes) };
  });
}
