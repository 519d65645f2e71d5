import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { canonicalConfigJson } from './canonicalConfigJson.js';
import { ConfigError, ConfigSyntaxError } from '../errors.js';
import { loadConfig } from './loadConfig.js';
import { parseConfig } from './parseConfig.js';
import { parseConfigYaml } from './parseConfigYaml.js';
import { DEFAULT_MAX_CANDIDATES_PER_FACTOR } from './WalkForwardConfig.js';

const dir = mkdtempSync(join(tmpdir(), 'wf-config-guards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const options = { file: 'nightly.yaml', baseDir: '/configs' };

/** Nine levels of nine aliases each: a few hundred bytes that expand to 9^9 (387 million) strings. */
function aliasBombYaml(): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
  for (let k = 1; k <= 8; k++) lines.push(`a${k}: &a${k} [${Array.from({ length: 9 }, () => `*a${k - 1}`).join(', ')}]`);
  lines.push('data: { prices: p }', 'factors: [{ id: momentum }]');
  return `${lines.join('\n')}\n`;
}

function problemsOf(raw: unknown): string[] {
  try {
    parseConfig(raw, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('config guards', () => {
  test('an alias bomb is a ConfigSyntaxError naming the file on one line, refused without expanding it', async () => {
    const file = join(dir, 'bomb.yaml');
    writeFileSync(file, aliasBombYaml());
    const error: unknown = await loadConfig(file).then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigSyntaxError);
    expect((error as ConfigSyntaxError).code).toBe('CONFIG_YAML_SYNTAX');
    expect((error as ConfigSyntaxError).message).toBe(
      `${file}: invalid YAML: aliases expand to more than 100 nodes (a YAML alias bomb?); write the values out`,
    );
  });

  test('a few ordinary aliases still parse', () => {
    const raw = parseConfigYaml({ text: 'base: &b { lookback: 5 }\nx: [*b, *b]\n', file: 'f.yaml' });
    expect(raw).toEqual({ base: { lookback: 5 }, x: [{ lookback: 5 }, { lookback: 5 }] });
  });

  test('__proto__, constructor and prototype keys are errors naming their key path, not silently dropped', async () => {
    const file = join(dir, 'proto.yaml');
    writeFileSync(
      file,
      [
        'data: { prices: p }',
        'factors:',
        '  - { id: momentum, params: { __proto__: 5, lookback: 10 } }',
        '  - { id: reversal, space: { constructor: [1], prototype: [2], lookback: [5] } }',
        'universe: { __proto__: { min_price: 1 } }',
      ].join('\n'),
    );
    const error: unknown = await loadConfig(file).then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message.split('\n')).toEqual([
      `${file}: factors.0.params.__proto__: "__proto__" is a reserved name, not a config key or parameter`,
      `${file}: factors.1.space.constructor: "constructor" is a reserved name, not a config key or parameter`,
      `${file}: factors.1.space.prototype: "prototype" is a reserved name, not a config key or parameter`,
      `${file}: universe.__proto__: "__proto__" is a reserved name, not a config key or parameter`,
    ]);
  });

  test('a space with more grid points than the limit is refused from its list lengths, naming factor, count and limit', () => {
    const values = Array.from({ length: 44_722 }, (_, k) => k + 1);
    const started = performance.now();
    const problems = problemsOf({ data: { prices: 'p' }, factors: [{ id: 'rsi' }, { id: 'momentum', space: { skip: values, lookback: values } }] });
    expect(problems).toEqual([
      'nightly.yaml: factors.1.space: factor "momentum" has 44722 x 44722 = 2000057284 candidates, more than ' +
        `limits.max_candidates_per_factor (${DEFAULT_MAX_CANDIDATES_PER_FACTOR}); shrink the space or raise the limit`,
    ]);
    // Counted, not expanded: two billion candidates would take minutes and gigabytes.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  test('limits.max_candidates_per_factor sets the limit: the count at the limit passes, one more is refused', () => {
    const space = { lookback: [1, 2, 3], skip: [0, 1] };
    const config = parseConfig({ data: { prices: 'p' }, factors: [{ id: 'momentum', space }], limits: { max_candidates_per_factor: 6 } }, options);
    expect(config.limits).toEqual({ maxCandidatesPerFactor: 6 });
    expect(problemsOf({ data: { prices: 'p' }, factors: [{ id: 'momentum', space }], limits: { max_candidates_per_factor: 5 } })).toEqual([
      'nightly.yaml: factors.0.space: factor "momentum" has 3 x 2 = 6 candidates, more than limits.max_candidates_per_factor (5); shrink the space or raise the limit',
    ]);
    expect(problemsOf({ data: { prices: 'p' }, factors: [{ id: 'momentum' }], limits: { max_candidates_per_factor: 0, max_shards: 3 } })).toEqual([
      'nightly.yaml: limits.max_candidates_per_factor: expected an integer >= 1, got 0',
      'nightly.yaml: limits.max_shards: unknown key (allowed: max_candidates_per_factor)',
    ]);
  });

  test('an unknown key of 5 MB is quoted cut to 60 characters in its key path', () => {
    const key = `k${'x'.repeat(5_000_000)}`;
    const [problem, ...rest] = problemsOf({ data: { prices: 'p' }, factors: [{ id: 'momentum' }], [key]: 1 });
    expect(rest).toEqual([]);
    expect(problem).toMatch(new RegExp(`^nightly\\.yaml: "k${'x'.repeat(59)}…" \\(5000001 bytes\\): unknown key \\(allowed: data, `));
    expect(Buffer.byteLength(problem as string)).toBeLessThan(300);
  });

  test('limits are not part of the config identity', () => {
    const raw = { data: { prices: 'p' }, factors: [{ id: 'momentum' }] };
    const a = parseConfig(raw, options);
    const b = parseConfig({ ...raw, limits: { max_candidates_per_factor: 7 } }, options);
    expect(a.limits.maxCandidatesPerFactor).toBe(DEFAULT_MAX_CANDIDATES_PER_FACTOR);
    expect(canonicalConfigJson(b)).toBe(canonicalConfigJson(a));
    expect(canonicalConfigJson(a)).not.toContain('limits');
  });
});
