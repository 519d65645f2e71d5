#!/usr/bin/env node
/**
 * Prints one SHA-256 over ../shared beside the repository (the data, configs and oracle files
 * tests read): every file's path relative to it and its bytes, in sorted order. nx adds the line
 * to the hash of the test targets (a `runtime` input in nx.json), because a file input cannot
 * reach outside the workspace: a revised price file or oracle row invalidates cached results.
 * A missing folder hashes as "missing" (the tests then fail on their own).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const shared = join(dirname(fileURLToPath(import.meta.url)), '../../shared');

function files(dir, prefix = '') {
  const out = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...files(dir, rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

if (!existsSync(shared)) {
  process.stdout.write('missing\n');
} else {
  const hash = createHash('sha256');
  for (const rel of files(shared).sort()) hash.update(`${rel}\0`).update(readFileSync(join(shared, rel))).update('\0');
  process.stdout.write(`${hash.digest('hex')}\n`);
}
