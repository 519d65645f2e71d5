/**
 * Test support for the browser tests (gate_report.html, wf-dashboard): Debian's headless
 * Chromium driven by playwright-core, which downloads no browser. A test file is skipped, with
 * one stderr line saying why, when `chromium` is not on PATH (.ci/run installs it).
 */
import { spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';

/** The flags of a quiet, offline, throwaway Chromium (no sandbox: CI runs as root). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/**
 * The path of `chromium` on PATH, or null after writing one stderr line naming `testFile` and
 * the reason (besides the skipped suite's name, which carries the reason too).
 */
export function findChromium(testFile: string): { readonly path: string | null; readonly skip: string | null } {
  const found = spawnSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' });
  const path = found.status === 0 ? found.stdout.trim() : '';
  if (path !== '') return { path, skip: null };
  const skip = 'chromium is not on PATH (.ci/run installs it: apt-get install -y chromium)';
  process.stderr.write(`${testFile} skipped: ${skip}\n`);
  return { path: null, skip };
}

/** A fresh Chromium with its own profile folder `userDataDir`, 1280 x 900. */
export function launchChromium(executablePath: string, userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, { executablePath, headless: true, args: [...CHROMIUM_ARGS], viewport: { width: 1280, height: 900 } });
}
