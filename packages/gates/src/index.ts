/** @wf/gates: the public API of the last stage (`wf-gates`): shard plan, launch, merge, gate rules and the DSR, reports. */
// The run
export { runProductionGates, shardDir, GATE_REPORT_FILES, PARQUET_DIR, DEFAULT_HEARTBEAT_SECONDS, DEFAULT_STALL_TIMEOUT_MS } from './runProductionGates.js';
export type { ProductionGatesResult, RunProductionGatesOptions } from './runProductionGates.js';
export type { GateRunEvent } from './run/GateRunEvent.js';

// Planning (config validation, data fingerprint, shard plan)
export { clampShardCount, planGateRun } from './plan/planGateRun.js';
export type { GateDataInfo, GatePlan, PlanGateRunOptions, PlannedGateFactor } from './plan/planGateRun.js';
export { planShards } from './plan/planShards.js';
export type { PlanShardsOptions, Shard, ShardFactor, ShardPlan } from './plan/planShards.js';
export { planShardFactors } from './plan/planShardFactors.js';
export type { PlanShardFactorsOptions } from './plan/planShardFactors.js';
export {
  InvalidShardCountError,
  DuplicateShardFactorError,
  MergeError,
  DuplicateUnitError,
  GateConfigError,
  GateOptionError,
  ShardsFailedError,
  RunInterruptedError,
  ShardFactorsMismatchError,
  GateInputError,
  ExportInputError,
  ShardCodeMismatchError,
  FreezeMismatchError,
  FreezeFileError,
} from './errors.js';
export type {
  ShardFailure,
} from './errors.js';

// Launching shards
export type { ShardAttemptControls, ShardAttemptOutcome, ShardJob, ShardLauncher, ShardLogRecord, WarmUpHint } from './launch/ShardLauncher.js';
export { LocalShardLauncher, STANDBY_FLAG, STANDBY_JOB } from './launch/LocalShardLauncher.js';
export { InProcessShardLauncher } from './launch/InProcessShardLauncher.js';
export type { InProcessShardLauncherOptions } from './launch/InProcessShardLauncher.js';
export type { LocalShardLauncherOptions } from './launch/LocalShardLauncher.js';
export { walkForwardArgs } from './launch/walkForwardArgs.js';
export { parseShardLogLine } from './launch/parseShardLogLine.js';
export { runShards, describeExit } from './run/runShards.js';
export type { RunShardsOptions } from './run/runShards.js';
export { ProgressTracker } from './run/ProgressTracker.js';
export type { ProgressSnapshot } from './run/ProgressTracker.js';

// Merge (shard files in protocol order)
export { mergeShardOutputs } from './merge/mergeShardOutputs.js';
export type { MergeShardOutputsOptions } from './merge/mergeShardOutputs.js';
export { mergeProtocolCsv, PROTOCOL_ROW_KEYS } from './merge/mergeProtocolCsv.js';
export type { MergeProtocolCsvOptions } from './merge/mergeProtocolCsv.js';

// Gate rules (PROTOCOL sections 8 and 8b)
export type { OosSummary } from './rules/OosSummary.js';
export { computeOosSummary } from './rules/computeOosSummary.js';
export type { ComputeOosSummaryOptions, OosWindowInput } from './rules/computeOosSummary.js';
export { evaluateGates, GATE_METRICS, SELECTION_GATES } from './rules/evaluateGates.js';
export type { GateEvaluation } from './rules/evaluateGates.js';
export { deflatedSharpeRatio, EULER_MASCHERONI } from './dsr/deflatedSharpeRatio.js';
export type { DeflatedSharpeOptions } from './dsr/deflatedSharpeRatio.js';
export { computePbo, doubledAverageRank, PBO_BLOCKS, PBO_MIN_ROWS } from './diagnostics/computePbo.js';
export type { ComputePboOptions } from './diagnostics/computePbo.js';
export { paramStability } from './diagnostics/paramStability.js';

// Manifest
export { MANIFEST_FILE } from './manifest/GateManifest.js';
export type { GateManifest, GateRunStatus, InvocationRecord, OutputFileRecord, ShardAttemptRecord, ShardRecord, ShardStatus } from './manifest/GateManifest.js';
export { describeCodeVersion } from './manifest/describeCodeVersion.js';
export type { CodeVersion } from './manifest/describeCodeVersion.js';

// Freeze
export { computeFreeze, diffFreeze } from './freeze/FactorFreeze.js';
export type { FactorFreeze, FrozenFactor } from './freeze/FactorFreeze.js';
export { checkFreeze, writeFreeze } from './freeze/freezeFiles.js';
export type { FreezeCheck } from './freeze/freezeFiles.js';

// Reports
export { computeGateReport, computeGateReportFromDir, formatGateReportCsv, GATE_REPORT_COLUMNS } from './report/computeGateReport.js';
export type { ComputeGateReportOptions, ComputeGateReportFromDirOptions, GateReportRow } from './report/computeGateReport.js';
export { chartPath, formatGateReportJson, formatGateReportMarkdown, formatVerdictTable } from './report/formatGateReport.js';
export { readEquityCurves } from './report/readEquityCurves.js';
export type { EquityCurve } from './report/readEquityCurves.js';
export { renderEquityChart } from './report/renderEquityChart.js';
export type { RenderEquityChartOptions } from './report/renderEquityChart.js';

// Errors
export { computeGateMargins } from './report/computeGateMargins.js';
export type { GateMargin } from './report/computeGateMargins.js';
export { readWindowSummaries } from './report/readWindowSummaries.js';
export type { WindowSummary } from './report/readWindowSummaries.js';
export { writeGateReportHtml, GATE_REPORT_HTML_FILE } from './report/html/writeGateReportHtml.js';
export type { WriteGateReportHtmlOptions } from './report/html/writeGateReportHtml.js';
export { collectHtmlReportData } from './report/html/collectHtmlReportData.js';
export type { CollectHtmlReportDataOptions, FactorReportData, HtmlReportData, QuantileMeans, WindowCosts } from './report/html/collectHtmlReportData.js';
export { renderGateReportHtml, FACTOR_CHART_KINDS } from './report/html/renderGateReportHtml.js';
export type { ChartAssets } from './report/html/renderGateReportHtml.js';
export { readGateReportRows } from './report/readGateReportRows.js';
export { writeRunHtmlReport } from './report/html/writeRunHtmlReport.js';
export { computeQuantileMeans } from './report/quantiles/computeQuantileMeans.js';
export type { ComputeQuantileMeansOptions } from './report/quantiles/computeQuantileMeans.js';
export { exportRunTables, EXPORT_FORMATS } from './export/exportRunTables.js';
export type { ExportRunTablesOptions, ExportedFile, ExportFormat } from './export/exportRunTables.js';
export type { ExportColumn, ExportColumnType, ExportTable, ExportValue } from './export/ExportTable.js';
export { readCsvTable } from './export/readCsvTable.js';
export { readSweepResults } from './export/readSweepResults.js';
export { formatParquetTable, writeParquetTable } from './export/writeParquetTable.js';
export { formatCsvTable } from './export/formatCsvTable.js';
export { paramColumns } from './export/paramColumns.js';
export { loadChartAssets } from './report/html/loadChartAssets.js';
