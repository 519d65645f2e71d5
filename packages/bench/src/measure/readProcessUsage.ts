import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One process's figures as the usage hook wrote them. */
export type ProcessUsage = { readonly pid: number; readonly script: string; readonly userUs: number; readonly systemUs: number; readonly maxRssKiB: number };

/** Every usage record in `dir` (one per process that exited normally). */
export function readProcessUsage(dir: string): ProcessUsage[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as ProcessUsage);
}

/** The URL to pass as `--import=` so processes report their usage into `dir`. */
export function usageHookImport(dir: string): string {
  // The hook always runs compiled: from the TypeScript sources use the same path under dist/.
  const here = import.meta.url;
  const url = here.endsWith('.ts') ? new URL('../../dist/measure/usageHook.js', here) : new URL('./usageHook.js', here);
  url.searchParams.set('dir', dir);
  return url.href;
}
