/**
 * gate_report.html in a real browser: a small wf-gates run on the S&P 500 data (two nights, so
 * the second page compares with the first; it also writes --parquet), opened from disk by headless Chromium (Debian's
 * `chromium`, driven by playwright-core): no console error, no request leaves the file, every
 * factor has its section and every chart draws a canvas. Skipped, with one stderr line saying
 * why, when chromium is not on PATH (.ci/run installs it).
 * With WF_SCREENSHOT_DIR set, full-page and per-section screenshots are written there
 * (`WF_SCREENSHOT_DIR=analysis/screenshots npx vitest run --project process:gates packages/gates/test/htmlReport.cli.test.ts`).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium, launchChromium } from '../../../test-support/headlessChromium.js';
import { repoRoot, runGates } from './gatesHarness.js';

const { path: chromiumPath, skip } = findChromium('packages/gates/test/htmlReport.cli.test.ts');

const tmp = mkdtempSync(join(tmpdir(), 'wf-html-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CONFIG = [
  '# A small nightly on the S&P 500 data: three factors, two with a space.',
  `data: { prices: ${JSON.stringify(join(repoRoot, '../shared/data/sp500-5yr/prices'))} }`,
  'universe: { min_history: 60, min_price: 5, min_dollar_volume: 1.0e6 }',
  'windows: { warmup_days: 252, train_days: 252, test_days: 126 }',
  'portfolio: { construction: quantile_long_short, quantiles: 5, holding_days: 1, cost_bps: 10 }',
  'factors:',
  '  - { id: momentum, space: { lookback: [126, 252], skip: [0, 21] } }',
  '  - { id: reversal, space: { lookback: [5, 21] } }',
  '  - { id: macd, params: { fast: 12, slow: 26, signal: 9 } }',
  '',
].join('\n');

async function openPage(context: BrowserContext, file: string) {
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, problems, requests };
}

describe.skipIf(skip !== null)(`gate_report.html in headless Chromium${skip === null ? '' : ` (skipped: ${skip})`}`, () => {
  it('renders every factor section and chart of a real run, offline and without a console error', async () => {
    writeFileSync(join(tmp, 'config.yaml'), CONFIG);
    const runs = join(tmp, 'runs');
    for (const night of ['night1', 'night2']) {
      const result = await runGates([
        '--config', join(tmp, 'config.yaml'),
        '--out', join(runs, night),
        '--cache-dir', join(tmp, 'cache'),
        '--use-cache',
        '--wf-shards', '2',
        '--log-level', 'warn',
        ...(night === 'night2' ? ['--parquet'] : []),
      ]);
      expect([0, 1], result.stderr).toContain(result.code);
    }
    const run = join(runs, 'night2');
    const factors = (JSON.parse(readFileSync(join(run, 'gate_report.json'), 'utf8')) as { factors: { factor: string }[] }).factors.map((f) => f.factor);
    expect(factors).toEqual(['macd', 'momentum', 'reversal']);
    const manifest = JSON.parse(readFileSync(join(run, 'manifest.json'), 'utf8')) as { outputs: { path: string }[] };
    expect(manifest.outputs.map((o) => o.path)).toContain('gate_report.html');
    // --parquet: the run's tables also as Parquet, hashed in the manifest.
    expect(manifest.outputs.map((o) => o.path).filter((p) => p.startsWith('parquet/'))).toEqual([
      'parquet/oos_daily.parquet',
      'parquet/candidates.parquet',
      'parquet/oos_gaps.parquet',
      'parquet/universe_audit.parquet',
      'parquet/walk_forward_summary.parquet',
      'parquet/gate_report.parquet',
      'parquet/drift.parquet',
    ]);

    const profile = mkdtempSync(join(tmp, 'chromium-profile-'));
    const context = await launchChromium(chromiumPath as string, profile);
    try {
      const file = join(run, 'gate_report.html');
      const { page, problems, requests } = await openPage(context, file);
      await page.waitForFunction(() => document.querySelectorAll('div.chart').length === document.querySelectorAll('div.chart[data-rendered="true"]').length);
      expect(problems).toEqual([]);
      expect(requests.filter((url) => !url.startsWith('file://') && !url.startsWith('data:'))).toEqual([]);
      expect(await page.locator('p.verdict').innerText()).toMatch(/^\d+ of 3 factors pass: the gate (PASSES|FAILS)$/);
      // The verdict table: one row per factor, each gate cell with its margin.
      expect(await page.locator('table.verdicts tbody tr').count()).toBe(3);
      for (const factor of factors) {
        const section = page.locator(`section.factor#factor-${factor}`);
        await expect.poll(() => section.count()).toBe(1);
        const kinds = await section.locator('div.chart').evaluateAll((charts) =>
          charts.map((chart) => {
            const canvas = chart.querySelector('canvas');
            return { kind: chart.getAttribute('data-kind'), rendered: chart.getAttribute('data-rendered'), width: canvas?.width ?? 0, height: canvas?.height ?? 0 };
          }),
        );
        expect(kinds.map((k) => k.kind)).toEqual(['equity', 'drawdown', 'costs', 'turnover', 'ic', 'quantiles']);
        for (const chart of kinds) {
          expect(chart.rendered, `${factor} ${chart.kind}`).toBe('true');
          expect(chart.width * chart.height, `${factor} ${chart.kind} canvas`).toBeGreaterThan(0);
        }
        // One row per window in the window table, each with the selected params.
        const windows = await section.locator('table.windows tbody tr').count();
        expect(windows).toBeGreaterThan(1);
        expect(await section.locator('table.quantiles tbody tr').count()).toBe(windows + 1);
        expect(await section.locator('table.audit tbody tr').count()).toBe(2 * windows);
      }
      // The second night was compared with the first.
      expect(await page.locator('section.factor').first().innerText()).toContain('No change since the previous run.');

      const shots = process.env['WF_SCREENSHOT_DIR'];
      if (shots !== undefined && shots !== '') {
        const dir = resolve(repoRoot, shots);
        mkdirSync(dir, { recursive: true });
        await page.screenshot({ path: join(dir, 'gate-report-top.png') });
        await page.locator('section.factor#factor-momentum').screenshot({ path: join(dir, 'gate-report-factor.png') });
        expect(existsSync(join(dir, 'gate-report-factor.png'))).toBe(true);
      }
    } finally {
      await context.close();
    }
  }, 180_000);
});
