/**
 * Preloaded into every process a benchmark scenario starts (`node --import=<this>?dir=D`;
 * forked children inherit the flag): on exit, the main thread writes its own
 * `process.resourceUsage()` (user and system CPU, peak RSS) to `D/<pid>.json`. Worker
 * threads are counted in their process's figures.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';

const dir = new URL(import.meta.url).searchParams.get('dir');
if (isMainThread && dir !== null) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const record = { pid: process.pid, script: process.argv[1] ?? '', userUs: usage.userCPUTime, systemUs: usage.systemCPUTime, maxRssKiB: usage.maxRSS };
    writeFileSync(join(dir, `${process.pid}.json`), `${JSON.stringify(record)}\n`);
  });
}
