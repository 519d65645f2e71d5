import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { DashboardOptionError } from '../errors.js';
import { createDashboardServer } from './createDashboardServer.js';

export type StartDashboardOptions = {
  readonly runsDir: string;
  /** 0: any free port. */
  readonly port: number;
  /** The address to bind (default 127.0.0.1: this machine only). */
  readonly host?: string;
};

/**
 * Starts `wf-dashboard`: checks the runs folder, creates the server and listens.
 * Returns the server (close it to stop) and the URL it serves.
 * @throws DashboardOptionError for a missing runs folder or a bad port
 */
export async function startDashboard(options: StartDashboardOptions): Promise<{ server: FastifyInstance; url: string }> {
  const runsDir = resolve(options.runsDir);
  if (!existsSync(runsDir) || !statSync(runsDir).isDirectory()) throw new DashboardOptionError({ option: '--runs', problem: `${runsDir} is not a folder` });
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new DashboardOptionError({ option: '--port', problem: `expected a port 0-65535, got ${options.port}` });
  }
  const server = createDashboardServer({ runsDir });
  const host = options.host ?? '127.0.0.1';
  try {
    await server.listen({ port: options.port, host });
  } catch (error) {
    await server.close();
    throw new DashboardOptionError({ option: '--port', problem: `cannot listen on ${host}:${options.port} (${error instanceof Error ? error.message : String(error)})` });
  }
  const address = server.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return { server, url: `http://${host}:${port}/` };
}
