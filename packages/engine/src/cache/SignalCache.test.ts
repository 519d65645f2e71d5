import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidCacheKeyError, InvalidSignalBundleError } from '../errors.js';
import type { SignalBundle } from './SignalBundle.js';
import { SignalCache } from './SignalCache.js';
import { encodeSignalBundle } from './signalBundleCodec.js';

const KEY_A = 'ab'.repeat(32);
const KEY_B = 'cd'.repeat(32);
const CODE = 'ef'.repeat(32);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wf-signal-cache-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function sampleBundle(): SignalBundle {
  const scores = new Float64Array([0.5, -1.25, Number.NaN, 1e-300, -0, Number.POSITIVE_INFINITY, 3]);
  return {
    scores,
    order: new Int32Array([2, 0, 1, -7, 2147483647]),
    counts: new Int32Array([5]), // 4 bytes: the next array must still start 8-byte aligned
    z_last: new Float64Array([Math.PI]),
    empty: new Float64Array(0),
  };
}

function listFiles(root: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(relative(root, join(entry.parentPath, entry.name)));
  }
  return out.sort();
}

function expectSameArrays(actual: SignalBundle, expected: SignalBundle): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [name, array] of Object.entries(expected)) {
    const got = actual[name]!;
    expect(got.constructor).toBe(array.constructor);
    expect(got.length).toBe(array.length);
    // Compare bit patterns so NaN and -0 count as equal only to themselves.
    expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength)).toEqual(Buffer.from(array.buffer, array.byteOffset, array.byteLength));
  }
}

describe('SignalCache', () => {
  it('returns exactly the arrays that were put, as aligned typed arrays', () => {
    const cache = new SignalCache({ dir, codeIdentity: CODE });
    cache.put(KEY_A, sampleBundle());
    const got = new SignalCache({ dir, codeIdentity: CODE }).get(KEY_A);
    expect(got).not.toBeNull();
    expectSameArrays(got!, sampleBundle());
    for (const array of Object.values(got!)) expect(array.byteOffset % array.BYTES_PER_ELEMENT).toBe(0);
    expect(Object.is(got!.scores![4], -0)).toBe(true);
  });

  it('stores one file per key under signals/<first two hex chars>/', () => {
    const cache = new SignalCache({ dir, codeIdentity: CODE });
    cache.put(KEY_A, sampleBundle());
    cache.put(KEY_B, { x: new Float64Array([1]) });
    expect(listFiles(dir)).toEqual([join('signals', 'ab', `${KEY_A}.bin`), join('signals', 'cd', `${KEY_B}.bin`)]);
    expect(cache.pathOf(KEY_A)).toBe(join(dir, 'signals', 'ab', `${KEY_A}.bin`));
  });

  it('writes each entry as exactly the bytes of encodeSignalBundle (arrays of odd lengths padded)', () => {
    const cache = new SignalCache({ dir, codeIdentity: CODE });
    const bundle = { a: new Int32Array([1, 2, 3]), b: new Float64Array([0.5, -1]).subarray(1), c: new Int32Array(0) };
    cache.put(KEY_A, bundle);
    expect(readFileSync(cache.pathOf(KEY_A))).toEqual(Buffer.from(encodeSignalBundle(KEY_A, bundle)));
    expectSameArrays(cache.get(KEY_A)!, bundle);
  });

  it('copies the arrays of a put bundle (subarray views included)', () => {
    const big = new Float64Array([9, 8, 7, 6, 5]);
    const cache = new SignalCache({ dir, codeIdentity: CODE });
    cache.put(KEY_A, { part: big.subarray(1, 4) });
    big.fill(0);
    expect(Array.from(cache.get(KEY_A)!.part!)).toEqual([8, 7, 6]);
  });

  it('counts a missing entry as a miss', () => {
    const cache = new SignalCache({ dir, codeIdentity: CODE });
    expect(cache.get(KEY_A)).toBeNull();
    expect(cache.stats()).toEqual({ hits: 0, misses: 1, corrupt: 0, writes: 0 });
  });

  it('counts hits, misses and writes', () => {
    const cache = new SignalCache({ dir, codeIdentity: CODE });
    cache.get(KEY_A);
    cache.put(KEY_A, sampleBundle());
    cache.get(KEY_A);
    cache.get(KEY_A);
    expect(cache.stats()).toEqual({ hits: 2, misses: 1, corrupt: 0, writes: 1 });
  });

  it('tells onCacheRecovery of a corrupt entry with its path and reason, once per corrupt read', () => {
    new SignalCache({ dir, codeIdentity: CODE }).put(KEY_A, sampleBundle());
    const path = new SignalCache({ dir, codeIdentity: CODE }).pathOf(KEY_A);
    const bytes = readFileSync(path);
    bytes[bytes.length - 3]! ^= 0x01;
    writeFileSync(path, bytes);
    const told: unknown[] = [];
    const cache = new SignalCache({ dir, codeIdentity: CODE, onCacheRecovery: (recovery) => told.push(recovery) });
    expect(cache.get(KEY_B)).toBeNull();
    expect(told).toEqual([]);
    expect(cache.get(KEY_A)).toBeNull();
    expect(told).toEqual([{ cache: 'signal', path, reason: expect.stringMatching(/checksum/) }]);
  });

  it('reports a flipped payload byte as a corrupt miss, and a rewrite repairs the entry', () => {
    new SignalCache({ dir, codeIdentity: CODE }).put(KEY_A, sampleBundle());
    const path = new SignalCache({ dir, codeIdentity: CODE }).pathOf(KEY_A);
    const bytes = readFileSync(path);
    bytes[bytes.length - 3]! ^= 0x01;
    writeFileSync(path, bytes);

    const cache = new SignalCache({ dir, codeIdentity: CODE });
    expect(cache.get(KEY_A)).toBeNull();
    expect(cache.stats()).toEqual({ hits: 0, misses: 1, corrupt: 1, writes: 0 });
    cache.put(KEY_A, sampleBundle());
    expectSameArrays(cache.get(KEY_A)!, sampleBundle());
    expect(cache.stats()).toEqual({ hits: 1, misses: 1, corrupt: 1, writes: 1 });
  });

  it.each([
    ['a header byte', 60],
    ['the magic', 0],
    ['the checksum', 17],
    ['the reserved prefix', 20],
  ])('reports a flipped byte in %s as a corrupt miss', (_what, offset) => {
    const cache = new SignalCache({ dir, codeIdentity: CODE });
    cache.put(KEY_A, sampleBundle());
    const bytes = readFileSync(cache.pathOf(KEY_A));
    bytes[offset]! ^= 0x20;
    writeFileSync(cache.pathOf(KEY_A), bytes);
    expect(cache.get(KEY_A)).toBeNull();
    expect(cache.stats().corrupt).toBe(1);
  });

  it.each([0, 10, 47, 100])('reports a file truncated to %i bytes as a corrupt miss', (length) => {
    const cache = new SignalCache({ dir, codeIdentity: CODE });
    cache.put(KEY_A, sampleBundle());
    truncateSync(cache.pathOf(KEY_A), length);
    expect(cache.get(KEY_A)).toBeNull();
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 1, corrupt: 1 });
  });

  it('reports a file cut by one byte as a corrupt miss', () => {
    const cache = new SignalCache({ dir, codeIdentity: CODE });
    cache.put(KEY_A, sampleBundle());
    truncateSync(cache.pathOf(KEY_A), statSync(cache.pathOf(KEY_A)).size - 1);
    expect(cache.get(KEY_A)).toBeNull();
    expect(cache.stats().corrupt).toBe(1);
  });

  it('does not serve an entry copied under another key', () => {
    const cache = new SignalCache({ dir, codeIdentity: CODE });
    cache.put(KEY_A, sampleBundle());
    mkdirSync(dirname(cache.pathOf(KEY_B)), { recursive: true });
    writeFileSync(cache.pathOf(KEY_B), readFileSync(cache.pathOf(KEY_A)));
    expect(cache.get(KEY_B)).toBeNull();
    expect(cache.stats().corrupt).toBe(1);
  });

  it('misses every get with refresh, yet writes entries that a normal cache then hits', () => {
    new SignalCache({ dir, codeIdentity: CODE }).put(KEY_A, sampleBundle());
    const refreshing = new SignalCache({ dir, refresh: true, codeIdentity: CODE });
    expect(refreshing.get(KEY_A)).toBeNull();
    refreshing.put(KEY_A, { x: new Int32Array([1, 2]) });
    expect(refreshing.get(KEY_A)).toBeNull();
    expect(refreshing.stats()).toEqual({ hits: 0, misses: 2, corrupt: 0, writes: 1 });
    expect(Array.from(new SignalCache({ dir, codeIdentity: CODE }).get(KEY_A)!.x!)).toEqual([1, 2]);
  });

  it('leaves no temp file after writes, overwrites included', () => {
    const cache = new SignalCache({ dir, codeIdentity: CODE });
    for (let k = 0; k < 5; k++) cache.put(KEY_A, { x: new Float64Array(1000).fill(k) });
    expect(listFiles(dir)).toEqual([join('signals', 'ab', `${KEY_A}.bin`)]);
    expect(cache.get(KEY_A)!.x![0]).toBe(4);
  });

  it('rejects keys that are not sha256 hex, so no path can escape the folder', () => {
    const cache = new SignalCache({ dir, codeIdentity: CODE });
    for (const key of ['', '../../etc/passwd', 'AB'.repeat(32), 'ab'.repeat(31)]) {
      expect(() => cache.get(key)).toThrow(InvalidCacheKeyError);
      expect(() => cache.put(key, {})).toThrow(InvalidCacheKeyError);
    }
  });

  it('rejects bundles holding other array types and writes nothing', () => {
    const cache = new SignalCache({ dir, codeIdentity: CODE });
    const bad = { scores: new Float32Array(3) } as unknown as SignalBundle;
    expect(() => cache.put(KEY_A, bad)).toThrow(InvalidSignalBundleError);
    expect(() => cache.put(KEY_A, bad)).toThrow('"scores"');
    expect(listFiles(dir)).toEqual([]);
    expect(cache.stats().writes).toBe(0);
  });

  it('keeps entries whole while several processes write and read one key at once', async () => {
    const moduleDir = compileCacheForNode(join(dir, 'module'));
    const cacheDir = join(dir, 'cache');
    const script = join(moduleDir, 'hammer.mjs');
    writeFileSync(
      script,
      `import { SignalCache } from './cache/SignalCache.js';
const [cacheDir, id, rounds] = process.argv.slice(2);
const key = '${KEY_A}';
const cache = new SignalCache({ dir: cacheDir, codeIdentity: '${CODE}' });
let torn = 0;
for (let round = 0; round < Number(rounds); round++) {
  // Each writer fills its arrays with its own id: a mixed entry would show several ids.
  cache.put(key, { values: new Float64Array(200000).fill(Number(id)), ids: new Int32Array(1000).fill(Number(id)) });
  const got = cache.get(key);
  if (got !== null) {
    const first = got.values[0];
    for (let k = 0; k < got.values.length; k++) if (got.values[k] !== first) torn++;
    for (let k = 0; k < got.ids.length; k++) if (got.ids[k] !== first) torn++;
  }
}
process.stdout.write(JSON.stringify({ torn, ...cache.stats() }));
`,
    );
    const run = promisify(execFile);
    const results = await Promise.all(
      [1, 2, 3, 4].map(async (id) => JSON.parse((await run(process.execPath, [script, cacheDir, String(id), '25'])).stdout) as Record<string, number>),
    );
    for (const result of results) {
      expect(result).toMatchObject({ torn: 0, corrupt: 0, writes: 25, hits: 25 });
    }
    const final = new SignalCache({ dir: cacheDir, codeIdentity: CODE }).get(KEY_A)!;
    expect([1, 2, 3, 4]).toContain(final.values![0]);
    expect(listFiles(cacheDir)).toEqual([join('signals', 'ab', `${KEY_A}.bin`)]);
  });
});

/** Transpiles the cache module and its imports to plain ESM, so child processes can load the real code. */
function compileCacheForNode(outDir: string): string {
  const srcRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
  const files = [
    'cache/SignalCache.ts',
    'cache/signalBundleCodec.ts',
    'cache/container/cacheContainer.ts',
    'cache/SignalBundle.ts',
    'cache/housekeeping/markCacheEntryUsed.ts',
    'errors.ts',
    'errors/describeSystemError.ts',
    'errors/quoteText.ts',
    'util/formatGb.ts',
    'util/writeFileAtomic.ts',
  ];
  for (const file of files) {
    const output = ts.transpileModule(readFileSync(join(srcRoot, file), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    const target = join(outDir, file.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
  }
  writeFileSync(join(outDir, 'package.json'), '{"type":"module"}');
  return outDir;
}
