#!/usr/bin/env node
/**
 * The npm registry reachable here serves only the Linux builds of nx's native binary, so npm
 * cannot record nx's other platform packages in package-lock.json, and `npm ci` then refuses
 * the lock ("Missing: @nx/nx-darwin-arm64@ from lock file"). This adds a lock entry for each
 * missing platform package, restricted by os/cpu/libc, so npm ci skips it without fetching.
 * Run after any `npm install` that rewrites the lock: `npm run fix-lock`.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const PLATFORMS = {
  'darwin-arm64': { os: ['darwin'], cpu: ['arm64'] },
  'darwin-x64': { os: ['darwin'], cpu: ['x64'] },
  'freebsd-x64': { os: ['freebsd'], cpu: ['x64'] },
  'linux-arm-gnueabihf': { os: ['linux'], cpu: ['arm'], libc: ['glibc'] },
  'linux-arm64-gnu': { os: ['linux'], cpu: ['arm64'], libc: ['glibc'] },
  'linux-arm64-musl': { os: ['linux'], cpu: ['arm64'], libc: ['musl'] },
  'linux-x64-gnu': { os: ['linux'], cpu: ['x64'], libc: ['glibc'] },
  'linux-x64-musl': { os: ['linux'], cpu: ['x64'], libc: ['musl'] },
  'win32-arm64-msvc': { os: ['win32'], cpu: ['arm64'] },
  'win32-x64-msvc': { os: ['win32'], cpu: ['x64'] },
};

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const added = [];
for (const meta of Object.values(lock.packages)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    const platform = PLATFORMS[name.replace(/^@nx\/nx-/, '')];
    if (!name.startsWith('@nx/nx-') || key in lock.packages || platform === undefined) continue;
    lock.packages[key] = { version, ...platform, dev: true, license: 'MIT', optional: true };
    added.push(`${name}@${version}`);
  }
}
const entries = Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0));
lock.packages = Object.fromEntries(entries);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(added.length === 0 ? 'package-lock.json already complete\n' : `added lock entries: ${added.join(', ')}\n`);
