import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvRecords, PROTOCOL_FILES } from '@wf/walk-forward';
import type { DataRevisions } from './findDataRevisions.js';
import { compareCodePoints } from '@wf/engine';

/** One line of `drift.csv`: what changed for a factor (and window) since the previous run. */
export type DriftRow = {
  readonly factor: string;
  /** The window number, or '' for a factor-level change (a verdict). */
  readonly window: string;
  readonly change: 'verdict_changed' | 'window_added' | 'window_removed' | 'window_changed' | 'factor_added' | 'factor_removed';
  readonly before: string;
  readonly after: string;
  /** Why, as far as the two runs tell: code, config or data (with dates and symbols). */
  readonly cause: string;
};

/** What differs between the two runs' inputs, to explain changed windows. */
export type RunInputsDiff = {
  /** Parts of the code identity that changed (empty: same code). */
  readonly codeChanges: readonly string[];
  /** Config key paths that changed (empty: same config), e.g. `universe`, `factors.momentum`. */
  readonly configChanges: readonly string[];
  /** Null when the data fingerprints are equal. */
  readonly data: { readonly revisions: DataRevisions | null; readonly note: string } | null;
};

export const DRIFT_COLUMNS = ['factor', 'window', 'change', 'before', 'after', 'cause'] as const;

type Unit = { readonly testEnd: string; readonly params: string; readonly text: string };

/**
 * The night-over-night comparison (issue "Nightly runs that can be trusted"): verdict changes
 * from the two `gate_report.csv`s, windows added or removed, and windows whose rows changed in
 * any protocol file, each with its cause. A changed window is put down to code when the code
 * changed, to config when the factor's config slice changed, and to data revised on or before
 * its test end when the data did (naming the first revised date and the symbols); when no
 * input explains it, the cause says so (that would be a determinism bug worth a look).
 */
export function compareRuns(options: { readonly previousDir: string; readonly currentDir: string; readonly inputs: RunInputsDiff }): DriftRow[] {
  return explainRunChanges(diffRunOutputs(options.previousDir, options.currentDir), options.inputs);
}

/** A change between two runs' outputs, before its cause is known. */
export type RunChange = Omit<DriftRow, 'cause'> & {
  /** The window's test end (YYYY-MM-DD) for a changed window: data revised after it cannot explain it. Null otherwise. */
  readonly testEnd: string | null;
};

/** The verdict and window changes between two run folders (their gate_report.csv and protocol files, read once). */
export function diffRunOutputs(previousDir: string, currentDir: string): RunChange[] {
  const changes: RunChange[] = [];
  const beforeVerdicts = readVerdicts(previousDir);
  const afterVerdicts = readVerdicts(currentDir);
  const beforeUnits = readUnits(previousDir);
  const afterUnits = readUnits(currentDir);
  const factors = [...new Set([...beforeVerdicts.keys(), ...afterVerdicts.keys()])].sort(compareCodePoints);
  for (const factor of factors) {
    const before = beforeVerdicts.get(factor);
    const after = afterVerdicts.get(factor);
    if (before === undefined) {
      changes.push({ factor, window: '', change: 'factor_added', before: '', after: after ?? '', testEnd: null });
      continue;
    }
    if (after === undefined) {
      changes.push({ factor, window: '', change: 'factor_removed', before, after: '', testEnd: null });
      continue;
    }
    if (before.split(' ')[0] !== after.split(' ')[0]) changes.push({ factor, window: '', change: 'verdict_changed', before, after, testEnd: null });
    const windows = [...new Set([...(beforeUnits.get(factor)?.keys() ?? []), ...(afterUnits.get(factor)?.keys() ?? [])])].sort((a, b) => Number(a) - Number(b));
    for (const window of windows) {
      const was = beforeUnits.get(factor)?.get(window);
      const is = afterUnits.get(factor)?.get(window);
      if (was === undefined && is !== undefined) {
        changes.push({ factor, window, change: 'window_added', before: '', after: `test to ${is.testEnd}, params ${is.params}`, testEnd: null });
      } else if (was !== undefined && is === undefined) {
        changes.push({ factor, window, change: 'window_removed', before: `test to ${was.testEnd}`, after: '', testEnd: null });
      } else if (was !== undefined && is !== undefined && was.text !== is.text) {
        changes.push({ factor, window, change: 'window_changed', before: `params ${was.params}`, after: `params ${is.params}`, testEnd: is.testEnd });
      }
    }
  }
  return changes;
}

/** The changes with their causes (a window added is explained by the new data alone). */
export function explainRunChanges(changes: readonly RunChange[], inputs: RunInputsDiff): DriftRow[] {
  return changes.map(({ testEnd, ...change }) => ({
    ...change,
    cause: change.change === 'window_added' ? 'new data completes the window' : causeOf(inputs, change.factor, testEnd),
  }));
}

function causeOf(inputs: RunInputsDiff, factor: string, testEnd: string | null): string {
  const causes: string[] = [];
  if (inputs.codeChanges.length > 0) causes.push(`code changed (${inputs.codeChanges.join('; ')})`);
  const config = inputs.configChanges.filter((key) => !key.startsWith('factors.') || key === `factors.${factor}`);
  if (config.length > 0) causes.push(`config changed (${config.join(', ')})`);
  if (inputs.data !== null) {
    const revisions = inputs.data.revisions;
    if (revisions === null) {
      causes.push(`data changed (${inputs.data.note})`);
    } else {
      const relevant = revisions.revised.filter((r) => testEnd === null || r.firstDate <= testEnd);
      if (relevant.length > 0) {
        const first = relevant.reduce((min, r) => (r.firstDate < min ? r.firstDate : min), relevant[0]!.firstDate);
        causes.push(`data revised from ${first} for symbols ${listSymbols(relevant.map((r) => `${r.symbol} (${r.firstDate})`))}`);
      }
      if (revisions.added.length > 0) causes.push(`symbols added: ${listSymbols(revisions.added)}`);
      if (revisions.removed.length > 0) causes.push(`symbols removed: ${listSymbols(revisions.removed)}`);
      if (revisions.droppedDates.length > 0) causes.push(`calendar dates dropped: ${listSymbols(revisions.droppedDates)}`);
      if (testEnd === null && relevant.length === 0 && revisions.newDates > 0) causes.push(`${revisions.newDates} new dates`);
    }
  }
  return causes.length > 0 ? causes.join('; ') : 'no input changed (unexpected: the same inputs should give the same rows)';
}

function listSymbols(items: readonly string[]): string {
  return items.length <= 10 ? items.join(' ') : `${items.slice(0, 10).join(' ')} and ${items.length - 10} more`;
}

/** factor -> 'PASS' or 'FAIL (gates)' from a run's gate_report.csv. */
function readVerdicts(dir: string): Map<string, string> {
  const verdicts = new Map<string, string>();
  const file = join(dir, 'gate_report.csv');
  if (!existsSync(file)) return verdicts;
  const [header, ...records] = parseCsvRecords(readFileSync(file, 'utf8')).records;
  if (header === undefined) return verdicts;
  const pass = header.fields.indexOf('pass');
  const failed = header.fields.indexOf('failed_gates');
  for (const record of records) {
    const factor = record.fields[0] ?? '';
    const ok = record.fields[pass] === 'true';
    verdicts.set(factor, ok ? 'PASS' : `FAIL (${(record.fields[failed] ?? '').split('|').join(', ')})`);
  }
  return verdicts;
}

/** factor -> window -> the unit's rows in every protocol file, from a run's merged files. */
function readUnits(dir: string): Map<string, Map<string, Unit>> {
  const texts = new Map<string, Map<string, string[]>>();
  const summary = new Map<string, Map<string, { testEnd: string; params: string }>>();
  for (const file of PROTOCOL_FILES) {
    const path = join(dir, file.name);
    if (!existsSync(path)) continue;
    const [header, ...records] = parseCsvRecords(readFileSync(path, 'utf8')).records;
    if (header === undefined) continue;
    const testEnd = header.fields.indexOf('test_end');
    const params = header.fields.indexOf('params');
    for (const record of records) {
      const factor = record.fields[0] ?? '';
      const window = record.fields[1] ?? '';
      const byWindow = texts.get(factor) ?? new Map<string, string[]>();
      texts.set(factor, byWindow);
      const parts = byWindow.get(window) ?? [];
      byWindow.set(window, parts);
      parts.push(`${file.name}:${record.fields.join(',')}`);
      if (file.name === 'walk_forward_summary.csv') {
        const info = summary.get(factor) ?? new Map<string, { testEnd: string; params: string }>();
        summary.set(factor, info);
        info.set(window, { testEnd: record.fields[testEnd] ?? '', params: record.fields[params] ?? '' });
      }
    }
  }
  const units = new Map<string, Map<string, Unit>>();
  for (const [factor, byWindow] of texts) {
    const out = new Map<string, Unit>();
    for (const [window, parts] of byWindow) {
      const info = summary.get(factor)?.get(window) ?? { testEnd: '', params: '' };
      out.set(window, { ...info, text: parts.join('\n') });
    }
    units.set(factor, out);
  }
  return units;
}

