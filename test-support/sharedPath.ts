import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A path inside `../shared` beside the repository (the shared data, configs and oracle files). */
export function sharedPath(...parts: string[]): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../shared', ...parts);
}
