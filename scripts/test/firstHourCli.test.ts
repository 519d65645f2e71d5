/**
 * docs/first-hour.md as a user runs it: every ```bash block, in order, in one fresh folder, with
 * the project's wf-* commands on the PATH (node_modules/.bin, as after `npm ci`). A block that
 * fails fails the test with its output, so the walkthrough never drifts from the CLIs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const blocks = [...readFileSync(join(repo, 'docs/first-hour.md'), 'utf8').matchAll(/^```bash\n([\s\S]*?)^```$/gm)].map((m) => m[1] as string);
const dir = mkdtempSync(join(tmpdir(), 'wf-first-hour-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('docs/first-hour.md', () => {
  it('has its commands', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(7);
  });

  blocks.forEach((block, k) => {
    it(`block ${k + 1} runs: ${block.split('\n')[0]}`, () => {
      const result = spawnSync('bash', ['-e', '-c', block], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, CI: 'true', PATH: `${join(repo, 'node_modules/.bin')}${delimiter}${process.env['PATH'] ?? ''}` },
      });
      expect(result.status, `${block}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`).toBe(0);
    }, 180_000);
  });

  it('shows what the text promises', () => {
    expect(readFileSync(join(dir, 'runs/yahoo/gate_report.csv'), 'utf8')).toBe(readFileSync(join(dir, 'runs/first/gate_report.csv'), 'utf8'));
    expect(readFileSync(join(dir, 'runs/own/gate_report.csv'), 'utf8')).toMatch(/^range_reversal,/m);
    expect(JSON.parse(readFileSync(join(dir, 'runs/tune/top.json'), 'utf8')).top.length).toBeGreaterThan(0);
  });
});
