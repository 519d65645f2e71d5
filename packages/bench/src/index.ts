/** @wf/bench: the public API. */
export { summarizeTimings } from './measure/summarizeTimings.js';
export type { TimingSummary } from './measure/summarizeTimings.js';
export { machineInfo } from './measure/machineInfo.js';
export type { MachineInfo } from './measure/machineInfo.js';
export { readProcessUsage, usageHookImport } from './measure/readProcessUsage.js';
export type { ProcessUsage } from './measure/readProcessUsage.js';
export { runEngineBenchmark } from './engine/runEngineBenchmark.js';
export type { EngineBenchmarkOptions, EngineBenchmarkResult, FactorEvaluationTiming } from './engine/runEngineBenchmark.js';
export { formatEngineReport } from './engine/formatEngineReport.js';
export { runKernelBenchmark } from './engine/runKernelBenchmark.js';
export type { KernelBenchmarkOptions, KernelBenchmarkResult, CandidateTiming, EngineTimings } from './engine/runKernelBenchmark.js';
export { formatKernelReport } from './engine/formatKernelReport.js';
export type { KernelReportOptions } from './engine/formatKernelReport.js';
export type { EngineReportOptions } from './engine/formatEngineReport.js';

// Benchmark harness (wf-bench)
export type { BenchScenario, OutputCheck, ScenarioRunPlan } from './harness/BenchScenario.js';
export type { BenchmarkReport, ScenarioReport, OutputDigest, OutputDifference, TimingChange } from './harness/BenchmarkReport.js';
export { walkForwardScenarios } from './harness/walkForwardScenarios.js';
export type { WalkForwardScenarioOptions } from './harness/walkForwardScenarios.js';
export { optimizerScenarios } from './harness/optimizerScenarios.js';
export type { OptimizerScenarioOptions, OptimizerBudgets } from './harness/optimizerScenarios.js';
export { selectScenarios } from './harness/selectScenarios.js';
export { measureScenario } from './harness/measureScenario.js';
export type { MeasureScenarioOptions, ScenarioRunFigures } from './harness/measureScenario.js';
export { runBenchmarks } from './harness/runBenchmarks.js';
export type { RunBenchmarksOptions, RunBenchmarksResult } from './harness/runBenchmarks.js';
export { compareReports } from './harness/compareReports.js';
export type { CompareReportsOptions } from './harness/compareReports.js';
export { formatBenchmarkMarkdown } from './harness/formatBenchmarkMarkdown.js';
export { formatBenchmarkCsv } from './harness/formatBenchmarkCsv.js';
export { renderBenchmarkCharts } from './harness/renderBenchmarkCharts.js';
export type { BenchmarkChart } from './harness/renderBenchmarkCharts.js';
export { writePlantedConfig } from './harness/writePlantedConfig.js';
export { digestOutput, digestTree, withoutKeys } from './harness/digestOutput.js';
export { ScenarioFailedError } from './harness/ScenarioFailedError.js';
export { UnknownScenarioError } from './harness/UnknownScenarioError.js';
