#!/usr/bin/env node
/**
 * wf-cache: housekeeping of a cache folder (`--cache-dir`, shared by wf-gates and its shards).
 * Thin CLI over @wf/engine's scanCache/summarizeCache, verifyCache and pruneCache:
 *   stats   files and bytes per kind (panel, panel-index, universe, signal, temp, other), oldest and newest use
 *   verify  header and checksum of every entry; prints the corrupt ones
 *   prune   least recently used entries removed until the folder fits --max-gb; stale temp files too
 * Results go to stdout (a table or lines; JSON with --json). Safe while runs use the folder.
 * Exit codes: 0 done (verify: every entry intact); 1 verify found a corrupt entry; 2 bad flag,
 * missing folder or a file that cannot be read or removed.
 */
import { resolve } from 'node:path';
import { DEFAULT_CACHE_MAX_GB, pruneCache, scanCache, summarizeCache, verifyCache, WfError } from '@wf/engine';
import type { CacheKindStats, CachePruneResult, CacheStats, CacheVerifyResult } from '@wf/engine';
import { createParser } from './createParser.js';
import { formatTable } from './formatTable.js';
import { runCli } from './runCli.js';

runCli('wf-cache', async () => {
  // Set by the handler of the command given (an `as`, so the assignments in callbacks are not narrowed away).
  let command = null as (() => number) | null;
  await createParser(
    'wf-cache',
    '$0 <stats|verify|prune> [options]\n\nHousekeeping of a cache folder: what it holds, whether its entries are intact, and least-recently-used eviction to a size limit. Safe while runs use the folder.',
  )
    .option('cache-dir', { type: 'string', default: '.wf-cache', describe: 'cache folder (as --cache-dir of wf-gates)' })
    .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON on stdout' })
    .command('stats', 'files and bytes per kind (panel, panel-index, universe, signal, temp, other), oldest and newest use', (y) => y, (argv) => {
      command = () => stats({ dir: resolve(argv['cache-dir']), json: argv.json });
    })
    .command(
      'verify',
      'check the header and checksum of every entry; print the corrupt ones, exit 1 if there is one',
      (y) => y.option('delete-corrupt', { type: 'boolean', default: false, describe: 'remove the corrupt entries (each is recomputed on its next use); the exit code is still 1' }),
      (argv) => {
        command = () => verify({ dir: resolve(argv['cache-dir']), json: argv.json, deleteCorrupt: argv['delete-corrupt'] });
      },
    )
    .command(
      'prune',
      'remove least recently used entries until the folder fits --max-gb, and temp files older than 10 minutes',
      (y) =>
        y
          .option('max-gb', { type: 'number', default: DEFAULT_CACHE_MAX_GB, describe: 'size limit in GB (10^9 bytes) of all files of the folder; 0: no limit (only stale temp files go)' })
          .option('dry-run', { type: 'boolean', default: false, describe: 'print what would be removed, remove nothing' })
          .check((argv) => {
            const maxGb = argv['max-gb'];
            if (!(Number.isFinite(maxGb) && maxGb >= 0)) throw new WfError('CLI_USAGE', `--max-gb ${String(maxGb)} is invalid: expected a size in GB >= 0 (see --help)`);
            return true;
          }),
      (argv) => {
        const maxGb = argv['max-gb'];
        command = () => prune({ dir: resolve(argv['cache-dir']), json: argv.json, maxBytes: maxGb === 0 ? null : Math.round(maxGb * 1e9), dryRun: argv['dry-run'] });
      },
    )
    .demandCommand(1, 1, 'name one command: stats, verify or prune', 'name one command: stats, verify or prune')
    .parserConfiguration({ 'duplicate-arguments-array': false })
    .parseAsync();
  if (command === null) throw new WfError('CLI_USAGE', 'name one command: stats, verify or prune (see --help)');
  return command();
});

function stats({ dir, json }: { dir: string; json: boolean }): number {
  const summary = summarizeCache(scanCache({ dir }));
  if (json) {
    process.stdout.write(`${JSON.stringify(statsJson(summary), null, 2)}\n`);
    return 0;
  }
  const row = (name: string, s: CacheKindStats): string[] => [name, String(s.files), megabytes(s.bytes), isoOrDash(s.oldestUseMs), isoOrDash(s.newestUseMs)];
  const rows = Object.entries(summary.kinds).map(([kind, s]) => row(kind, s));
  process.stdout.write(`cache folder: ${summary.dir}\n\n${formatTable(['kind', 'files', 'MB', 'oldest use', 'newest use'], [...rows, row('total', summary.total)])}`);
  return 0;
}

function verify({ dir, json, deleteCorrupt }: { dir: string; json: boolean; deleteCorrupt: boolean }): number {
  const result = verifyCache({ dir, deleteCorrupt });
  if (json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    for (const file of result.corrupt) process.stdout.write(`corrupt ${file.kind} ${file.path}: ${file.reason}${file.deleted ? ' (deleted)' : ''}\n`);
    process.stdout.write(`${verifySummary(result)}\n`);
  }
  return result.corrupt.length > 0 ? 1 : 0;
}

function prune({ dir, json, maxBytes, dryRun }: { dir: string; json: boolean; maxBytes: number | null; dryRun: boolean }): number {
  const result = pruneCache({ dir, maxBytes, dryRun });
  if (json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  const verb = dryRun ? 'would remove' : 'removed';
  for (const file of result.removed) {
    process.stdout.write(`${verb} ${file.kind} ${file.relativePath} (${megabytes(file.bytes)} MB, last used ${new Date(file.lastUsedMs).toISOString()})\n`);
  }
  process.stdout.write(`${pruneSummary(result)}\n`);
  return 0;
}

function statsJson(summary: CacheStats): unknown {
  const kind = (s: CacheKindStats) => ({ files: s.files, bytes: s.bytes, oldestUse: isoOrNull(s.oldestUseMs), newestUse: isoOrNull(s.newestUseMs) });
  return { dir: summary.dir, kinds: Object.fromEntries(Object.entries(summary.kinds).map(([name, s]) => [name, kind(s)])), total: kind(summary.total) };
}

function verifySummary(r: CacheVerifyResult): string {
  const deleted = r.corrupt.filter((f) => f.deleted).length;
  return (
    `checked ${r.checkedFiles} files (${megabytes(r.checkedBytes)} MB) in ${r.dir}: ${r.corrupt.length} corrupt` +
    (deleted > 0 ? `, ${deleted} deleted` : '') +
    (r.vanished > 0 ? `; ${r.vanished} vanished while checking` : '') +
    (r.unchecked > 0 ? `; ${r.unchecked} temp or other files not checked` : '')
  );
}

function pruneSummary(r: CachePruneResult): string {
  const limit = r.maxBytes === null ? 'no limit' : `limit ${megabytes(r.maxBytes)} MB`;
  const temps = r.removed.filter((f) => f.kind === 'temp').length;
  return (
    `${r.dryRun ? 'would remove' : 'removed'} ${r.removed.length} files (${megabytes(r.removedBytes)} MB: ${r.removed.length - temps} entries, ${temps} stale temp files) from ${r.dir}; ` +
    `${megabytes(r.bytesBefore)} MB -> ${megabytes(r.bytesAfter)} MB, ${limit}` +
    (r.keptInUse > 0 ? `; ${r.keptInUse} kept (used meanwhile)` : '') +
    (r.overLimit ? '; still over the limit: the rest cannot be evicted (stat indexes, fresh temp files, other files)' : '')
  );
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function isoOrDash(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}
