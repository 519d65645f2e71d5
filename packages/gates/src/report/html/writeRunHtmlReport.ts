import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunFileError, SUMMARY_FILE } from '@wf/walk-forward';
import { GateInputError } from '../../errors.js';
import { MANIFEST_FILE } from '../../manifest/GateManifest.js';
import type { GateManifest } from '../../manifest/GateManifest.js';
import { computeQuantileMeans } from '../quantiles/computeQuantileMeans.js';
import { readGateReportRows } from '../readGateReportRows.js';
import { readWindowSummaries } from '../readWindowSummaries.js';
import { writeGateReportHtml } from './writeGateReportHtml.js';

/**
 * (Re)writes gate_report.html of a finished run folder from its manifest.json,
 * gate_report.json and merged files (`wf-report`): for runs made before the page existed.
 * Returns the page's path.
 * @throws GateInputError when the folder is not a finished gate run; RunFileError; FileWriteError
 */
export async function writeRunHtmlReport(runDir: string): Promise<string> {
  const manifestPath = join(runDir, MANIFEST_FILE);
  let manifest: GateManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as GateManifest;
  } catch (error) {
    if (error instanceof SyntaxError) throw new GateInputError({ file: manifestPath, problem: `it is not JSON (${error.message})` });
    throw new RunFileError({ path: manifestPath, operation: 'read', cause: error });
  }
  if (manifest.status !== 'passed' && manifest.status !== 'gates_failed') {
    throw new GateInputError({ file: manifestPath, problem: `the run did not finish (status ${String(manifest.status)})` });
  }
  const rows = readGateReportRows(join(runDir, 'gate_report.json'));
  const config = manifest.config.resolved;
  const quantiles = await computeQuantileMeans({
    config,
    windows: readWindowSummaries(readRunText(join(runDir, SUMMARY_FILE))),
    cacheDir: manifest.options.cacheDir,
    signalCache: manifest.options.useCache ? { codeSha256: manifest.codeIdentity.sha256 } : null,
  });
  return join(runDir, writeGateReportHtml({ outDir: runDir, rows, manifest, quantiles }));
}

function readRunText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new RunFileError({ path, operation: 'read', cause: error });
  }
}
