import { Worker } from 'node:worker_threads';

const SPIN = `
const { parentPort, workerData } = require('node:worker_threads');
let x = 0;
const t = performance.now();
for (let i = 0; i < workerData; i++) x += Math.sqrt(i);
parentPort.postMessage(performance.now() - t + (x < 0 ? 1 : 0));
`;

/**
 * What the machine gives two threads: the wall time of one CPU-bound spin alone divided
 * into that of two spins run at once, times 2 (2.0 = two real cores, 1.0 = one core shared).
 * The ceiling for any 2-worker speed-up on this machine.
 */
export async function measureParallelCapacity(iterations = 200_000_000): Promise<number> {
  const spin = (n: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(SPIN, { eval: true, workerData: n });
      worker.once('message', (ms: number) => {
        void worker.terminate();
        resolve(ms);
      });
      worker.once('error', reject);
    });
  const t0 = performance.now();
  await spin(iterations);
  const alone = performance.now() - t0;
  const t1 = performance.now();
  await Promise.all([spin(iterations), spin(iterations)]);
  const together = performance.now() - t1;
  return (2 * alone) / together;
}
