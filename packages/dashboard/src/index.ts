/** @wf/dashboard: `wf-dashboard`, a local web app over gate run and sweep folders. */
export { DashboardOptionError } from './errors.js';
export { listRuns, RUN_NAME } from './runList/listRuns.js';
export type { RunEntry } from './runList/listRuns.js';
export { GateProgressReader } from './runList/GateProgressReader.js';
export type { GateProgress } from './runList/GateProgressReader.js';
export { readResultsFrom } from './sweeps/readResultsFrom.js';
export type { SweepPoint } from './sweeps/readResultsFrom.js';
export { createDashboardServer } from './server/createDashboardServer.js';
export type { CreateDashboardServerOptions } from './server/createDashboardServer.js';
export { startDashboard } from './server/startDashboard.js';
export type { StartDashboardOptions } from './server/startDashboard.js';
