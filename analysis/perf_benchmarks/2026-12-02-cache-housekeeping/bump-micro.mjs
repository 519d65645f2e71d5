// The cost of the last-use bump: 38 markCacheEntryUsed calls (a warm S&P 500 gate run makes 38) over a warm cache, timed 200 times.
// Usage: node bump-micro.mjs CACHE_DIR (after tsc -b).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { markCacheEntryUsed } from '../../../packages/engine/dist/cache/housekeeping/markCacheEntryUsed.js';
const root = process.argv[2] ?? '.wf-cache'; // a warm cache folder
const files = readdirSync(root, { recursive: true }).map((p) => join(root, p)).filter((p) => p.endsWith('.bin')).slice(0, 38);
const rounds = 200;
const times = [];
for (let r = 0; r < rounds; r++) {
  const t = process.hrtime.bigint();
  for (const f of files) markCacheEntryUsed(f);
  times.push(Number(process.hrtime.bigint() - t) / 1e6);
}
times.sort((a, b) => a - b);
console.log(`${files.length} bumps per round (a warm S&P run's count), ${rounds} rounds: median ${times[rounds / 2].toFixed(3)} ms, p90 ${times[Math.floor(rounds * 0.9)].toFixed(3)} ms, min ${times[0].toFixed(3)} ms per round`);
