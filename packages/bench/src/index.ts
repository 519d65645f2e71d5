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
export { nightlyScenarios, writeHeldBackPrices } from './harness/nightlyScenarios.js';
export { queueScenarios } from './harness/queueScenarios.js';
export type { QueueScenarioOptions } from './harness/queueScenarios.js';
export type { NightlyScenarioOptions } from './harness/nightlyScenarios.js';
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
export { ScenarioFailedError } from './errors.js';
export { UnknownScenarioError } from './errors.js';

// Optimizer, walk-forward and gate benchmarks (wf-bench optimizer, walk-forward, gates)
export { runOptimizerBenchmark, formatOptimizerBenchmarkMarkdown } from './optimizer/runOptimizerBenchmark.js';
export type { OptimizerBenchmarkOptions, OptimizerBenchmarkReport, RunFigures, ThousandFigures } from './optimizer/runOptimizerBenchmark.js';
export { benchmarkCheckpointStyles, syntheticRecord } from './optimizer/benchmarkCheckpointStyles.js';
export type { CheckpointStyleFigures } from './optimizer/benchmarkCheckpointStyles.js';
export { measureParallelCapacity } from './optimizer/measureParallelCapacity.js';
export { measureWalkForwardRun } from './walkForward/measureWalkForwardRun.js';
export type { WalkForwardMeasurement } from './walkForward/measureWalkForwardRun.js';
export { summarizeBench, formatBenchMarkdown } from './walkForward/summarizeBench.js';
export type { BenchScenarioResult, BenchSummary, BenchTarget } from './walkForward/summarizeBench.js';
export { benchmarkGates, formatGatesBenchMarkdown } from './gates/benchmarkGates.js';
export type { BenchmarkGatesOptions, GatesBenchReport, GatesBenchScenario } from './gates/benchmarkGates.js';

// Old styles of the optimizer kept as baselines (wf-bench sweep)
export { sweepImplementation, CHECKPOINT_STYLES, TIMEOUT_STYLES, EXECUTOR_KINDS } from './baselines/sweepImplementation.js';
export type { SweepBaselines } from './baselines/sweepImplementation.js';
export { FullRewriteResultsStore } from './baselines/FullRewriteResultsStore.js';
export { PerCandidatePoolExecutor } from './baselines/PerCandidatePoolExecutor.js';
export { startProcessChannel } from './baselines/startProcessChannel.js';
export type { CandidateProcessMessage } from './baselines/startProcessChannel.js';
export { candidateProcessUrl } from './baselines/candidateProcessUrl.js';
