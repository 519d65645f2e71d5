/** @wf/bench: the public API. */
export { summarizeTimings } from './measure/summarizeTimings.js';
export type { TimingSummary } from './measure/summarizeTimings.js';
export { machineInfo } from './measure/machineInfo.js';
export type { MachineInfo } from './measure/machineInfo.js';
export { runEngineBenchmark } from './engine/runEngineBenchmark.js';
export type { EngineBenchmarkOptions, EngineBenchmarkResult, FactorEvaluationTiming } from './engine/runEngineBenchmark.js';
export { formatEngineReport } from './engine/formatEngineReport.js';
export type { EngineReportOptions } from './engine/formatEngineReport.js';
