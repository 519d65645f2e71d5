import { Worker } from 'node:worker_threads';
import { createMarketContext, generateSampleMarket } from '@wf/engine';
import type { UniverseConfig } from '@wf/engine';
import { describe, expect, it } from 'vitest';
import { abandonSharedMarket, awaitSharedMarket, finishSharedMarket, startSharedMarket } from './shareMarket.js';

const { panel } = generateSampleMarket({ symbols: 30, days: 120, seed: 5 });
const FINGERPRINT = 'ab'.repeat(32);
const UNIVERSE: UniverseConfig = { minHistory: 20, minPrice: 5, minDollarVolume: 1e6, topN: 10 };
const bytes = (a: Float64Array | Int32Array | Uint8Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('startSharedMarket / finishSharedMarket / awaitSharedMarket', () => {
  it('builds, in shared memory, the returns, universe and returns ranking of createMarketContext, bit for bit', () => {
    const plain = createMarketContext({ panel, dataFingerprint: FINGERPRINT, universe: UNIVERSE });
    const market = startSharedMarket({ panel, dataFingerprint: FINGERPRINT, universe: UNIVERSE });
    expect(bytes(market.returns).equals(bytes(plain.returns))).toBe(true);
    expect(Atomics.load(market.built, 0)).toBe(0);
    const context = finishSharedMarket(market, createMarketContext({ panel, dataFingerprint: FINGERPRINT, universe: UNIVERSE, returns: market.returns }));
    expect(Atomics.load(market.built, 0)).toBe(1);
    for (const got of [context, awaitSharedMarket(market)]) {
      for (const name of ['status', 'eligibleCount', 'excludedCounts'] as const) {
        expect(got.universe[name].buffer).toBeInstanceOf(SharedArrayBuffer);
        expect(bytes(got.universe[name]).equals(bytes(plain.universe[name])), name).toBe(true);
      }
      expect(got.universe.config).toEqual(UNIVERSE);
      expect(bytes(got.returnRanking.order).equals(bytes(plain.returnRanking.order))).toBe(true);
      expect(bytes(got.returnRanking.count).equals(bytes(plain.returnRanking.count))).toBe(true);
    }
  });

  it('makes a worker wait for the universe until it is built, and fail if it is abandoned', async () => {
    // A worker thread reads the universe of a market not built yet: it blocks until the build.
    const market = startSharedMarket({ panel, dataFingerprint: FINGERPRINT, universe: UNIVERSE });
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const market = workerData;
      parentPort.postMessage('started');
      Atomics.wait(market.built, 0, 0);
      parentPort.postMessage(Atomics.load(market.built, 0) === 1 ? market.universe.eligibleCount.reduce((a, b) => a + b, 0) : -1);
    `;
    const worker = new Worker(code, { eval: true, workerData: market });
    const messages: unknown[] = [];
    let started = (): void => undefined;
    const startedOnce = new Promise<void>((resolve) => (started = resolve));
    const done = new Promise<void>((resolve) =>
      worker.on('message', (message) => {
        messages.push(message);
        if (messages.length === 1) started();
        if (messages.length === 2) resolve();
      }),
    );
    await startedOnce;
    // Waiting: nothing more comes while the market is not built.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(messages).toEqual(['started']);
    const context = finishSharedMarket(market, createMarketContext({ panel, dataFingerprint: FINGERPRINT, universe: UNIVERSE, returns: market.returns }));
    await done;
    await worker.terminate();
    expect(messages[1]).toBe(context.universe.eligibleCount.reduce((a, b) => a + b, 0));
    expect(messages[1]).toBeGreaterThan(0);

    const abandoned = startSharedMarket({ panel, dataFingerprint: FINGERPRINT, universe: UNIVERSE });
    const waiting = awaitSharedMarket(abandoned);
    expect(waiting.universe.config).toEqual(UNIVERSE);
    expect(waiting.panel.nSymbols).toBe(30);
    abandonSharedMarket(abandoned);
    expect(() => waiting.universe.status).toThrow(/did not build the universe/);
    expect(() => waiting.returnRanking).toThrow(/did not build the universe/);
  });
});
