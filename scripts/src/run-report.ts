#!/usr/bin/env node
/**
 * wf-report: (re)writes gate_report.html of a finished gate run folder from its manifest,
 * gate_report.json and merged files (wf-gates writes it itself; this serves runs made before
 * the page existed, or after the page's code changed). Prints the page's path.
 * Exit codes: 0 written; 2 bad flag, not a finished run folder, or unreadable files.
 */
import { resolve } from 'node:path';
import { writeRunHtmlReport } from '@wf/gates';
import { createParser } from './createParser.js';
import { runCli } from './runCli.js';

runCli('wf-report', async () => {
  const argv = await createParser('wf-report', '$0 RUN_DIR\n\nWrites RUN_DIR/gate_report.html from a finished wf-gates run folder.')
    .positional('RUN_DIR', { type: 'string', describe: 'a finished wf-gates run folder (manifest.json, gate_report.json, merged CSVs)' })
    .demandCommand(1, 1, 'give the run folder: wf-report RUN_DIR', 'give one run folder')
    .parserConfiguration({ 'duplicate-arguments-array': false })
    .parseAsync();
  const path = await writeRunHtmlReport(resolve(String(argv._[0])));
  process.stdout.write(`${path}\n`);
  return 0;
});
