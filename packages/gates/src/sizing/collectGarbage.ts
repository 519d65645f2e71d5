import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Full garbage collections now, when V8 allows them to be asked for. wf-gates calls it once
 * the plan's panel is dropped and shard processes start: an idle process allocates nothing,
 * so V8 would otherwise keep the freed panel (a large book's is gigabytes) resident while the
 * shards need the memory. Changes nothing but memory.
 */
export function collectGarbage(): void {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    if (typeof gc !== 'function') return;
    // Two passes: measured, the first leaves the panel's buffers to a later pass.
    (gc as () => void)();
    (gc as () => void)();
  } catch {
    // Not available on this runtime: the memory is freed at V8's next collection.
  }
}
