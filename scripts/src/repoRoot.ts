import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from the compiled script's place (scripts/dist/*.js). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
