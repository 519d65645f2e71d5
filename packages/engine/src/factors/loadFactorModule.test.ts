import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinRegistry } from './createBuiltinRegistry.js';
import { DuplicateFactorError, FactorModuleExportError, FactorModuleImportError, FactorModuleNotFoundError, InvalidFactorDefinitionError } from '../errors.js';
import { loadFactorModule } from './loadFactorModule.js';
import { makeFactorInputs, makePanel, scoresBySymbol } from './testing/makePanel.js';

const GOOD_FACTOR = `{
  id: 'close_level',
  description: 'the close itself times scale',
  defaults: { scale: 1 },
  validate: (params) => (params.scale > 0 ? null : 'scale (' + params.scale + ') must be positive'),
  compute: (inputs, params, out) => {
    const close = inputs.panel.close;
    for (let k = 0; k < out.length; k++) out[k] = close[k] * params.scale;
  },
}`;

let dir = '';
let counter = 0;

async function writeModule(source: string): Promise<string> {
  counter++;
  const path = join(dir, `factors-${counter}.mjs`);
  await writeFile(path, source);
  return path;
}

async function loadError(modulePath: string): Promise<unknown> {
  const registry = createBuiltinRegistry();
  try {
    await loadFactorModule(registry, modulePath);
  } catch (error) {
    expect(registry.ids()).toHaveLength(10);
    return error;
  }
  throw new Error('expected loadFactorModule to fail');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wf-factor-module-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadFactorModule', () => {
  it('registers every definition of the `factors` export, usable like a built-in', async () => {
    const path = await writeModule(`export const factors = [${GOOD_FACTOR}, { ...${GOOD_FACTOR}, id: 'other' }];`);
    const registry = createBuiltinRegistry();
    await loadFactorModule(registry, path);
    expect(registry.has('close_level')).toBe(true);
    expect(registry.has('other')).toBe(true);
    const inputs = makeFactorInputs(makePanel({ close: { AAA: [1, 2], BBB: [3, 4] } }));
    expect(scoresBySymbol(registry.get('close_level'), inputs, { scale: 2 })).toEqual({ AAA: [2, 4], BBB: [6, 8] });
  });

  it('accepts a file: URL', async () => {
    const path = await writeModule(`export const factors = [${GOOD_FACTOR}];`);
    const registry = createBuiltinRegistry();
    await loadFactorModule(registry, pathToFileURL(path).href);
    expect(registry.has('close_level')).toBe(true);
  });

  it('reports a missing file with its path', async () => {
    const path = join(dir, 'nope.mjs');
    const error = await loadError(path);
    expect(error).toBeInstanceOf(FactorModuleNotFoundError);
    expect(error).toMatchObject({ code: 'FACTOR_MODULE_NOT_FOUND', modulePath: path, message: `factor module ${path} does not exist` });
  });

  it('refuses a relative path', async () => {
    const error = await loadError('factors.mjs');
    expect(error).toBeInstanceOf(FactorModuleImportError);
    expect((error as Error).message).toBe('cannot import factor module factors.mjs: expected an absolute path or a file: URL');
  });

  it('reports a module that fails to import, naming it', async () => {
    const path = await writeModule('export const factors = [;');
    const error = await loadError(path);
    expect(error).toBeInstanceOf(FactorModuleImportError);
    expect((error as Error).message).toContain(`cannot import factor module ${path}: `);
  });

  it('reports a module without a `factors` array', async () => {
    const missing = await writeModule('export const factor = [];');
    expect(await loadError(missing)).toMatchObject({ code: 'FACTOR_MODULE_EXPORT', modulePath: missing, reason: 'has no `factors` export' });
    const notArray = await writeModule(`export const factors = ${GOOD_FACTOR};`);
    const error = await loadError(notArray);
    expect(error).toBeInstanceOf(FactorModuleExportError);
    expect((error as Error).message).toContain(`factor module ${notArray} exports \`factors\` that is not an array`);
  });

  it('reports a malformed definition with its index and registers nothing from the module', async () => {
    const path = await writeModule(`export const factors = [${GOOD_FACTOR}, { id: 'broken', description: 'x', defaults: {}, validate: () => null }];`);
    const error = await loadError(path);
    expect(error).toBeInstanceOf(InvalidFactorDefinitionError);
    expect((error as Error).message).toBe(
      `invalid factor definition "broken" in factor module ${path}: factors[1]: compute must be a function, got undefined`,
    );
  });

  it('reports an id that is already registered or repeated, naming the module', async () => {
    const clash = await writeModule(`export const factors = [{ ...${GOOD_FACTOR}, id: 'momentum' }];`);
    const error = await loadError(clash);
    expect(error).toBeInstanceOf(DuplicateFactorError);
    expect(error).toMatchObject({ factorId: 'momentum', modulePath: clash });
    expect((error as Error).message).toBe(`factor "momentum" is already registered (from factor module ${clash})`);
    const repeated = await writeModule(`export const factors = [${GOOD_FACTOR}, ${GOOD_FACTOR}];`);
    expect(await loadError(repeated)).toMatchObject({ code: 'FACTOR_DUPLICATE', factorId: 'close_level', modulePath: repeated });
  });

  it('refuses to load the same module twice into one registry', async () => {
    const path = await writeModule(`export const factors = [${GOOD_FACTOR}];`);
    const registry = createBuiltinRegistry();
    await loadFactorModule(registry, path);
    await expect(loadFactorModule(registry, path)).rejects.toBeInstanceOf(DuplicateFactorError);
  });
});
