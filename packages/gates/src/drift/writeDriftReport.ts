import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { engineCodeId, FileWriteError, loadPanel, loadPanelOptionsOf, PanelCache, writeFileAtomic } from '@wf/engine';
import type { Panel } from '@wf/engine';
import { GateOptionError } from '../errors.js';
import { MANIFEST_FILE } from '../manifest/GateManifest.js';
import type { GateManifest } from '../manifest/GateManifest.js';
import { diffRunOutputs, explainRunChanges } from './compareRuns.js';
import type { DriftRow } from './compareRuns.js';
import { diffRunInputs } from './diffRunInputs.js';
import { findDataRevisions } from './findDataRevisions.js';
import type { DataRevisions } from './findDataRevisions.js';
import { formatDriftCsv, formatDriftMarkdown } from './formatDrift.js';

/** The night-over-night report's file in the run folder. */
export const DRIFT_FILE = 'drift.csv';
/** The pointer beside the run folders to the last run that finished (`runs/latest`). */
export const LATEST_LINK = 'latest';

export type WriteDriftReportOptions = {
  readonly outDir: string;
  readonly manifest: GateManifest;
  /** `--compare-to`: the previous run folder; null: `<parent of outDir>/latest` when it is a run of the same config. */
  readonly compareTo: string | null;
  /** Cache root: the previous panel is looked up there to name revised dates and symbols. */
  readonly cacheDir: string;
};

export type DriftReport = { readonly previousDir: string; readonly rows: readonly DriftRow[]; readonly files: readonly string[] };

/**
 * Compares the finished run with the previous one (issue "Nightly runs that can be trusted",
 * item 3): writes `drift.csv` and appends a "Since the previous run" section to
 * `gate_report.md`. The previous run is `--compare-to` or, without it, the run `latest`
 * points to when it used the same config file. Returns null when there is nothing to compare
 * with. Revised dates and symbols come from comparing the two panels (the previous one from the
 * panel cache); when it has been pruned, the cause says the data changed without them.
 * @throws GateOptionError when `--compare-to` is not a run folder; FileWriteError.
 */
export async function writeDriftReport(options: WriteDriftReportOptions): Promise<DriftReport | null> {
  const { outDir, manifest } = options;
  const explicit = options.compareTo !== null;
  const candidate = explicit ? resolve(options.compareTo as string) : join(dirname(outDir), LATEST_LINK);
  if (!existsSync(candidate)) {
    if (explicit) throw new GateOptionError({ option: '--compare-to', value: options.compareTo, expected: 'an existing run folder' });
    return null;
  }
  const previousDir = realpathSync(candidate);
  if (previousDir === realpathSync(outDir)) return null;
  let previous: GateManifest;
  try {
    previous = JSON.parse(readFileSync(join(previousDir, MANIFEST_FILE), 'utf8')) as GateManifest;
  } catch {
    if (explicit) throw new GateOptionError({ option: '--compare-to', value: options.compareTo, expected: `a run folder with a readable ${MANIFEST_FILE}` });
    return null;
  }
  if (previous.status !== 'passed' && previous.status !== 'gates_failed') {
    if (explicit) throw new GateOptionError({ option: '--compare-to', value: options.compareTo, expected: `a finished run (its status is ${previous.status})` });
    return null;
  }
  if (!explicit && previous.config?.path !== manifest.config.path) return null;

  const changes = diffRunOutputs(previousDir, outDir);
  // The panels are compared only when the data changed and a change needs the cause (most
  // nights only add days and windows: then no panel is read).
  let revisions: DataRevisions | null = null;
  let dataNote = '';
  if (previous.data.fingerprint !== manifest.data.fingerprint && changes.some((change) => change.change !== 'window_added')) {
    // The previous panel entry is named by the engine build that wrote it.
    const previousEngine = previous.codeIdentity?.engine.sha256 ?? engineCodeId().sha256;
    const earlier = await new PanelCache(options.cacheDir, previousEngine).read(previous.data.fingerprint);
    if (earlier.panel === null) {
      dataNote = `fingerprint ${previous.data.fingerprint.slice(0, 12)} -> ${manifest.data.fingerprint.slice(0, 12)}; the previous panel is no longer in the cache, so revised dates are unknown`;
    } else {
      revisions = findDataRevisions(earlier.panel, await currentPanel(manifest, options.cacheDir));
    }
  }
  const inputs = diffRunInputs({
    previous: { code: previous.codeIdentity, config: previous.config.resolved, dataFingerprint: previous.data.fingerprint },
    current: { code: manifest.codeIdentity, config: manifest.config.resolved, dataFingerprint: manifest.data.fingerprint },
    revisions,
    dataNote,
  });
  const rows = explainRunChanges(changes, inputs);
  write(join(outDir, DRIFT_FILE), formatDriftCsv(rows));
  const markdownPath = join(outDir, 'gate_report.md');
  write(markdownPath, `${readFileSync(markdownPath, 'utf8')}${formatDriftMarkdown(rows, previousDir)}`);
  return { previousDir, rows, files: [DRIFT_FILE] };
}

async function currentPanel(manifest: GateManifest, cacheDir: string): Promise<Panel> {
  const { data } = manifest.config.resolved;
  const loaded = await loadPanel({ ...loadPanelOptionsOf(data, manifest.data.pricesDir), cacheDir });
  return loaded.panel;
}

function write(path: string, text: string): void {
  try {
    writeFileAtomic(path, text);
  } catch (error) {
    throw new FileWriteError({ what: 'drift report', path, cause: error });
  }
}
