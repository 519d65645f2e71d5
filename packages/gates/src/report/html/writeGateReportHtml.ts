import { join } from 'node:path';
import { FileWriteError, writeFileAtomic } from '@wf/engine';
import type { GateManifest } from '../../manifest/GateManifest.js';
import type { GateReportRow } from '../computeGateReport.js';
import { collectHtmlReportData } from './collectHtmlReportData.js';
import type { QuantileMeans } from './collectHtmlReportData.js';
import { loadChartAssets } from './loadChartAssets.js';
import { renderGateReportHtml } from './renderGateReportHtml.js';

/** The HTML report's file in the run folder. */
export const GATE_REPORT_HTML_FILE = 'gate_report.html';

export type WriteGateReportHtmlOptions = {
  /** The run folder (merged files, drift.csv when compared). */
  readonly outDir: string;
  readonly rows: readonly GateReportRow[];
  /** The run's manifest: thresholds, portfolio, and the config, data and code facts shown on the page. */
  readonly manifest: Pick<GateManifest, 'protocolVersion' | 'config' | 'data' | 'code' | 'codeIdentity'>;
  /** q1..qQ per factor when computed. */
  readonly quantiles?: ReadonlyMap<string, QuantileMeans> | null;
};

/**
 * Writes gate_report.html (atomically) into the run folder and returns its name. The page
 * depends only on the run's files and manifest facts (no times), so equal runs give equal bytes.
 * @throws FileWriteError; RunFileError or GateInputError for unreadable or malformed run files
 */
export function writeGateReportHtml(options: WriteGateReportHtmlOptions): string {
  const { manifest } = options;
  const config = manifest.config.resolved;
  const data = collectHtmlReportData({
    outDir: options.outDir,
    rows: options.rows,
    thresholds: config.gates,
    portfolio: config.portfolio,
    protocolVersion: manifest.protocolVersion,
    facts: [
      ['config', `${manifest.config.path} (sha256 ${manifest.config.sha256.slice(0, 16)})`],
      ['data', `${manifest.data.symbols} symbols, ${manifest.data.dates} dates ${manifest.data.firstDate} .. ${manifest.data.lastDate}, fingerprint ${manifest.data.fingerprint.slice(0, 16)}`],
      ['code', `${manifest.code.package} ${manifest.code.version}${manifest.code.gitCommit === null ? '' : `, commit ${manifest.code.gitCommit.slice(0, 12)}`}, identity ${manifest.codeIdentity.sha256.slice(0, 16)}`],
      ['objective', config.objective],
    ],
    quantiles: options.quantiles ?? null,
  });
  const html = renderGateReportHtml(data, loadChartAssets());
  const path = join(options.outDir, GATE_REPORT_HTML_FILE);
  try {
    writeFileAtomic(path, html);
  } catch (error) {
    throw new FileWriteError({ what: 'gate report', path, cause: error });
  }
  return GATE_REPORT_HTML_FILE;
}
