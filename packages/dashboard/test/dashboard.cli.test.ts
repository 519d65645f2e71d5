/**
 * wf-dashboard in a real browser: the CLI (scripts/dist) serves a runs folder on 127.0.0.1;
 * headless Chromium (Debian's `chromium`, driven by playwright-core) watches a wf-gates run on
 * the S&P data start, show the units its shards' heartbeats hold while the run is paused
 * (SIGSTOP) midway, climb and end with its verdict, then opens a wf-optimize sweep: best-so-far, one slice per parameter and the
 * contour draw, and no console error all along. Skipped, with one stderr line saying why, when
 * chromium is not on PATH (.ci/run installs it). With WF_SCREENSHOT_DIR set, screenshots are
 * written there.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  for (const child of children) {
    if (child.exitCode !== null || child.pid === undefined) continue;
    try {
      process.kill(-child.pid, 'SIGCONT'); // a paused gate run's group (ESRCH for the others)
    } catch {
      // not a group leader
    }
    child.kill('SIGTERM');
  }
  rmSync(tmp, { recursive: true, force: true });
});

/** Starts a CLI of this repo; resolves its exit code. `group`: in a process group of its own (with its children), for pausing it whole. */
function start(script: string, args: readonly string[], group = false): { child: ChildProcess; exited: Promise<number | null>; stdout: () => string; stderr: () => string } {
  const child = spawn(process.execPath, [join(repoRoot, script), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: group });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return { child, exited, stdout: () => out, stderr: () => err };
}

/** Per shard folder of a gate run, the units done of the last heartbeat its run.log holds on disk. */
function heartbeatUnits(runDir: string): number[] {
  const shardsDir = join(runDir, 'shards');
  if (!existsSync(shardsDir)) return [];
  return readdirSync(shardsDir).map((shard) => {
    const log = join(shardsDir, shard, 'run.log');
    if (!existsSync(log)) return 0;
    let done = 0;
    for (const line of readFileSync(log, 'utf8').split('\n')) {
      if (!line.includes('"msg":"heartbeat"')) continue;
      try {
        done = (JSON.parse(line) as { unitsDone: number }).unitsDone;
      } catch {
        // the line being written: its heartbeat is not on disk yet
      }
    }
    return done;
  });
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

      // The gate run starts after the page is open, in a process group of its own. Its whole
      // run takes a few hundred milliseconds of compute, less than a few of the page's polls on
      // a fast machine, so it is paused (SIGSTOP to the group: wf-gates and its shards) as soon
      // as a heartbeat is on disk: the page must then show exactly the units the shards' logs
      // hold, more than none and fewer than all. Then it goes on to its verdict.
      const night = join(runs, 'night');
      const gate = start('scripts/bundle/run-production-gates.js', ['--config', join(tmp, 'config.yaml'), '--out', night, '--cache-dir', join(tmp, 'cache'), '--wf-shards', '2', '--log-level', 'warn'], true);
      const group = -(gate.child.pid as number);
      const total = 4 * 11; // 4 factors x 11 windows
      let paused = false;
      while (gate.child.exitCode === null && !paused) {
        if (heartbeatUnits(night).some((done) => done > 0)) {
          process.kill(group, 'SIGSTOP');
          paused = true;
        } else {
          await new Promise((wait) => setTimeout(wait, 2));
        }
      }
      expect(paused, `wf-gates ended before a heartbeat was seen: ${gate.stderr()}`).toBe(true);
      let onDisk: number[] = [];
      try {
        await new Promise((wait) => setTimeout(wait, 200)); // the group has stopped; its last writes have landed
        onDisk = heartbeatUnits(night);
        const units = onDisk.reduce((a, b) => a + b, 0);
        expect(units, `heartbeats on disk per shard: ${onDisk.join(', ')}`).toBeGreaterThan(0);
        expect(units, `heartbeats on disk per shard: ${onDisk.join(', ')}`).toBeLessThan(total);
        await page.waitForFunction(
          ([want, all]) => {
            const bar = document.querySelector('tr#run-night .progress');
            return bar?.getAttribute('data-done') === String(want) && bar.getAttribute('data-total') === String(all);
          },
          [units, total] as const,
          { timeout: 120_000 },
        );
        expect(await page.locator('tr#run-night').getAttribute('data-status')).toBe('running');
        expect(await page.locator('tr#run-night .bar-label').innerText()).toBe(`${units} / ${total} units`);
        const shots = process.env['WF_SCREENSHOT_DIR'];
        if (shots !== undefined && shots !== '') await page.screenshot({ path: join(resolve(repoRoot, shots), 'dashboard-running.png') });
      } finally {
        process.kill(group, 'SIGCONT');
      }

      // Resumed: the row climbs (never back) to all units and the verdict.
      const seen: number[] = [];
      let status = '';
      for (let polls = 0; polls < 4000 && !(status === 'passed' || status === 'gates_failed'); polls++) {
        const row = await page.$('tr#run-night');
        if (row !== null) {
          status = (await row.getAttribute('data-status')) ?? '';
          const bar = await row.$('.progress');
          if (bar !== null) {
            const done = Number(await bar.getAttribute('data-done'));
            if (seen.at(-1) !== done) seen.push(done);
          }
        }
        await page.waitForTimeout(50);
      }
      expect([0, 1], gate.stderr()).toContain(await gate.exited);
      expect(seen.at(-1), `progress seen after the pause: ${seen.join(', ')}`).toBe(total);
      expect(seen[0], `progress seen after the pause: ${seen.join(', ')}`).toBeGreaterThanOrEqual(onDisk.reduce((a, b) => a + b, 0));
      expect([...seen].sort((a, b) => a - b)).toEqual(seen); // never goes back
      await page.waitForFunction(() => /\d+ pass, \d+ fail/.test(document.querySelector('tr#run-night')?.textContent ?? ''));
      expect(await page.locator('tr#run-night a').getAttribute('href')).toBe('/runs/night/gate_report.html');

      // The sweep: best-so-far, a slice per parameter, the contour over fast x slow. Its reads
      // are slowed to 400 ms each (a slow link), so the timer ticks while the click's read is
      // still on its way.
      await page.route(/\/api\/sweeps\//, async (route) => {
        await new Promise((wait) => setTimeout(wait, 400));
        await route.continue();
      });
      await page.click('tr#run-sweep-ma');
      await page.waitForSelector('canvas.contour[data-rendered="true"]');
      expect(await page.locator('#sweep-summary').innerText()).toMatch(/^8 candidates read \(8 OK\); best objective -?\d+\.\d{4}$/);
      expect(await page.locator('#best-so-far[data-rendered="true"] canvas').count()).toBe(1);
      expect(await page.locator('#slices .chart[data-rendered="true"]').evaluateAll((charts) => charts.map((c) => c.getAttribute('data-param')))).toEqual(['fast', 'slow']);
      expect(await page.locator('canvas.contour').getAttribute('data-cells')).toBe('8');
      // The click and the timer both read the sweep; its records are counted once, poll after poll.
      await page.waitForTimeout(1_000);
      expect(await page.locator('#sweep-summary').innerText()).toMatch(/^8 candidates read \(8 OK\)/);
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
