// Pure arithmetic (no memory traffic) on 1 thread, then on 2 at once: do the two vCPUs slow each other down?
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
const work = () => { let x = 1.0001, s = 0; for (let i = 0; i < 4e8; i++) { x = x * 1.0000001 + 1e-9; s += x; } return s; };
if (!isMainThread) { const t = performance.now(); work(); parentPort.postMessage(performance.now() - t); }
else {
  const run = (n) => Promise.all(Array.from({ length: n }, () => new Promise((r) => new Worker(new URL(import.meta.url)).on('message', r))));
  for (let k = 0; k < 3; k++) { const one = await run(1); const two = await run(2); console.log('1 thread', one.map(v=>v.toFixed(0)).join(' '), 'ms; 2 threads', two.map(v=>v.toFixed(0)).join(' '), 'ms'); }
}
