// Medians per variant and after/before ratios of the runs*.csv files written by bench.sh.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
const dir = dirname(fileURLToPath(import.meta.url));
const rows = readdirSync(dir)
  .filter((f) => /^runs.*\.csv$/.test(f))
  .flatMap((f) => readFileSync(`${dir}/${f}`, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const cols = { wall_s: 2, cpu_s: -1, shards_ms: 5, merge_ms: 6, reports_ms: 7 };
const value = (r, c) => (c === -1 ? Number(r[3]) + Number(r[4]) : Number(r[c]));
console.log(`runs: ${rows.filter((r) => r[1] === 'before').length} before, ${rows.filter((r) => r[1] === 'after').length} after`);
console.log('| measure | before (median) | after (median) | after / before |\n|---|---|---|---|');
for (const [name, c] of Object.entries(cols)) {
  const b = median(rows.filter((r) => r[1] === 'before').map((r) => value(r, c)));
  const a = median(rows.filter((r) => r[1] === 'after').map((r) => value(r, c)));
  console.log(`| ${name} | ${b.toFixed(2)} | ${a.toFixed(2)} | ${(a / b).toFixed(3)} |`);
}
// Paired ratios (same repetition, back to back) of CPU time.
const reps = [...new Set(rows.map((r) => `${r[0]}`))];
