import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineCodeIdentity } from './CodeIdentity.js';
import { hashFilesWithStatIndex } from './hashFilesWithStatIndex.js';
import { compareCodePoints } from '../util/compareCodePoints.js';

/** A bundle of a CLI (tools/bundle-clis.mjs); the engine runs inside one when this module's URL is a bundle's. */
const BUNDLE_FILE = /\.bundle\.cjs$/;
/** The engine's CSV-parse worker, bundled beside the CLIs. */
const BUNDLED_WORKER = 'parseCsvWorker.js';
/**
 * The stat index of a bundle folder's files (hashFilesWithStatIndex): every process (wf-gates
 * and each shard) would otherwise read and hash about 18 MB of bundles at start, 80 ms.
 */
export const CODE_STAT_INDEX = '.engine-code-stat-index.json';

let memo: EngineCodeIdentity | undefined;

/**
 * The id of the engine's code that runs in this process: computed once (by
 * {@link computeEngineCodeId} from this module's own file) and remembered. Every
 * process running the same build on the same runtime gets the same id, the
 * orchestrator and its shards included; any change to a code file gives another.
 */
export function engineCodeId(): EngineCodeIdentity {
  memo ??= computeEngineCodeId(fileURLToPath(import.meta.url));
  return memo;
}

/**
 * The engine code identity of the code `codeFile` belongs to:
 * - a bundle `<dir>/<cli>.bundle.cjs`: every `*.bundle.cjs` of `<dir>` and the bundled CSV
 *   worker (the bundles hold every dependency);
 * - else a file under `<package>/dist/` or `<package>/src/` of a workspace: every `.js`
 *   (dist) or `.ts` (src) file under that folder of every workspace package, and the
 *   installed dependency tree (`node_modules/.package-lock.json`, else `package-lock.json`);
 *   outside a workspace, the files of `codeFile`'s own package.
 * The id is the sha256 over the runtime (`node <version> <platform> <arch>`) and the
 * relative path and sha256 of each file, sorted by path. It looks at the files now: a file
 * rewritten after this process loaded it gives the new file's id (the window is the
 * process's start-up). A bundle folder's files are hashed through a stat index beside them
 * (CODE_STAT_INDEX, see hashFilesWithStatIndex): unchanged files are not read again.
 */
export function computeEngineCodeId(codeFile: string): EngineCodeIdentity {
  const runtime = `node ${process.version} ${process.platform} ${process.arch}`;
  let build: EngineCodeIdentity['build'];
  let files: { name: string; file: string }[];
  let indexPath: string | null = null;
  if (BUNDLE_FILE.test(codeFile)) {
    build = 'bundle';
    const dir = path.dirname(codeFile);
    files = readdirSync(dir)
      .filter((name) => BUNDLE_FILE.test(name) || name === BUNDLED_WORKER)
      .map((name) => ({ name, file: path.join(dir, name) }));
    indexPath = path.join(dir, CODE_STAT_INDEX);
  } else {
    const packageDir = findUp(path.dirname(codeFile), (dir) => existsSync(path.join(dir, 'package.json')));
    if (packageDir === null) throw new Error(`computeEngineCodeId: ${codeFile} is in no package`);
    const folder = path.relative(packageDir, codeFile).split(path.sep)[0];
    build = folder === 'src' ? 'src' : 'dist';
    const extension = build === 'src' ? /(?<!\.d)\.ts$/ : /\.[cm]?js$/;
    const root = findUp(packageDir, (dir) => workspacePatterns(dir) !== null);
    const packages = root === null ? [packageDir] : workspacePackages(root);
    const base = root ?? packageDir;
    files = [];
    for (const pkg of packages) {
      for (const file of listFiles(path.join(pkg, folder ?? 'dist'), extension)) files.push({ name: path.relative(base, file), file });
    }
    const lock = [path.join(base, 'node_modules', '.package-lock.json'), path.join(base, 'package-lock.json')].find((file) => existsSync(file));
    if (lock !== undefined) files.push({ name: path.relative(base, lock), file: lock });
  }
  files.sort((a, b) => compareCodePoints(a.name, b.name));
  const hash = createHash('sha256').update(`wf-engine-code ${build}\n${runtime}\n`);
  const sha256s = hashFilesWithStatIndex(files, indexPath);
  for (const [k, { name }] of files.entries()) hash.update(`${name.split(path.sep).join('/')}\t${sha256s[k]}\n`);
  return { build, files: files.length, runtime, sha256: hash.digest('hex') };
}

function findUp(start: string, accept: (dir: string) => boolean): string | null {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (accept(dir)) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

/** The `workspaces` patterns of `dir/package.json`, or null when it declares none. */
function workspacePatterns(dir: string): string[] | null {
  const file = path.join(dir, 'package.json');
  if (!existsSync(file)) return null;
  const { workspaces } = JSON.parse(readFileSync(file, 'utf8')) as { workspaces?: unknown };
  const list = Array.isArray(workspaces) ? workspaces : (workspaces as { packages?: unknown } | undefined)?.packages;
  return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : null;
}

/** The package folders of a workspace (patterns `a/b` and `a/*`). */
function workspacePackages(root: string): string[] {
  const dirs: string[] = [];
  for (const pattern of workspacePatterns(root) ?? []) {
    if (pattern.endsWith('/*')) {
      const parent = path.join(root, pattern.slice(0, -2));
      if (!existsSync(parent)) continue;
      for (const entry of readdirSync(parent, { withFileTypes: true })) {
        const dir = path.join(parent, entry.name);
        if (entry.isDirectory() && existsSync(path.join(dir, 'package.json'))) dirs.push(dir);
      }
    } else if (existsSync(path.join(root, pattern, 'package.json'))) {
      dirs.push(path.join(root, pattern));
    }
  }
  return dirs;
}

/** Files under `dir` (recursively, node_modules left out) whose name matches `pattern`; none when `dir` is absent. */
function listFiles(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...listFiles(file, pattern));
    } else if (entry.isFile() && pattern.test(entry.name)) {
      out.push(file);
    }
  }
  return out;
}
