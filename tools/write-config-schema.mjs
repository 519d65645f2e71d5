#!/usr/bin/env node
/**
 * Writes schemas/config.schema.json, the JSON Schema of a config file generated from the
 * engine's zod validator (`formatConfigJsonSchema` of @wf/engine; build first: `npx tsc -b`).
 * Manifests point editors at it with a first line `# yaml-language-server: $schema=../schemas/config.schema.json`.
 * `--check`: write nothing; exit 1 with one line when the file is not what the validator gives.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatConfigJsonSchema } from '@wf/engine';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const file = join(root, 'schemas/config.schema.json');
const text = formatConfigJsonSchema();
const args = process.argv.slice(2);
if (args.some((a) => a !== '--check')) {
  process.stderr.write(`write-config-schema: unknown argument ${args.find((a) => a !== '--check')} (only --check)\n`);
  process.exit(2);
}
if (args.includes('--check')) {
  let current = null;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // missing: stale
  }
  if (current !== text) {
    process.stderr.write(`write-config-schema: ${relative(process.cwd(), file)} is not the config validator's schema; run node tools/write-config-schema.mjs\n`);
    process.exit(1);
  }
  process.stdout.write(`${relative(process.cwd(), file)} is current\n`);
} else {
  writeFileSync(file, text);
  process.stdout.write(`wrote ${relative(process.cwd(), file)}\n`);
}
