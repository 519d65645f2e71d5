/** @wf/walk-forward: the public API. */
// Windows (PROTOCOL section 6)
export { planWindows } from './windows/planWindows.js';
export type { PlanWindowsOptions, WalkForwardWindow } from './windows/planWindows.js';
export {
  InvalidWindowPlanError,
  RunFileError,
  ResumeCodeChangedError,
  UnknownFactorSelectionError,
  InvalidRunOptionError,
  FolderLockedError,
  LockFileError,
  ShardOrphanedError,
  ShardIndexOutOfRangeError,
} from './errors.js';

// Output files (PROTOCOL section 9 plus the section 8 inputs)
export {
  PROTOCOL_FILES,
  SUMMARY_FILE,
  AUDIT_FILE,
  OOS_DAILY_FILE,
  CANDIDATES_FILE,
  OOS_GAPS_FILE,
  RUN_STATE_FILE,
  RUN_LOG_FILE,
  protocolColumns,
} from './output/protocolFiles.js';
export type { ProtocolFileName } from './output/protocolFiles.js';
export { csvText, formatNumber } from './output/csvText.js';
export { parseCsvRecords } from './output/parseCsvRecords.js';
export type { CsvRecord, ParsedCsv } from './output/parseCsvRecords.js';
export { formatUnitRows } from './output/formatUnitRows.js';
export type { UnitResult } from './output/formatUnitRows.js';
export { ProtocolFileWriter } from './output/ProtocolFileWriter.js';

// Output folder state and resume
export type { PlannedUnit, RunState } from './resume/RunState.js';
export { prepareOutputDir } from './resume/prepareOutputDir.js';
export { isLockFileName, isProcessAlive, LOCK_FILE, lockTokenProblem, readLockOwner, RunFolderLock } from './resume/RunFolderLock.js';
export type { AcquireLockOptions, LockOwner } from './resume/RunFolderLock.js';
export type { PrepareOutputDirOptions, PreparedOutput } from './resume/prepareOutputDir.js';

// The run
export { CANDIDATE_BASE_COST, FACTOR_BASE_COST, estimateFactorCost } from './run/estimateFactorCost.js';
export type { FactorWork } from './run/estimateFactorCost.js';
export { runWalkForward } from './run/runWalkForward.js';
export { windowUnitKeys } from './run/windowUnitKeys.js';
export type { UnitKeyOf, WindowUnitKeysOptions } from './run/windowUnitKeys.js';
export type { RunWalkForwardOptions, WalkForwardRunResult } from './run/runWalkForward.js';
export type { WalkForwardEvent } from './run/WalkForwardEvent.js';

// Errors of the run
export { shardTelemetry, TELEMETRY_FILE, writeShardTelemetry } from './telemetry/shardTelemetry.js';
export type { CacheUse, ShardTelemetry, ShardTelemetryInputs } from './telemetry/shardTelemetry.js';
export { estimateRunMemory, largestFittingShape, MEMORY_MODEL } from './memory/estimateRunMemory.js';
export type { RunMemoryShape } from './memory/estimateRunMemory.js';
export { machineMemoryBytes, memoryLimitOf } from './memory/machineMemoryBytes.js';
export { estimateShardMemory, fitShardWorkers } from './memory/fitShardWorkers.js';
