import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@wf/engine';
import { NdjsonResultsStore, TopKHeap, writeCheckpoint } from '@wf/optimizer';
import type { ResultRecord } from '@wf/optimizer';

export type CheckpointStyleFigures = {
  readonly candidates: number;
  readonly checkpointInterval: number;
  /** Old style: every interval, the whole result list so far rewritten as one JSON file. */
  readonly fullRewriteMs: number;
  readonly fullRewriteBytesWritten: number;
  /** This package: one NDJSON append per candidate + an O(K) atomic checkpoint every interval. */
  readonly appendCheckpointMs: number;
  readonly appendCheckpointBytesWritten: number;
};

/** A realistic record (a full metrics object, ~650 bytes as NDJSON). */
export function syntheticRecord(ordinal: number): ResultRecord {
  const x = Math.sin(ordinal + 1);
  return {
    ordinal,
    index: ordinal,
    signature: (0x10000000 + ordinal * 2654435761).toString(16).slice(-16).padStart(16, '0'),
    params: `lookback=${20 + (ordinal % 100) * 5};skip=${ordinal % 4}`,
    portfolio: `cost_bps=${ordinal % 5};holding_days=${1 + (ordinal % 3)}`,
    status: 'OK',
    objective: x,
    dailySharpe: x / 15.87,
    metrics: {
      days: 252,
      totalReturn: x / 10,
      annReturn: x / 9,
      annVol: 0.1 + x * x / 100,
      sharpe: x,
      maxDrawdown: 0.1 + x * x / 10,
      turnover: 0.3,
      hitRate: 0.5 + x / 100,
      meanIc: x / 100,
      icStd: 0.1,
      icTstat: x * 2,
      universeMean: 480.5,
      quantileMeans: [x / 1000, x / 2000, 0, -x / 2000, -x / 1000],
    },
    error: null,
    dominatedBy: null,
  };
}

/**
 * Persistence cost of `candidates` results, old style (the whole list rewritten as JSON
 * at every checkpoint: O(n^2) bytes) against this package's (append one NDJSON line per
 * candidate, fsync and an atomic O(K) checkpoint every interval: O(n)).
 */
export function benchmarkCheckpointStyles(options: { dir: string; candidates: number; checkpointInterval: number }): CheckpointStyleFigures {
  const { dir, candidates, checkpointInterval } = options;
  mkdirSync(dir, { recursive: true });
  const records = Array.from({ length: candidates }, (_, k) => syntheticRecord(k));

  // Old style.
  const oldPath = join(dir, 'old-results.json');
  let oldBytes = 0;
  let t = performance.now();
  const kept: ResultRecord[] = [];
  for (let k = 0; k < candidates; k++) {
    kept.push(records[k] as ResultRecord);
    if ((k + 1) % checkpointInterval === 0 || k === candidates - 1) {
      const text = JSON.stringify({ results: kept });
      writeFileAtomic(oldPath, text, { fsync: true });
      oldBytes += Buffer.byteLength(text);
    }
  }
  const fullRewriteMs = performance.now() - t;

  // This package's.
  const newPath = join(dir, 'results.ndjson');
  rmSync(newPath, { force: true });
  const { store } = NdjsonResultsStore.open({ path: newPath });
  const heap = new TopKHeap<{ ordinal: number; objective: number; record: ResultRecord }>(10);
  let newBytes = 0;
  t = performance.now();
  for (let k = 0; k < candidates; k++) {
    const record = records[k] as ResultRecord;
    store.append(record);
    heap.offer({ ordinal: k, objective: record.objective, record });
    if ((k + 1) % checkpointInterval === 0 || k === candidates - 1) {
      store.sync();
      const checkpoint = {
        format: 1 as const,
        runKey: 'bench',
        storeRecords: store.records,
        storeBytes: store.bytes,
        top: heap.sorted().map((e, rank) => ({ rank: rank + 1, ordinal: e.ordinal, signature: e.record.signature, params: e.record.params, portfolio: e.record.portfolio, objective: e.objective })),
      };
      writeCheckpoint(join(dir, 'checkpoint.json'), checkpoint);
      newBytes += Buffer.byteLength(JSON.stringify(checkpoint)) + 1;
    }
  }
  const appendCheckpointMs = performance.now() - t;
  newBytes += store.bytes;
  store.close();
  return { candidates, checkpointInterval, fullRewriteMs, fullRewriteBytesWritten: oldBytes, appendCheckpointMs, appendCheckpointBytesWritten: newBytes };
}

