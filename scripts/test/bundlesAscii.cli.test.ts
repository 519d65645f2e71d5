/**
 * tools/bundle-clis.mjs writes ASCII-only bundles (non-ASCII text esbuild leaves in comments
 * becomes \u escapes), so tools/runWithCodeCache.cjs and node's worker loader read them as
 * one-byte strings, faster to decode and hash at every start.
 */
import { isAscii } from 'node:buffer';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bundleDir = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'scripts/bundle');

describe('scripts/bundle', () => {
  it('holds only ASCII bundles', () => {
    const bundles = readdirSync(bundleDir).filter((name) => name.endsWith('.cjs') || name === 'parseCsvWorker.js');
    expect(bundles.length).toBeGreaterThan(5);
    expect(bundles.filter((name) => !isAscii(readFileSync(join(bundleDir, name))))).toEqual([]);
  });
});
