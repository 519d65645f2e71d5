import { placeEveryRow } from './buildPanel.js';
import type { NumericCsv } from './readNumericCsv.js';

/** What placeRowsInParallel hands one worker thread: the rows of a run of symbols (in shared memory) and the panel fields to write them into. */
export type PlaceChunkRequest = {
  readonly kind: 'place';
  /** Each symbol's rows, as views of shared arrays (or csv-parse's own arrays, copied). */
  readonly csvs: readonly NumericCsv[];
  /** Index of the first symbol. */
  readonly first: number;
  readonly nSymbols: number;
  readonly calendar: Int32Array;
  /** One panel field per column, in SharedArrayBuffers. */
  readonly targets: readonly Float64Array[];
};

/** Worker side of placeRowsInParallel: placeEveryRow of its symbols. */
export function placeCsvChunk(request: PlaceChunkRequest): { result: { readonly ok: true }; transfer: ArrayBuffer[] } {
  placeEveryRow({ csvs: [...request.csvs], first: request.first, nSymbols: request.nSymbols, calendar: request.calendar, targets: request.targets });
  return { result: { ok: true }, transfer: [] };
}
