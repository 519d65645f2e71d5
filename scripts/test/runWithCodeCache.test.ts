import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runNodeScript } from '../../test-support/runNodeScript.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const loader = join(repoRoot, 'tools/runWithCodeCache.cjs');

describe('tools/runWithCodeCache.cjs (the bundled CLIs start through it)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wf-code-cache-'));
    writeFileSync(join(dir, 'answer.mjs'), 'export const answer = 42;\n');
    // A CommonJS "bundle" like tools/bundle-clis.mjs makes: argv, __filename, require, and import() through the lent hook.
    writeFileSync(
      join(dir, 'cli.bundle.cjs'),
      [
        '#!/usr/bin/env node',
        "var __wfDynamicImport = globalThis.__wfDynamicImport ?? ((specifier) => import(specifier));",
        "const { pathToFileURL } = require('node:url');",
        "const path = require('node:path');",
        '__wfDynamicImport(pathToFileURL(path.join(__dirname, "answer.mjs")).href).then((m) => {',
        '  process.stdout.write(`${process.argv.slice(2).join(",")} ${path.basename(__filename)} ${m.answer}\\n`);',
        '  process.exitCode = 3;',
        '});',
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'cli.js'), `import { createRequire } from 'node:module';\ncreateRequire(import.meta.url)(${JSON.stringify(loader)}).runWithCodeCache(${JSON.stringify(join(dir, 'cli.bundle.cjs'))});\n`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = () => runNodeScript({ script: join(dir, 'cli.js'), args: ['a', 'b'], cwd: dir });
  const caches = () => readdirSync(dir).filter((name) => name.endsWith('.v8cache'));

  it('runs the bundle as the main program, saves a code cache on the first run and reads it on the next', async () => {
    const first = await run();
    expect(first).toMatchObject({ code: 3, stdout: 'a,b cli.bundle.cjs 42\n', stderr: '' });
    expect(caches()).toHaveLength(1);
    const saved = readFileSync(join(dir, caches()[0]!));
    const second = await run();
    expect(second).toMatchObject({ code: 3, stdout: 'a,b cli.bundle.cjs 42\n', stderr: '' });
    expect(readFileSync(join(dir, caches()[0]!))).toEqual(saved);
  });

  it('compiles again and replaces a corrupt cache, with the same result', async () => {
    await run();
    const cache = join(dir, caches()[0]!);
    writeFileSync(cache, Buffer.from('not a code cache'));
    expect(await run()).toMatchObject({ code: 3, stdout: 'a,b cli.bundle.cjs 42\n', stderr: '' });
    expect(readFileSync(cache).toString()).not.toBe('not a code cache');
  });

  it('reads a bundle that is not ASCII as UTF-8 (bundle-clis makes them ASCII; others keep their text)', async () => {
    const bundle = join(dir, 'cli.bundle.cjs');
    writeFileSync(bundle, readFileSync(bundle, 'utf8').replace('${m.answer}', '${m.answer} \u00e9t\u00e9 \u2014 \u{1f600}'));
    expect(await run()).toMatchObject({ code: 3, stdout: 'a,b cli.bundle.cjs 42 \u00e9t\u00e9 \u2014 \u{1f600}\n', stderr: '' });
  });

  it('keys the cache by the bundle bytes: a changed bundle gets a cache of its own', async () => {
    await run();
    const bundle = join(dir, 'cli.bundle.cjs');
    writeFileSync(bundle, readFileSync(bundle, 'utf8').replace('m.answer}', 'm.answer + 1}'));
    expect(await run()).toMatchObject({ stdout: 'a,b cli.bundle.cjs 43\n' });
    expect(caches()).toHaveLength(2);
  });
});
