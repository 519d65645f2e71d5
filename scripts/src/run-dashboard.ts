#!/usr/bin/env node
/**
 * wf-dashboard: serves a local web app over the run folders under --runs (gate runs with their
 * verdicts and live progress, sweeps with best-so-far, slices and a contour) on 127.0.0.1.
 * Prints the URL on stdout; runs until SIGINT or SIGTERM (exit 0).
 * Exit codes: 0 stopped; 2 bad flag, runs folder missing, port taken.
 */
import { startDashboard } from '@wf/dashboard';
import { createParser } from './createParser.js';
import { runCli } from './runCli.js';

runCli('wf-dashboard', async () => {
  const argv = await createParser('wf-dashboard', '$0 --runs DIR [--port P] [--host H]\n\nA local web app over gate run and sweep folders.')
    .option('runs', { type: 'string', default: 'runs', describe: 'folder holding wf-gates run folders and wf-optimize sweep folders' })
    .option('port', { type: 'number', default: 8377, describe: 'port to listen on (0: any free port)' })
    .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to bind (default: this machine only)' })
    .parserConfiguration({ 'duplicate-arguments-array': false })
    .parseAsync();
  const { server, url } = await startDashboard({ runsDir: argv.runs, port: argv.port, host: argv.host });
  process.stdout.write(`wf-dashboard: serving ${argv.runs} on ${url}\n`);
  await new Promise<void>((stop) => {
    process.once('SIGINT', () => stop());
    process.once('SIGTERM', () => stop());
  });
  await server.close();
  return 0;
});
