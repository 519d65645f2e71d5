import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GATE_REPORT_HTML_FILE, MANIFEST_FILE } from '@wf/gates';
import type { GateManifest } from '@wf/gates';
import { SWEEP_FILES } from '@wf/optimizer';

/** A run folder the dashboard lists: a wf-gates run or a wf-optimize sweep. */
export type RunEntry = {
  /** The folder's name under the runs folder (its id in URLs). */
  readonly name: string;
  readonly kind: 'gate' | 'sweep';
  /** Gate runs: the manifest's status (`running`, `passed`, `gates_failed`, `failed`, `interrupted`); sweeps: `sweep`. */
  readonly status: string;
  /** When the run started (the first invocation; a sweep's folder time), ISO. */
  readonly startedAt: string;
  /** Gate runs: the factors that passed and failed, once the verdict is in. */
  readonly passed: readonly string[];
  readonly failed: readonly string[];
  /** Gate runs: the config file. */
  readonly config: string | null;
  /** A gate run with gate_report.html. */
  readonly hasReport: boolean;
};

/** A folder name the dashboard serves: no path separators or parent references. */
export const RUN_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:-]*$/;

/**
 * The run folders directly under `runsDir`, newest first: gate runs (a `manifest.json`) and
 * sweeps (a `results.ndjson`). The `latest` link and anything else are skipped, and so is an
 * entry gone between listing and reading it; a manifest being rewritten (unreadable for a
 * moment) lists the run as `running`.
 */
export function listRuns(runsDir: string): RunEntry[] {
  const entries: RunEntry[] = [];
  for (const name of readdirSync(runsDir)) {
    const dir = join(runsDir, name);
    if (!RUN_NAME.test(name)) continue;
    try {
      if (lstatSync(dir).isSymbolicLink() || !statSync(dir).isDirectory()) continue;
      const entry = readGateRun(name, dir) ?? readSweep(name, dir);
      if (entry !== null) entries.push(entry);
    } catch (error) {
      // gone since the folder was read (the `latest` link's temp name, a run being removed): not listed
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return entries.sort((a, b) => (a.startedAt === b.startedAt ? a.name.localeCompare(b.name) : a.startedAt < b.startedAt ? 1 : -1));
}

function readGateRun(name: string, dir: string): RunEntry | null {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) return null;
  let manifest: Partial<GateManifest> | null = null;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Partial<GateManifest>;
  } catch {
    manifest = null;
  }
  return {
    name,
    kind: 'gate',
    status: manifest?.status ?? 'running',
    startedAt: manifest?.invocations?.[0]?.startedAt ?? statSync(dir).mtime.toISOString(),
    passed: manifest?.verdict?.passed ?? [],
    failed: manifest?.verdict?.failed ?? [],
    config: manifest?.config?.path ?? null,
    hasReport: existsSync(join(dir, GATE_REPORT_HTML_FILE)),
  };
}

function readSweep(name: string, dir: string): RunEntry | null {
  if (!existsSync(join(dir, SWEEP_FILES.results))) return null;
  return { name, kind: 'sweep', status: 'sweep', startedAt: statSync(dir).birthtime.toISOString(), passed: [], failed: [], config: null, hasReport: false };
}
