import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compiledCli } from './buildOptimizer.js';
import { writeSampleWorkspace } from './fixtures.js';

let cli: string;
let workspace: { dir: string; config: string };
let spacePath: string;

beforeAll(() => {
  cli = compiledCli();
  workspace = writeSampleWorkspace({ symbols: 60, days: 400 });
  spacePath = join(workspace.dir, 'space.yaml');
  // 40 candidates, each score matrix takes >= 60 ms: slow enough to kill mid-run.
  writeFileSync(spacePath, 'lookback: { min: 2, max: 41, step: 1 }\ndelay_ms: [60]\n');
});

function args(outDir: string, extra: string[] = [], space = spacePath): string[] {
  return [cli, '--config', workspace.config, '--factor', 'slow_reversal', '--space', space, '--out', outDir, '--cache-dir', join(workspace.dir, 'cache'), '--checkpoint-interval', '5', '--log-level', 'warn', ...extra];
}

function lineCount(path: string): number {
  if (!existsSync(path)) return 0;
  return readFileSync(path, 'utf8').split('\n').length - 1;
}

describe('wf-optimize', () => {
  it('resumed after SIGKILL, ends with the same results as an uninterrupted run', async () => {
    const full = join(workspace.dir, 'full');
    const uninterrupted = spawnSync(process.execPath, args(full, ['--workers', '2']), { encoding: 'utf8' });
    expect(uninterrupted.stderr).toBe('');
    expect(uninterrupted.status).toBe(0);
    expect(lineCount(join(full, 'results.ndjson'))).toBe(40);

    const killed = join(workspace.dir, 'killed');
    const child = spawn(process.execPath, args(killed, ['--workers', '1']), { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    while (lineCount(join(killed, 'results.ndjson')) < 12) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const before = lineCount(join(killed, 'results.ndjson'));
    expect(before).toBeLessThan(40);
    expect(existsSync(join(killed, 'checkpoint.json'))).toBe(true);

    const refused = spawnSync(process.execPath, args(killed), { encoding: 'utf8' });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^wf-optimize: output folder .*: it is not empty \(.*\); pass --resume/);

    const resumed = spawnSync(process.execPath, args(killed, ['--workers', '1', '--resume']), { encoding: 'utf8' });
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toMatch(/40 candidates \(\d+ evaluated, \d+ resumed/);
    expect(readFileSync(join(killed, 'results.ndjson'), 'utf8')).toBe(readFileSync(join(full, 'results.ndjson'), 'utf8'));
    expect(readFileSync(join(killed, 'top.json'), 'utf8')).toBe(readFileSync(join(full, 'top.json'), 'utf8'));
  });

  it('writes --artifacts all on its writer thread: after a SIGKILL and --resume, every artifact of an uninterrupted run, whole', async () => {
    const folderFiles = (dir: string): Record<string, string> =>
      Object.fromEntries(readdirSync(join(dir, 'artifacts', 'all')).sort().map((name) => [name, readFileSync(join(dir, 'artifacts', 'all', name), 'utf8')]));
    const full = join(workspace.dir, 'all-full');
    const uninterrupted = spawnSync(process.execPath, args(full, ['--workers', '2', '--artifacts', 'all']), { encoding: 'utf8' });
    expect(uninterrupted.stderr).toBe('');
    expect(uninterrupted.status).toBe(0);
    const expected = folderFiles(full);
    expect(Object.keys(expected)).toHaveLength(40);

    const killed = join(workspace.dir, 'all-killed');
    const child = spawn(process.execPath, args(killed, ['--workers', '1', '--artifacts', 'all']), { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Past a checkpoint (every 5), between two: records after it may have no artifact yet.
    while (lineCount(join(killed, 'results.ndjson')) < 13) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const resumed = spawnSync(process.execPath, args(killed, ['--workers', '1', '--artifacts', 'all', '--resume']), { encoding: 'utf8' });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(folderFiles(killed)).toEqual(expected);
    expect(readFileSync(join(killed, 'results.ndjson'), 'utf8')).toBe(readFileSync(join(full, 'results.ndjson'), 'utf8'));
  });

  it('on Ctrl-C prints one line with the resume hint and exits 130; with stdout closed (EPIPE) it finishes and says so', async () => {
    const interrupted = join(workspace.dir, 'sigint');
    const child = spawn(process.execPath, args(interrupted, ['--workers', '1']), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    while (lineCount(join(interrupted, 'results.ndjson')) < 3) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^wf-optimize: interrupted \(SIGINT\); .*--resume to continue$/)]);

    writeFileSync(join(workspace.dir, 'small-space.yaml'), 'lookback: [2, 3]\ndelay_ms: [0]\n');
    const piped = spawn(process.execPath, args(join(workspace.dir, 'epipe'), ['--workers', '1'], join(workspace.dir, 'small-space.yaml')), { stdio: ['ignore', 'pipe', 'pipe'] });
    let pipedErr = '';
    piped.stderr.on('data', (chunk: Buffer) => (pipedErr += chunk.toString()));
    piped.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => piped.on('exit', (c) => resolve(c)));
    expect(pipedErr).toMatch(/^wf-optimize: stdout was closed \(EPIPE\)/);
    expect(code).toBe(0);
    expect(lineCount(join(workspace.dir, 'epipe', 'results.ndjson'))).toBe(2);
  });

  it('exits 2 with one line on a bad flag, a bad space and an unknown factor', () => {
    const out = join(workspace.dir, 'bad');
    const badFlag = spawnSync(process.execPath, args(out, ['--strategy', 'anneal']), { encoding: 'utf8' });
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr.trim().split('\n')).toHaveLength(1);
    expect(badFlag.stderr).toContain('anneal');

    const badSpace = join(workspace.dir, 'bad-space.yaml');
    writeFileSync(badSpace, 'lookback: { min: 5, max: 1, step: 1 }\n');
    const space = spawnSync(process.execPath, args(out, [], badSpace), { encoding: 'utf8' });
    expect(space.status).toBe(2);
    expect(space.stderr).toMatch(/^wf-optimize: invalid parameter space in .*bad-space\.yaml: lookback\.max: max \(1\) must be at least min \(5\)\n$/);

    const twice = spawnSync(process.execPath, [...args(out), '--factor', 'momentum'], { encoding: 'utf8' });
    expect(twice.status).toBe(2);
    expect(twice.stderr).toBe('wf-optimize: --factor given more than once (see --help)\n');

    const factor = spawnSync(process.execPath, [cli, '--config', workspace.config, '--factor', 'momentum', '--out', out], { encoding: 'utf8' });
    expect(factor.status).toBe(2);
    expect(factor.stderr).toMatch(/^wf-optimize: --factor: factor "momentum" is not in .*config\.yaml \(it has reversal, slow_reversal, hungry\); name one of those or give --space\n$/);
  });
});
