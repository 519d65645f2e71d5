import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineCodeIdentity } from './CodeIdentity.js';
import { CodeIdentityError } from '../errors.js';
import { computeCodeIdentity } from './computeCodeIdentity.js';
import { diffCodeIdentity } from './diffCodeIdentity.js';
import { computeEngineCodeId, engineCodeId } from './engineCodeId.js';
import { identifyUserModule } from './identifyUserModule.js';

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temp folder holding `files` (relative path -> text). */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'wf-identity-'));
  tempDirs.push(root);
  write(root, files);
  return root;
}

function write(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
}

const ENGINE: EngineCodeIdentity = { build: 'bundle', files: 3, runtime: 'node v20.0.0 linux x64', sha256: 'e1'.repeat(32) };

describe('computeEngineCodeId', () => {
  it('hashes every bundle and the CSV worker beside a bundle, the same id from each bundle, another after any edit', () => {
    const dir = tree({ 'a.bundle.cjs': 'a', 'b.bundle.cjs': 'b', 'parseCsvWorker.js': 'w', 'a.bundle.cjs.map': 'm', 'a.js': 'stub' });
    const fromA = computeEngineCodeId(path.join(dir, 'a.bundle.cjs'));
    expect(fromA).toMatchObject({ build: 'bundle', files: 3, runtime: `node ${process.version} ${process.platform} ${process.arch}` });
    expect(computeEngineCodeId(path.join(dir, 'b.bundle.cjs'))).toEqual(fromA);
    write(dir, { 'a.bundle.cjs.map': 'other map', 'a.js': 'other stub' });
    expect(computeEngineCodeId(path.join(dir, 'a.bundle.cjs')).sha256).toBe(fromA.sha256);
    for (const edit of [{ 'b.bundle.cjs': 'b2' }, { 'parseCsvWorker.js': 'w2' }, { 'c.bundle.cjs': 'c' }]) {
      write(dir, edit);
      const next = computeEngineCodeId(path.join(dir, 'a.bundle.cjs')).sha256;
      expect(next, JSON.stringify(edit)).not.toBe(fromA.sha256);
    }
  });

  it('hashes the dist files of every workspace package and the installed dependency tree, from any package', () => {
    const root = tree({
      'package.json': JSON.stringify({ workspaces: ['packages/*', 'scripts'] }),
      'node_modules/.package-lock.json': '{"lock":1}',
      'packages/engine/package.json': '{}',
      'packages/engine/dist/index.js': 'engine',
      'packages/engine/dist/index.d.ts': 'types',
      'packages/engine/dist/identity/engineCodeId.js': 'id',
      'packages/gates/package.json': '{}',
      'packages/gates/dist/index.js': 'gates',
      'scripts/package.json': '{}',
      'scripts/dist/cli.js': 'cli',
      'scripts/src/cli.ts': 'cli source',
    });
    const fromEngine = computeEngineCodeId(path.join(root, 'packages/engine/dist/identity/engineCodeId.js'));
    expect(fromEngine).toMatchObject({ build: 'dist', files: 5 });
    expect(computeEngineCodeId(path.join(root, 'packages/gates/dist/index.js'))).toEqual(fromEngine);
    write(root, { 'packages/engine/dist/index.d.ts': 'other types', 'scripts/src/cli.ts': 'other source' });
    expect(computeEngineCodeId(path.join(root, 'packages/gates/dist/index.js')).sha256).toBe(fromEngine.sha256);
    let previous = fromEngine.sha256;
    for (const edit of [{ 'scripts/dist/cli.js': 'cli2' }, { 'node_modules/.package-lock.json': '{"lock":2}' }, { 'packages/gates/dist/new.js': 'x' }]) {
      write(root, edit);
      const next = computeEngineCodeId(path.join(root, 'packages/gates/dist/index.js')).sha256;
      expect(next, JSON.stringify(edit)).not.toBe(previous);
      previous = next;
    }
    expect(computeEngineCodeId(path.join(root, 'scripts/src/cli.ts'))).toMatchObject({ build: 'src', files: 2 });
  });

  it('is remembered for this process', () => {
    expect(engineCodeId()).toBe(engineCodeId());
    expect(engineCodeId()).toMatchObject({ build: 'src', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
});

describe('identifyUserModule', () => {
  const MODULE = [
    "import { SIGN } from './lib/sign.mjs';",
    "import { helper } from '../shared/helper.js';",
    "import path from 'node:path';",
    "import { z } from 'zod';",
    "export { other } from './lib/other.mjs';",
    "const weights = () => import('./lib/lazy.mjs');",
    '// import("./not-code.mjs") in a comment is not an import',
    'export const factors = [];',
  ].join('\n');

  it('follows static, re-exported and literal dynamic imports recursively, and names packages by installed version', async () => {
    const root = tree({
      'config/factors/flip.mjs': MODULE,
      'config/factors/lib/sign.mjs': "import { tiny } from './tiny.cjs';\nexport const SIGN = 1;",
      'config/factors/lib/tiny.cjs': "module.exports = { tiny: require('./data.json') };",
      'config/factors/lib/data.json': '{"w":1}',
      'config/factors/lib/other.mjs': 'export const other = 1;',
      'config/factors/lib/lazy.mjs': "import './sign.mjs';\nexport const lazy = 1;",
      'config/shared/helper.js': 'export const helper = 1;',
      'node_modules/zod/package.json': '{"name":"zod","version":"4.6.7"}',
    });
    const identity = await identifyUserModule({ modulePath: path.join(root, 'config/factors/flip.mjs'), baseDir: path.join(root, 'config') });
    expect(identity.module).toBe('factors/flip.mjs');
    expect(identity.files.map((f) => f.path)).toEqual([
      'flip.mjs',
      '../shared/helper.js',
      'lib/data.json',
      'lib/lazy.mjs',
      'lib/other.mjs',
      'lib/sign.mjs',
      'lib/tiny.cjs',
    ]);
    expect(identity.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256 ?? ''))).toBe(true);
    expect(identity.packages).toEqual([{ name: 'zod', version: '4.6.7' }]);

    // Any byte of any reached file, or a package version, changes the module's id.
    let previous = identity.sha256;
    for (const edit of [
      { 'config/factors/lib/data.json': '{"w":2}' },
      { 'config/shared/helper.js': 'export const helper = 2;' },
      { 'config/factors/lib/lazy.mjs': "import './sign.mjs';\nexport const lazy = 2;" },
      { 'node_modules/zod/package.json': '{"name":"zod","version":"4.6.8"}' },
    ]) {
      write(root, edit);
      const next = (await identifyUserModule({ modulePath: path.join(root, 'config/factors/flip.mjs'), baseDir: path.join(root, 'config') })).sha256;
      expect(next, JSON.stringify(edit)).not.toBe(previous);
      previous = next;
    }
  });

  it('gives the same id wherever the module folder lies, and records an import of a missing local file', async () => {
    const files = { 'flip.mjs': "import './gone.mjs';\nexport const factors = [];" };
    const a = tree(files);
    const b = tree(files);
    const idA = await identifyUserModule({ modulePath: path.join(a, 'flip.mjs'), baseDir: a });
    const idB = await identifyUserModule({ modulePath: path.join(b, 'flip.mjs'), baseDir: b });
    expect(idA).toEqual(idB);
    expect(idA.files).toEqual([{ path: 'flip.mjs', sha256: expect.any(String) }, { path: 'gone.mjs', sha256: null }]);
  });

  it('refuses an import() of a computed specifier, a # subpath import and a missing module, naming the file', async () => {
    const root = tree({
      'dynamic.mjs': "const name = './x.mjs';\nexport const load = () => import(name);",
      'subpath.mjs': "import x from '#internal';",
    });
    await expect(identifyUserModule({ modulePath: path.join(root, 'dynamic.mjs'), baseDir: root })).rejects.toThrow(
      /dynamic\.mjs: line 2: import\(\) of a computed specifier cannot be followed/,
    );
    await expect(identifyUserModule({ modulePath: path.join(root, 'subpath.mjs'), baseDir: root })).rejects.toThrow(/"#internal" cannot be followed/);
    await expect(identifyUserModule({ modulePath: path.join(root, 'absent.mjs'), baseDir: root })).rejects.toBeInstanceOf(CodeIdentityError);
  });
});

describe('computeCodeIdentity and diffCodeIdentity', () => {
  it('combines the engine and every module, and names each change', async () => {
    const root = tree({ 'f/a.mjs': "import './lib/b.mjs';\nexport const factors = [];", 'f/lib/b.mjs': 'export const b = 1;', 'f/c.mjs': 'export const factors = [];' });
    const modules = [path.join(root, 'f/a.mjs'), path.join(root, 'f/c.mjs')];
    const before = await computeCodeIdentity({ factorModules: modules, baseDir: root, engine: ENGINE });
    expect(diffCodeIdentity(before, await computeCodeIdentity({ factorModules: modules, baseDir: root, engine: ENGINE }))).toEqual([]);

    write(root, { 'f/lib/b.mjs': 'export const b = 2;' });
    const edited = await computeCodeIdentity({ factorModules: modules, baseDir: root, engine: { ...ENGINE, sha256: 'e2'.repeat(32) } });
    expect(edited.sha256).not.toBe(before.sha256);
    const [, b1] = before.modules[0]!.files;
    const [, b2] = edited.modules[0]!.files;
    expect(diffCodeIdentity(before, edited)).toEqual([
      'engine code (bundle) sha256 e1e1e1e1.. -> e2e2e2e2..',
      `user module f/a.mjs imports lib/b.mjs sha256 ${b1!.sha256!.slice(0, 8)}.. -> ${b2!.sha256!.slice(0, 8)}..`,
    ]);

    const fewer = await computeCodeIdentity({ factorModules: modules.slice(0, 1), baseDir: root, engine: ENGINE });
    expect(diffCodeIdentity(edited, fewer)).toEqual(['engine code (bundle) sha256 e2e2e2e2.. -> e1e1e1e1..', 'user module f/c.mjs removed']);
    expect(diffCodeIdentity(null, fewer)).toEqual(['the run recorded no code identity']);
  });
});
