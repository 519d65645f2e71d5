// node fault.mjs: first touch of fresh SharedArrayBuffer memory (page faults) on one thread, then split over 2 and 4 worker threads.
import { Worker, isMainThread, workerData, parentPort } from 'node:worker_threads';
if (!isMainThread) { const b = new Uint8Array(workerData.sab, workerData.off, workerData.len); const t = performance.now(); b.fill(1); parentPort.postMessage(performance.now() - t); }
else {
  const N = 400e6;
  let t = performance.now(); let b = new Uint8Array(new SharedArrayBuffer(N)); b.fill(1); console.log('1 thread fill 400MB', (performance.now() - t).toFixed(0));
  for (const k of [2, 4]) {
    const sab = new SharedArrayBuffer(N);
    const ws = []; for (let i = 0; i < k; i++) ws.push(new Worker(new URL(import.meta.url), { workerData: { sab, off: i * N / k, len: N / k } }));
    t = performance.now();
    const times = await Promise.all(ws.map((w) => new Promise((r) => w.once('message', r))));
    console.log(k, 'threads fill 400MB', (performance.now() - t).toFixed(0), times.map((x) => x.toFixed(0)).join(','));
    await Promise.all(ws.map((w) => w.terminate()));
  }
}
