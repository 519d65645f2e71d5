import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Full collections made, each after a turn of the event loop. */
const PASSES = 3;
/** The pause before each pass but the first: long enough for finished worker threads to be cleaned up. */
const PAUSE_MS = 20;

/**
 * Full garbage collections now, when V8 allows them to be asked for. wf-gates calls it once
 * the plan's panel is dropped and shard processes start: an idle process allocates nothing,
 * so V8 would otherwise keep the freed panel (a large book's is gigabytes) resident while the
 * shards need the memory. The passes are a turn of the event loop apart: the panel loader's
 * worker threads had the panel's shared buffers, and a finished thread's last references to
 * them are let go only after a collection has found its Worker object unreachable and the
 * event loop has run its cleanup (measured: two back-to-back passes left the 1 GB panel of a
 * 5,000 x 5,000 book resident; passes a turn apart freed it). Changes nothing but memory.
 */
export async function collectGarbage(): Promise<void> {
  let gc: () => void;
  try {
    setFlagsFromString('--expose-gc');
    const found = runInNewContext('gc') as unknown;
    if (typeof found !== 'function') return;
    gc = found as () => void;
  } catch {
    // Not available on this runtime: the memory is freed at V8's next collection.
    return;
  }
  for (let pass = 0; pass < PASSES; pass++) {
    if (pass > 0) await sleep(PAUSE_MS);
    gc();
  }
}
