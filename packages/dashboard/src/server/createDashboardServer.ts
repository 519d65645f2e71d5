import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { GATE_REPORT_HTML_FILE, loadChartAssets } from '@wf/gates';
import { SWEEP_FILES } from '@wf/optimizer';
import { GateProgressReader } from '../runList/GateProgressReader.js';
import { listRuns, RUN_NAME } from '../runList/listRuns.js';
import { readResultsFrom } from '../sweeps/readResultsFrom.js';

export type CreateDashboardServerOptions = {
  /** The folder whose subfolders are gate runs (`wf-gates --out`) and sweeps (`wf-optimize --out`). */
  readonly runsDir: string;
};

/** The dashboard's page, script and style (shipped in the package's `public/`), by URL path. */
const PUBLIC_FILES: Readonly<Record<string, { readonly file: string; readonly type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/dashboard.js': { file: 'dashboard.js', type: 'application/javascript; charset=utf-8' },
  '/dashboard.css': { file: 'dashboard.css', type: 'text/css; charset=utf-8' },
};
const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));

/**
 * The dashboard's HTTP app (fastify): the page (`/`), uPlot (`/assets/`), and a JSON API read
 * from the run folders on every request (nothing cached but the heartbeat logs' read offsets):
 * `GET /api/runs` (gate runs and sweeps, newest first, with verdicts), `GET
 * /api/runs/:name/progress` (a gate run's units done from its shards' heartbeats), `GET
 * /api/sweeps/:name/results?from=BYTES` (a sweep's records appended since a byte offset), `GET
 * /runs/:name/gate_report.html`. Only folders directly under `runsDir` are served. Not listening
 * yet: see startDashboard.
 */
export function createDashboardServer(options: CreateDashboardServerOptions): FastifyInstance {
  const { runsDir } = options;
  const app = Fastify({ logger: false });
  for (const [path, { file, type }] of Object.entries(PUBLIC_FILES)) {
    const body = readFileSync(join(PUBLIC_DIR, file), 'utf8');
    app.get(path, async (_request, reply) => reply.type(type).send(body));
  }
  app.get('/favicon.ico', async (_request, reply) => reply.code(204).send());
  const progress = new GateProgressReader();
  const assets = loadChartAssets();

  const runDir = (name: string): string | null => {
    if (!RUN_NAME.test(name)) return null;
    const dir = join(runsDir, name);
    return existsSync(dir) && statSync(dir).isDirectory() ? dir : null;
  };

  app.get('/assets/uPlot.iife.min.js', async (_request, reply) => reply.type('application/javascript; charset=utf-8').send(assets.script));
  app.get('/assets/uPlot.min.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(assets.style));
  app.get('/api/runs', async () => ({ runsDir, runs: listRuns(runsDir) }));
  app.get<{ Params: { name: string } }>('/api/runs/:name/progress', async (request, reply) => {
    const dir = runDir(request.params.name);
    const found = dir === null ? null : progress.read(dir);
    return found === null ? reply.code(404).send({ error: `no gate run ${request.params.name}` }) : found;
  });
  app.get<{ Params: { name: string }; Querystring: { from?: string } }>('/api/sweeps/:name/results', async (request, reply) => {
    const dir = runDir(request.params.name);
    const from = Number(request.query.from ?? '0');
    if (dir === null || !existsSync(join(dir, SWEEP_FILES.results))) return reply.code(404).send({ error: `no sweep ${request.params.name}` });
    if (!Number.isSafeInteger(from) || from < 0) return reply.code(400).send({ error: `from: expected a byte offset, got ${JSON.stringify(request.query.from)}` });
    return readResultsFrom(join(dir, SWEEP_FILES.results), from);
  });
  app.get<{ Params: { name: string } }>('/runs/:name/gate_report.html', async (request, reply) => {
    const dir = runDir(request.params.name);
    if (dir === null || !existsSync(join(dir, GATE_REPORT_HTML_FILE))) return reply.code(404).send({ error: `no report for ${request.params.name}` });
    return reply.type('text/html; charset=utf-8').send(createReadStream(join(dir, GATE_REPORT_HTML_FILE)));
  });
  return app;
}
