/**
 * schemas/config.schema.json: current with the config validator (tools/write-config-schema.mjs
 * --check, run as a process), referenced by every manifest, and it accepts every manifest of
 * manifests/ and ../shared/configs and flags a typo'd key, as the loader does (checked with an
 * independent JSON Schema validator, Ajv).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { loadConfig, parseConfigYaml } from '@wf/engine';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const schemaFile = join(root, 'schemas/config.schema.json');
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
const tmp = mkdtempSync(join(tmpdir(), 'wf-schema-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .map((name) => join(dir, name));
}
const manifests = yamlFiles(join(root, 'manifests'));
const shared = [...yamlFiles(join(root, '../shared/configs')), join(root, '../shared/expected/sp500-nightly-ledger/config.yaml')];

function check(path: string): string[] {
  const value = parseConfigYaml({ text: readFileSync(path, 'utf8'), file: path });
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

describe('schemas/config.schema.json', () => {
  it('is what tools/write-config-schema.mjs generates from the config validator', () => {
    const result = spawnSync(process.execPath, [join(root, 'tools/write-config-schema.mjs'), '--check'], { cwd: root, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe('schemas/config.schema.json is current\n');
  });

  it('is referenced by every manifest and accepts it, and every shared config', () => {
    expect(manifests.length).toBeGreaterThanOrEqual(2);
    for (const path of manifests) {
      expect(readFileSync(path, 'utf8').split('\n')[0], path).toBe('# yaml-language-server: $schema=../schemas/config.schema.json');
    }
    for (const path of [...manifests, ...shared]) expect(check(path), path).toEqual([]);
  });

  it('flags a typo in a key at any level, a wrong type and a missing section, as the loader refuses them', async () => {
    const base = readFileSync(join(root, 'manifests/sp500.yaml'), 'utf8');
    const cases: [string, string, RegExp][] = [
      ['top.yaml', base.replace('objective: sharpe', 'objectve: sharpe'), /additionalProperty":"objectve"/],
      ['nested.yaml', base.replace('cost_bps: 10', 'cost_bp: 10'), /\/portfolio .*additionalProperty":"cost_bp"/],
      ['factor.yaml', base.replace('- { id: macd, params:', '- { id: macd, param:'), /\/factors\/4 .*additionalProperty":"param"/],
      ['type.yaml', base.replace('quantiles: 5', 'quantiles: five'), /\/portfolio\/quantiles must be integer/],
      ['gate.yaml', `${base}gates: { min_oos_sharp: 0.5 }\n`, /\/gates .*additionalProperty":"min_oos_sharp"/],
    ];
    for (const [name, text, expected] of cases) {
      expect(text, name).not.toBe(base);
      const path = join(tmp, name);
      writeFileSync(path, text);
      expect(check(path).join('\n'), name).toMatch(expected);
      await expect(loadConfig(path), name).rejects.toThrow();
    }
    const noFactors = join(tmp, 'nofactors.yaml');
    writeFileSync(noFactors, 'data: { prices: p }\n');
    expect(check(noFactors).join('\n')).toMatch(/must have required property 'factors'/);
  });
});
