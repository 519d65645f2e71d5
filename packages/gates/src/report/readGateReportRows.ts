import { readFileSync } from 'node:fs';
import { GATE_NAMES } from '@wf/engine';
import type { GateName } from '@wf/engine';
import { RunFileError } from '@wf/walk-forward';
import { GateInputError } from '../errors.js';
import type { OosSummary } from '../rules/OosSummary.js';
import type { GateReportRow } from './computeGateReport.js';

const SUMMARY_KEYS = [
  'windows',
  'oosDays',
  'oosSharpe',
  'oosAnnReturn',
  'oosMaxDrawdown',
  'oosMeanIc',
  'oosIcTstat',
  'positiveWindowFrac',
  'universeMean',
  'trials',
  'candidates',
  'candidateSharpeVariance',
  'dsr',
  'pbo',
  'paramStability',
  'oosGapFrac',
] as const satisfies readonly (keyof OosSummary)[];

/**
 * The gate rows of a finished run read back from its `gate_report.json` (null figures are
 * NaN), so a report can be rendered again without recomputing the gates.
 * @throws RunFileError when the file cannot be read; GateInputError when it is not a gate report
 */
export function readGateReportRows(path: string): GateReportRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    if (error instanceof SyntaxError) throw new GateInputError({ file: path, problem: `it is not JSON (${error.message})` });
    throw new RunFileError({ path, operation: 'read', cause: error });
  }
  const factors = (parsed as { factors?: unknown }).factors;
  if (!Array.isArray(factors)) throw new GateInputError({ file: path, problem: 'it has no "factors" list' });
  return factors.map((entry: Record<string, unknown>, i): GateReportRow => {
    if (typeof entry.factor !== 'string' || typeof entry.pass !== 'boolean' || !Array.isArray(entry.failedGates)) {
      throw new GateInputError({ file: path, problem: `factors[${i}] lacks factor, pass or failedGates` });
    }
    const summary: Record<string, number> = {};
    for (const key of SUMMARY_KEYS) {
      const value = entry[key];
      if (value !== null && typeof value !== 'number') throw new GateInputError({ file: path, problem: `factors[${i}].${key} is not a number or null` });
      summary[key] = value ?? Number.NaN;
    }
    const failedGates = entry.failedGates.filter((g): g is GateName => (GATE_NAMES as readonly unknown[]).includes(g));
    return { factor: entry.factor, summary: summary as OosSummary, verdict: { pass: entry.pass, failedGates } };
  });
}
