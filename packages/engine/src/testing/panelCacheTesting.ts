import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PanelCache, RACY_MARGIN_MS } from '../data/PanelCache.js';
import { engineCodeId } from '../identity/engineCodeId.js';

/** The panel cache file this process's loadPanel reads and writes for `fingerprint`. */
export function panelCacheFile(cacheDir: string, fingerprint: string): string {
  return new PanelCache(cacheDir, engineCodeId().sha256).pathOf(fingerprint);
}

/**
 * Waits until every file of `dir` was last changed (ctime) more than the racy margin ago, so
 * the panel cache's stat index may vouch for them (a ctime cannot be set back: only time helps).
 */
export async function waitPastRacyMargin(dir: string): Promise<void> {
  let newestMs = 0;
  for (const name of readdirSync(dir)) newestMs = Math.max(newestMs, statSync(path.join(dir, name)).ctimeMs);
  const waitMs = newestMs + RACY_MARGIN_MS + 50 - Date.now();
  if (waitMs > 0) await sleep(waitMs);
}
