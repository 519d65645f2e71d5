import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';
import type { TestProjectInlineConfiguration } from 'vitest/config';

/** The nx projects with tests, by nx project name (nx.json's test targets run `--project unit:<name>` and `process:<name>`). */
const FOLDERS = {
  engine: 'packages/engine',
  optimizer: 'packages/optimizer',
  'walk-forward': 'packages/walk-forward',
  gates: 'packages/gates',
  queue: 'packages/queue',
  dashboard: 'packages/dashboard',
  bench: 'packages/bench',
  scripts: 'scripts',
} as const;

/**
 * Process tests run a CLI of this repo as a real process (compiled scripts/dist or bundled
 * scripts/bundle), so they need the bundle step; their files end in `cli.test.ts` or
 * `Cli.test.ts` (`gates/test/faults.cli.test.ts`, `optimizer/test/cli.test.ts`,
 * `bench/test/runBenchmarksCli.test.ts`). Every other test is a unit test: in-process, or
 * starting only throwaway scripts, worker threads or the package's own dist/.
 */
const PROCESS_TESTS = '**/*{cli,Cli}.test.ts';

function projects(): TestProjectInlineConfiguration[] {
  return Object.entries(FOLDERS).flatMap(([name, folder]): TestProjectInlineConfiguration[] => {
    const tests = [`${folder}/src/**/*.test.ts`, `${folder}/test/**/*.test.ts`];
    return [
      // Unit tests use every core (vitest's default leaves one for itself: a single fork on 2 cores).
      { extends: true, test: { name: `unit:${name}`, include: tests, exclude: [...configDefaults.exclude, PROCESS_TESTS], maxWorkers: availableParallelism() } },
      // Process tests keep the default: each starts CLIs that use the other cores.
      { extends: true, test: { name: `process:${name}`, include: tests.map((glob) => glob.replace(/\*\.test\.ts$/, '*{cli,Cli}.test.ts')) } },
    ];
  });
}

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['./vitest.globalSetup.ts'],
    setupFiles: ['./vitest.setup.ts'],
    projects: projects(),
  },
});
