/**
 * The heavy commands' npm bins (scripts/bin/wf-gates.js, wf-walk-forward.js, wf-worker.js,
 * wf-optimize.js) are shell-and-JavaScript files: run as commands they add glibc's huge-page
 * malloc tunable to GLIBC_TUNABLES and exec node on themselves (the same process), run by node
 * they are plain JavaScript. A preloaded script reports the environment and pid the CLI sees.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(join(tmpdir(), 'wf-bin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const probe = join(dir, 'probe.cjs');
writeFileSync(probe, "process.stderr.write(`PROBE ${JSON.stringify({ tunables: process.env.GLIBC_TUNABLES ?? null, pid: process.pid })}\\n`);\n");

/** Runs `command` (a file to execute, or node with args) with GLIBC_TUNABLES set to `tunables` (null: unset): what the CLI's process saw. */
function probed(command: string, args: readonly string[], tunables: string | null): { tunables: string | null; pid: number; ownPid: number; stdout: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: `--require ${probe}` };
  delete env['GLIBC_TUNABLES'];
  if (tunables !== null) env['GLIBC_TUNABLES'] = tunables;
  const result = spawnSync(command, [...args, '--version'], { env, encoding: 'utf8', timeout: 60_000 });
  expect(result.status, result.stderr).toBe(0);
  const line = result.stderr.split('\n').find((l) => l.startsWith('PROBE '));
  expect(line, result.stderr).toBeDefined();
  return { ...(JSON.parse((line as string).slice(6)) as { tunables: string | null; pid: number }), ownPid: result.pid ?? -1, stdout: result.stdout };
}

describe('the heavy commands start with huge-page malloc', () => {
  for (const name of ['wf-gates', 'wf-walk-forward', 'wf-worker', 'wf-optimize']) {
    it(`${name}: added to none or to others, a hugetlb the user set stands, one process`, () => {
      const bin = join(repo, 'node_modules/.bin', name);
      const none = probed(bin, [], null);
      expect(none.tunables).toBe('glibc.malloc.hugetlb=1');
      // exec: the CLI runs in the process that was started, not in a child of a shell.
      expect(none.pid).toBe(none.ownPid);
      expect(none.stdout).toMatch(/^\d+\.\d+\.\d+/);
      expect(probed(bin, [], 'glibc.malloc.arena_max=2').tunables).toBe('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1');
      expect(probed(bin, [], 'glibc.malloc.hugetlb=0').tunables).toBe('glibc.malloc.hugetlb=0');
    });
  }

  it('is plain JavaScript to node (no shell, the environment as given)', () => {
    const direct = probed(process.execPath, [join(repo, 'scripts/bin/wf-walk-forward.js')], null);
    expect(direct.tunables).toBeNull();
    expect(direct.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});
