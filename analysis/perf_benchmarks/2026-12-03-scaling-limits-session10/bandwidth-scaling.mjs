// Streaming a 200 MB Float64Array (read a, read and write b, 5 passes) on 1 thread, then on 2 at once: memory bandwidth shared by the vCPUs.
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
const N = 25_000_000; // 200 MB
if (!isMainThread) {
  const a = new Float64Array(N).fill(1); const b = new Float64Array(N);
  for (let r = 0; r < 2; r++) for (let i = 0; i < N; i++) b[i] = a[i] * 1.5 + 1; // warm (touch)
  const t = performance.now();
  for (let r = 0; r < 5; r++) { for (let i = 0; i < N; i++) b[i] = a[i] * 1.5 + b[i]; }
  parentPort.postMessage(performance.now() - t);
} else {
  const run = (n) => Promise.all(Array.from({ length: n }, () => new Promise((r) => new Worker(new URL(import.meta.url)).on('message', r))));
  for (let k = 0; k < 3; k++) { const one = await run(1); const two = await run(2); console.log('1 thread', one.map(v=>v.toFixed(0)).join(' '), 'ms; 2 threads', two.map(v=>v.toFixed(0)).join(' '), 'ms'); }
}
