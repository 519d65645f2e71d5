import { placeEveryRow } from './buildPanel.js';
import type { PlaceChunkRequest } from './placeCsvChunk.js';
import type { NumericCsv } from './readNumericCsv.js';
import { startCsvWorker, stopCsvWorkers } from './startCsvWorker.js';

export type PlaceRowsInParallelOptions = {
  /** Each symbol's rows, in symbol order (the scanner's are views of SharedArrayBuffers: shared, not copied). */
  readonly csvs: readonly NumericCsv[];
  /** Start index of each run of symbols placed by one thread, plus csvs.length. */
  readonly bounds: readonly number[];
  /** Holds every date of every file (their union). */
  readonly calendar: Int32Array;
  readonly nFields: number;
};

/**
 * The panel fields of PROTOCOL section 1 for a calendar holding every row's date:
 * placeEveryRow, each run of symbols on a worker thread into fields in SharedArrayBuffers
 * (the threads write disjoint cells; first writes are page faults, costly in a virtual
 * machine, and spread over the cores too). The same values as placeEveryRow on this
 * thread, which places the run of a worker that broke.
 */
export async function placeRowsInParallel(options: PlaceRowsInParallelOptions): Promise<Float64Array[]> {
  const { csvs, bounds, calendar } = options;
  const nSymbols = csvs.length;
  const targets: Float64Array[] = [];
  for (let c = 0; c < options.nFields; c++) targets.push(new Float64Array(new SharedArrayBuffer(8 * calendar.length * nSymbols)));
  const runs = [];
  for (let r = 0; r + 1 < bounds.length; r++) {
    const first = bounds[r]!;
    const end = bounds[r + 1]!;
    if (first === end) continue;
    const request: PlaceChunkRequest = { kind: 'place', csvs: csvs.slice(first, end), first, nSymbols, calendar, targets };
    runs.push({ first, end, worker: startCsvWorker<{ ok: true }>(request) });
  }
  try {
    for (const { first, end, worker } of runs) {
      // A worker that broke may have written part of its cells: placeEveryRow writes every one of them.
      if ((await worker.result) === null) placeEveryRow({ csvs: csvs.slice(first, end), first, nSymbols, calendar, targets });
    }
  } finally {
    await stopCsvWorkers(runs.map(({ worker }) => worker));
  }
  return targets;
}
