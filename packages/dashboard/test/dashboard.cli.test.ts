/**
 * wf-dashboard in a real browser: the CLI (scripts/dist) serves a runs folder on 127.0.0.1;
 * headless Chromium (Debian's `chromium`, driven by playwright-core) watches a wf-gates run on
 * the S&P data start, advance unit by unit from its shards' heartbeats and end with its
 * verdict, then opens a wf-optimize sweep: best-so-far, one slice per parameter and the
 * contour draw, and no console error all along. Skipped, with one stderr line saying why, when
 * chromium is not on PATH (.ci/run installs it). With WF_SCREENSHOT_DIR set, screenshots are
 * written there.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium, launchChromium } from '../../../test-support/headlessChromium.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const prices = join(repoRoot, '../shared/data/sp500-5yr/prices');

const { path: chromiumPath, skip } = findChromium('packages/dashboard/test/dashboard.cli.test.ts');

const tmp = mkdtempSync(join(tmpdir(), 'wf-dashboard-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
});

/** Starts a CLI of this repo; resolves its exit code. */
function start(script: string, args: readonly string[]): { child: ChildProcess; exited: Promise<number | null>; stdout: () => string; stderr: () => string } {
  const child = spawn(process.execPath, [join(repoRoot, script), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return { child, exited, stdout: () => out, stderr: () => err };
}

const CONFIG = [
  `data: { prices: ${JSON.stringify(prices)} }`,
  'universe: { min_history: 60, min_price: 5, min_dollar_volume: 1.0e6 }',
  'windows: { warmup_days: 252, train_days: 252, test_days: 63 }',
  'factors:',
  '  - { id: momentum, space: { lookback: [126, 252], skip: [0, 21] } }',
  '  - { id: ma_cross, space: { fast: [10, 20, 50], slow: [50, 100, 200] } }',
  '  - { id: reversal, space: { lookback: [3, 5, 10] } }',
  '  - { id: rsi, space: { period: [7, 14, 28] } }',
  '',
].join('\n');

describe.skipIf(skip !== null)(`wf-dashboard in headless Chromium${skip === null ? '' : ` (skipped: ${skip})`}`, () => {
  it('shows a gate run advancing from its heartbeats to its verdict, and a sweep with best-so-far, slices and contour', async () => {
    const runs = join(tmp, 'runs');
    mkdirSync(runs);
    writeFileSync(join(tmp, 'config.yaml'), CONFIG);
    // A finished sweep to look at afterwards (ma_cross: 8 valid candidates over fast x slow).
    const sweep = start('scripts/dist/run-optimization.js', ['--config', join(tmp, 'config.yaml'), '--factor', 'ma_cross', '--out', join(runs, 'sweep-ma'), '--cache-dir', join(tmp, 'cache'), '--log-level', 'warn']);
    expect(await sweep.exited, sweep.stderr()).toBe(0);

    const dashboard = start('scripts/dist/run-dashboard.js', ['--runs', runs, '--port', '0']);
    const url = await new Promise<string>((done, fail) => {
      const timer = setInterval(() => {
        const found = /serving .* on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(dashboard.stdout());
        if (found?.[1] !== undefined) {
          clearInterval(timer);
          done(found[1]);
        } else if (dashboard.child.exitCode !== null) {
          clearInterval(timer);
          fail(new Error(`wf-dashboard exited: ${dashboard.stderr()}`));
        }
      }, 50);
    });

    const context = await launchChromium(chromiumPath as string, mkdtempSync(join(tmp, 'profile-')));
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      await page.goto(`${url}?poll=150`);
      await page.waitForSelector('tr#run-sweep-ma');

      // The gate run starts after the page is open: its row appears and its progress climbs.
      const gate = start('scripts/bundle/run-production-gates.js', ['--config', join(tmp, 'config.yaml'), '--out', join(runs, 'night'), '--cache-dir', join(tmp, 'cache'), '--wf-shards', '2', '--log-level', 'warn']);
      const seen: number[] = [];
      let total = 0;
      let status = '';
      for (let polls = 0; polls < 2000 && !(status === 'passed' || status === 'gates_failed') ; polls++) {
        const row = await page.$('tr#run-night');
        if (row !== null) {
          status = (await row.getAttribute('data-status')) ?? '';
          const bar = await row.$('.progress');
          if (bar !== null) {
            const done = Number(await bar.getAttribute('data-done'));
            total = Number(await bar.getAttribute('data-total'));
            if (seen.at(-1) !== done) seen.push(done);
            if (seen.length === 2 && done > 0 && done < total && process.env['WF_SCREENSHOT_DIR']) {
              await page.screenshot({ path: join(resolve(repoRoot, process.env['WF_SCREENSHOT_DIR']), 'dashboard-running.png') });
            }
          }
        }
        await page.waitForTimeout(50);
      }
      expect([0, 1], gate.stderr()).toContain(await gate.exited);
      expect(total).toBe(4 * 11); // 4 factors x 11 windows
      expect(seen.at(-1)).toBe(total);
      expect(seen.some((done) => done > 0 && done < total), `progress seen: ${seen.join(', ')}`).toBe(true);
      expect([...seen].sort((a, b) => a - b)).toEqual(seen); // never goes back
      await page.waitForFunction(() => /\d+ pass, \d+ fail/.test(document.querySelector('tr#run-night')?.textContent ?? ''));
      expect(await page.locator('tr#run-night a').getAttribute('href')).toBe('/runs/night/gate_report.html');

      // The sweep: best-so-far, a slice per parameter, the contour over fast x slow.
      await page.click('tr#run-sweep-ma');
      await page.waitForSelector('canvas.contour[data-rendered="true"]');
      expect(await page.locator('#sweep-summary').innerText()).toMatch(/^8 candidates read \(8 OK\); best objective -?\d+\.\d{4}$/);
      expect(await page.locator('#best-so-far[data-rendered="true"] canvas').count()).toBe(1);
      expect(await page.locator('#slices .chart[data-rendered="true"]').evaluateAll((charts) => charts.map((c) => c.getAttribute('data-param')))).toEqual(['fast', 'slow']);
      expect(await page.locator('canvas.contour').getAttribute('data-cells')).toBe('8');
      const shots = process.env['WF_SCREENSHOT_DIR'];
      if (shots !== undefined && shots !== '') await page.screenshot({ path: join(resolve(repoRoot, shots), 'dashboard-sweep.png'), fullPage: true });

      // The report link serves the run's page; names outside the runs folder are not served.
      const report = await page.request.get(`${url}runs/night/gate_report.html`);
      expect(report.status()).toBe(200);
      expect(await report.text()).toContain('<title>Gate report:');
      expect((await page.request.get(`${url}api/sweeps/..%2F..%2Fetc/results`)).status()).toBe(404);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
    dashboard.child.kill('SIGTERM');
    expect(await dashboard.exited).toBe(0);
  }, 240_000);
});
