import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Panel } from './Panel.js';
import { MemoryLimitError } from '../errors.js';
import { PROCESS_BASE_BYTES } from '../memory/checkMemoryNeed.js';
import { containerPayloadStart, encodeContainer } from '../cache/container/cacheContainer.js';
import { decodePanel, encodePanel, PanelCache, RACY_MARGIN_MS } from './PanelCache.js';
import type { IndexedSourceFile, SourceFileStat } from './PanelCache.js';

const FINGERPRINT = 'ab'.repeat(32);
const OTHER_FINGERPRINT = 'cd'.repeat(32);
const CODE = '12'.repeat(32);
const OTHER_CODE = '34'.repeat(32);

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wf-cache-'));
  tempDirs.push(dir);
  return dir;
}

/** A 3-date x 2-symbol panel with NaNs, a negative zero and odd symbols. */
function tinyPanel(withMarketCap: boolean): Panel {
  const field = (seed: number): Float64Array => Float64Array.from([seed, Number.NaN, seed + 0.1, -0, 1e-300, seed * 7]);
  return {
    symbols: ['BRK.B', 'Zürich'],
    dates: Int32Array.from([20200102, 20200103, 20200106]),
    nDates: 3,
    nSymbols: 2,
    open: field(1),
    high: field(2),
    low: field(3),
    close: field(4),
    volume: field(5),
    marketCap: withMarketCap ? field(6) : null,
  };
}

function bytesOf(array: Float64Array | Int32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/** Panels equal bit for bit (NaN payloads and -0 included). */
function expectSamePanel(actual: Panel, expected: Panel): void {
  expect(actual.symbols).toEqual(expected.symbols);
  expect(actual.nDates).toBe(expected.nDates);
  expect(actual.nSymbols).toBe(expected.nSymbols);
  expect(bytesOf(actual.dates).equals(bytesOf(expected.dates))).toBe(true);
  for (const key of ['open', 'high', 'low', 'close', 'volume'] as const) {
    expect(bytesOf(actual[key]).equals(bytesOf(expected[key])), key).toBe(true);
  }
  if (expected.marketCap === null) expect(actual.marketCap).toBeNull();
  else expect(bytesOf(actual.marketCap!).equals(bytesOf(expected.marketCap))).toBe(true);
}

function decoded(bytes: Buffer, fingerprint = FINGERPRINT): Panel {
  const result = decodePanel(bytes, fingerprint);
  if (result.panel === null) throw new Error(`unexpected miss: ${result.reason}`);
  return result.panel;
}

describe('encodePanel / decodePanel', () => {
  it('round-trips a panel bit for bit, with and without market caps', () => {
    for (const withMarketCap of [false, true]) {
      const panel = tinyPanel(withMarketCap);
      expectSamePanel(decoded(encodePanel(panel, FINGERPRINT)), panel);
    }
  });

  it('decodes from a buffer that is not 8-byte aligned', () => {
    const panel = tinyPanel(true);
    const encoded = encodePanel(panel, FINGERPRINT);
    const shifted = Buffer.alloc(encoded.length + 3);
    encoded.copy(shifted, 3);
    expectSamePanel(decoded(shifted.subarray(3)), panel);
  });

  it('reports any flipped byte, in the header, the arrays, the symbols or the checksum, as corrupt', () => {
    const encoded = encodePanel(tinyPanel(true), FINGERPRINT);
    for (let offset = 0; offset < encoded.length; offset++) {
      const copy = Buffer.from(encoded);
      copy[offset] = copy[offset]! ^ 0x01;
      const result = decodePanel(copy, FINGERPRINT);
      expect(result.panel, `byte ${offset}`).toBeNull();
      if (result.panel === null) expect(result.miss).toBe('corrupt');
    }
  });

  it('reports a truncated or extended file as corrupt', () => {
    const encoded = encodePanel(tinyPanel(false), FINGERPRINT);
    for (const length of [0, 10, 128, 159, 160, encoded.length - 1]) {
      expect(decodePanel(encoded.subarray(0, length), FINGERPRINT)).toMatchObject({ panel: null, miss: 'corrupt' });
    }
    expect(decodePanel(Buffer.concat([encoded, Buffer.from([0])]), FINGERPRINT)).toMatchObject({ panel: null, miss: 'corrupt' });
  });

  it('reports a file stored under another fingerprint as corrupt', () => {
    const encoded = encodePanel(tinyPanel(false), FINGERPRINT);
    expect(decodePanel(encoded, OTHER_FINGERPRINT)).toMatchObject({ panel: null, miss: 'corrupt' });
  });
});

describe('PanelCache', () => {
  it('misses on an absent entry, then serves what was written, leaving no temp file', async () => {
    const cache = new PanelCache(tempDir(), CODE);
    expect(await cache.read(FINGERPRINT)).toMatchObject({ panel: null, miss: 'absent' });
    const panel = tinyPanel(true);
    await cache.write(FINGERPRINT, panel);
    const result = await cache.read(FINGERPRINT);
    expect(result.panel).not.toBeNull();
    expectSamePanel(result.panel!, panel);
    expect(readdirSync(cache.dir)).toEqual([`${FINGERPRINT}-${CODE.slice(0, 16)}.bin`]);
    expect(cache.pathOf(FINGERPRINT)).toBe(path.join(cache.dir, `${FINGERPRINT}-${CODE.slice(0, 16)}.bin`));
  });

  it('reads an entry into shared memory on request: the same bits, every field in a SharedArrayBuffer of its own', async () => {
    const cache = new PanelCache(tempDir(), CODE);
    const panel = tinyPanel(true);
    await cache.write(FINGERPRINT, panel);
    const plain = await cache.read(FINGERPRINT);
    const shared = await cache.read(FINGERPRINT, { shared: true });
    expectSamePanel(shared.panel!, panel);
    expect(plain.panel!.close.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    const buffers = new Set([shared.panel!.open, shared.panel!.high, shared.panel!.low, shared.panel!.close, shared.panel!.volume, shared.panel!.marketCap!].map((field) => field.buffer));
    expect(buffers.size).toBe(6);
    for (const buffer of buffers) expect(buffer).toBeInstanceOf(SharedArrayBuffer);
    // A truncated entry is still a corrupt miss when read shared.
    const file = cache.pathOf(FINGERPRINT);
    writeFileSync(file, readFileSync(file).subarray(0, 100));
    expect(await cache.read(FINGERPRINT, { shared: true })).toMatchObject({ panel: null, miss: 'corrupt' });
  });

  it('refuses a read whose fields exceed the memory limit before allocating them, naming the panel and the size', async () => {
    const cache = new PanelCache(tempDir(), CODE);
    const panel = tinyPanel(true);
    await cache.write(FINGERPRINT, panel);
    const fieldBytes = 8 * panel.nDates * panel.nSymbols;
    const fits = { bytes: PROCESS_BASE_BYTES + 6 * fieldBytes, source: '--max-memory-gb' };
    expectSamePanel((await cache.read(FINGERPRINT, { memoryLimit: fits })).panel!, panel);
    const short = { bytes: PROCESS_BASE_BYTES + 6 * fieldBytes - 1, source: '--max-memory-gb' };
    await expect(cache.read(FINGERPRINT, { memoryLimit: short })).rejects.toThrow(MemoryLimitError);
    await expect(cache.read(FINGERPRINT, { memoryLimit: short })).rejects.toThrow(
      new RegExp(`^the panel of ${panel.nSymbols} symbols x ${panel.nDates} dates \\(6 fields, from the panel cache\\) needs an estimated 0\\.15 GB of memory, more than --max-memory-gb`),
    );
    // Fewer fields need less.
    expect((await cache.read(FINGERPRINT, { memoryLimit: short, fields: ['close'] })).panel).not.toBeNull();
  });

  it('reads only the requested fields: the others are empty, market caps null when the entry has none', async () => {
    const cache = new PanelCache(tempDir(), CODE);
    for (const withMarketCap of [false, true]) {
      const panel = tinyPanel(withMarketCap);
      await cache.write(FINGERPRINT, panel);
      const result = await cache.read(FINGERPRINT, { fields: ['close', 'volume', 'marketCap'], shared: true });
      const got = result.panel!;
      expect([got.symbols, Array.from(got.dates), got.nDates, got.nSymbols]).toEqual([panel.symbols, Array.from(panel.dates), 3, 2]);
      expect([got.open.length, got.high.length, got.low.length]).toEqual([0, 0, 0]);
      expect(Buffer.from(got.close.buffer).equals(Buffer.from(panel.close.buffer))).toBe(true);
      expect(Buffer.from(got.volume.buffer).equals(Buffer.from(panel.volume.buffer))).toBe(true);
      expect(got.close.buffer).toBeInstanceOf(SharedArrayBuffer);
      if (withMarketCap) expect(Buffer.from(got.marketCap!.buffer).equals(Buffer.from(panel.marketCap!.buffer))).toBe(true);
      else expect(got.marketCap).toBeNull();
    }
  });

  it('finds any flipped byte of a field it reads and misses, and is not stopped by one in a field it does not read', async () => {
    const cache = new PanelCache(tempDir(), CODE);
    const panel = tinyPanel(true);
    const encoded = encodePanel(panel, FINGERPRINT);
    const file = cache.pathOf(FINGERPRINT);
    await cache.write(FINGERPRINT, panel);
    const payloadStart = containerPayloadStart(encoded) as number;
    const fieldBytes = 3 * 2 * 8;
    // Sections in stored order: open, high, low, close, volume, marketCap.
    const closeOrVolume = (offset: number): boolean => offset >= payloadStart + 3 * fieldBytes && offset < payloadStart + 5 * fieldBytes;
    for (let offset = 0; offset < encoded.length; offset++) {
      const copy = Buffer.from(encoded);
      copy[offset] = copy[offset]! ^ 0x01;
      writeFileSync(file, copy);
      const all = await cache.read(FINGERPRINT);
      const some = await cache.read(FINGERPRINT, { fields: ['close', 'volume'] });
      // The whole-payload checksum [20, 24) is not what read() relies on: every field has its own.
      if (offset >= 20 && offset < 24) {
        expectSamePanel(all.panel!, panel);
        continue;
      }
      expect(all, `byte ${offset}`).toMatchObject({ panel: null, miss: 'corrupt' });
      if (offset < payloadStart || closeOrVolume(offset)) {
        expect(some, `byte ${offset}`).toMatchObject({ panel: null, miss: 'corrupt' });
      } else {
        expect(Buffer.from(some.panel!.close.buffer).equals(Buffer.from(panel.close.buffer)), `byte ${offset}`).toBe(true);
        expect(Buffer.from(some.panel!.volume.buffer).equals(Buffer.from(panel.volume.buffer)), `byte ${offset}`).toBe(true);
      }
    }
  });

  it('misses on an entry of the previous format (no checksum per field), never serving it', async () => {
    const cache = new PanelCache(tempDir(), CODE);
    const panel = tinyPanel(false);
    const meta = { nDates: 3, nSymbols: 2, marketCap: false, symbols: [...panel.symbols], dates: Array.from(panel.dates) };
    const sections = { open: panel.open, high: panel.high, low: panel.low, close: panel.close, volume: panel.volume };
    await cache.write(FINGERPRINT, panel);
    writeFileSync(cache.pathOf(FINGERPRINT), encodeContainer({ kind: 'panel', version: 3, key: FINGERPRINT, meta, sections }));
    expect(await cache.read(FINGERPRINT)).toMatchObject({ panel: null, miss: 'corrupt', reason: 'panel version 3, expected 4' });
    writeFileSync(cache.pathOf(FINGERPRINT), encodeContainer({ kind: 'panel', version: 4, key: FINGERPRINT, meta, sections }));
    expect(await cache.read(FINGERPRINT, { fields: ['close'] })).toMatchObject({ panel: null, miss: 'corrupt', reason: 'field open has no checksum' });
  });

  it('refuses a fingerprint that is not sha256 hex as a file name', () => {
    const cache = new PanelCache(tempDir(), CODE);
    expect(() => cache.pathOf('../../etc/passwd')).toThrow(RangeError);
  });

  it('keeps entries of other engine code apart, and a write replaces them for its fingerprint', async () => {
    const dir = tempDir();
    const mine = new PanelCache(dir, CODE);
    const other = new PanelCache(dir, OTHER_CODE);
    await other.write(FINGERPRINT, tinyPanel(false));
    await other.write(OTHER_FINGERPRINT, tinyPanel(false));
    expect(await mine.read(FINGERPRINT)).toMatchObject({ panel: null, miss: 'absent' });
    await mine.write(FINGERPRINT, tinyPanel(true));
    expect((await mine.read(FINGERPRINT)).panel?.marketCap).not.toBeNull();
    expect(readdirSync(mine.dir).sort()).toEqual([path.basename(mine.pathOf(FINGERPRINT)), path.basename(other.pathOf(OTHER_FINGERPRINT))].sort());
  });

  describe('stat index', () => {
    const key = 'ef'.repeat(32);
    const hashStartedMs = 1_700_000_000_000;
    const ns = (ms: number): string => String(BigInt(ms) * 1_000_000n + 123_456n);
    const oldFiles: IndexedSourceFile[] = [
      { path: '/data/prices/A.csv', size: 100, dev: '2049', ino: '11', mtimeNs: ns(hashStartedMs - 60_000), ctimeNs: ns(hashStartedMs - 59_000), sha256: 'a1'.repeat(32) },
      { path: '/data/prices/B.csv', size: 200, dev: '2049', ino: '12', mtimeNs: ns(hashStartedMs - 61_000), ctimeNs: ns(hashStartedMs - 60_000), sha256: 'b2'.repeat(32) },
    ];

    it('returns the remembered fingerprint when paths, devices, inodes, sizes, mtimes and ctimes all match', async () => {
      const cache = new PanelCache(tempDir(), CODE);
      expect(await cache.lookupFingerprint(key, oldFiles)).toBeNull();
      await cache.rememberFingerprint(key, { fingerprint: FINGERPRINT, hashStartedMs, files: oldFiles });
      expect(await cache.lookupFingerprint(key, oldFiles)).toBe(FINGERPRINT);
      expect(await cache.lookupFingerprint('00'.repeat(32), oldFiles)).toBeNull();
    });

    it('returns null when any stat of a file changed, or a file was added, removed or reordered', async () => {
      const cache = new PanelCache(tempDir(), CODE);
      await cache.rememberFingerprint(key, { fingerprint: FINGERPRINT, hashStartedMs, files: oldFiles });
      const [a, b] = oldFiles as [SourceFileStat, SourceFileStat];
      const plusOneNs = (text: string): string => String(BigInt(text) + 1n);
      for (const changed of [
        { ...b, size: 201 },
        { ...b, mtimeNs: plusOneNs(b.mtimeNs) },
        // A rewrite whose size and mtime were put back: only the ctime tells.
        { ...b, ctimeNs: plusOneNs(b.ctimeNs) },
        { ...b, ino: '13' },
        { ...b, dev: '2050' },
      ]) {
        expect(await cache.lookupFingerprint(key, [a, changed]), JSON.stringify(changed)).toBeNull();
      }
      expect(await cache.lookupFingerprint(key, [a])).toBeNull();
      expect(await cache.lookupFingerprint(key, [a, b, { ...b, path: '/data/prices/C.csv' }])).toBeNull();
      expect(await cache.lookupFingerprint(key, [b, a])).toBeNull();
    });

    it('does not vouch for a file whose mtime or ctime lies within the racy margin of the hashing', async () => {
      for (const field of ['mtimeNs', 'ctimeNs'] as const) {
        const cache = new PanelCache(tempDir(), CODE);
        const racy = [oldFiles[0]!, { ...oldFiles[1]!, [field]: ns(hashStartedMs - RACY_MARGIN_MS + 1) }];
        await cache.rememberFingerprint(key, { fingerprint: FINGERPRINT, hashStartedMs, files: racy });
        expect(await cache.lookupFingerprint(key, racy), field).toBeNull();
      }
    });

    it('ignores a record of the earlier format (size and mtime only)', async () => {
      const cache = new PanelCache(tempDir(), CODE);
      await cache.rememberFingerprint(key, { fingerprint: FINGERPRINT, hashStartedMs, files: oldFiles });
      const indexFile = path.join(cache.dir, `sources-${key}.json`);
      const record = JSON.parse(readFileSync(indexFile, 'utf8')) as Record<string, unknown>;
      writeFileSync(indexFile, JSON.stringify({ ...record, version: undefined }));
      expect(await cache.lookupFingerprint(key, oldFiles)).toBeNull();
    });
  });
});

describe('PanelCache.readIdentity', () => {
  it('reads the fingerprint, shape and dates of an entry without its values', async () => {
    const cache = new PanelCache(tempDir(), CODE);
    expect(await cache.readIdentity(FINGERPRINT)).toMatchObject({ identity: null, miss: 'absent' });
    const panel = tinyPanel(true);
    await cache.write(FINGERPRINT, panel);
    const result = await cache.readIdentity(FINGERPRINT);
    expect(result.identity).not.toBeNull();
    expect(result.identity!.fingerprint).toBe(FINGERPRINT);
    expect([result.identity!.nDates, result.identity!.nSymbols]).toEqual([3, 2]);
    expect(Array.from(result.identity!.dates)).toEqual(Array.from(panel.dates));
    expect(await cache.readIdentity(OTHER_FINGERPRINT)).toMatchObject({ identity: null, miss: 'absent' });
  });

  it('reports a flipped byte in the header or dates, a truncated file and a foreign entry as corrupt', async () => {
    const cache = new PanelCache(tempDir(), CODE);
    const encoded = encodePanel(tinyPanel(false), FINGERPRINT);
    const file = cache.pathOf(FINGERPRINT);
    await cache.write(FINGERPRINT, tinyPanel(false));
    // Prefix and header (shape, symbols, dates, the fields' checksums) up to the payload: all verified but the payload checksum [20, 24).
    const payloadStart = containerPayloadStart(encoded) as number;
    const verified = [...Array(payloadStart).keys()].filter((offset) => offset < 20 || offset >= 24);
    for (const offset of verified) {
      const copy = Buffer.from(encoded);
      copy[offset] = copy[offset]! ^ 0x01;
      writeFileSync(file, copy);
      expect(await cache.readIdentity(FINGERPRINT), `byte ${offset}`).toMatchObject({ identity: null, miss: 'corrupt' });
    }
    for (const length of [0, 100, 170, encoded.length - 1]) {
      writeFileSync(file, encoded.subarray(0, length));
      expect(await cache.readIdentity(FINGERPRINT), `length ${length}`).toMatchObject({ identity: null, miss: 'corrupt' });
    }
    writeFileSync(cache.pathOf(OTHER_FINGERPRINT), encoded);
    expect(await cache.readIdentity(OTHER_FINGERPRINT)).toMatchObject({ identity: null, miss: 'corrupt' });
  });

  it('does not read the values: a flipped value byte passes readIdentity and fails the full read', async () => {
    const cache = new PanelCache(tempDir(), CODE);
    const encoded = encodePanel(tinyPanel(false), FINGERPRINT);
    const value = (containerPayloadStart(encoded) as number) + 1;
    encoded[value] = encoded[value]! ^ 0x01;
    await cache.write(FINGERPRINT, tinyPanel(false));
    writeFileSync(cache.pathOf(FINGERPRINT), encoded);
    expect((await cache.readIdentity(FINGERPRINT)).identity).not.toBeNull();
    expect(await cache.read(FINGERPRINT)).toMatchObject({ panel: null, miss: 'corrupt' });
  });
});
