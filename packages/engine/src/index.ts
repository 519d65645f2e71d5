/** @wf/engine: the public API. Nothing else of this package is imported by other packages. */
export { compareCodePoints } from './util/compareCodePoints.js';
export { PROTOCOL_VERSION } from './protocol.js';
export {
  WfError,
  isWfError,
  LedgerError,
  CsvRowError,
  CsvHeaderError,
  CsvSyntaxError,
  DataNotFoundError,
  DataUnreadableError,
  dataAccessError,
  EmptyDataFolderError,
  DuplicateSymbolError,
  InvalidUniverseConfigError,
  SegmentOutOfRangeError,
  UnknownFactorError,
  UnknownParamError,
  InvalidParamsError,
  DuplicateFactorError,
  FactorModuleNotFoundError,
  FactorModuleImportError,
  FactorModuleExportError,
  InvalidFactorDefinitionError,
  InvalidPortfolioConfigError,
  ShapeMismatchError,
  ConfigError,
  ConfigFileError,
  ConfigSyntaxError,
  CodeIdentityError,
  CacheDirError,
  SampleDirNotEmptyError,
  SampleMarketOptionsError,
  FileWriteError,
  CacheIoError,
  OutputDirError,
  ResumeMismatchError,
  ResumeStateError,
  ParquetReadError,
  ScoreTableError,
  MemoryLimitError,
} from './errors.js';
export { checkMemoryNeed, formatGb, PROCESS_BASE_BYTES, CSV_LOAD_BYTES_PER_CSV_BYTE } from './memory/checkMemoryNeed.js';
export type { MemoryLimit } from './memory/checkMemoryNeed.js';
export type {
  CsvRowProblem,
  DataPathKind,
  ConfigProblem,
  OutputDirProblem,
  OutputDirErrorFacts,
} from './errors.js';
export { quoteText, MAX_QUOTED_CHARS } from './errors/quoteText.js';
export { describeSystemError, systemErrorCode } from './errors/describeSystemError.js';

// Data (PROTOCOL section 1)
export type { Panel } from './data/Panel.js';
export { PANEL_FIELDS } from './data/PanelField.js';
export { panelFieldsRead } from './engine/panelFieldsRead.js';
export type { PanelFieldsReadOptions } from './engine/panelFieldsRead.js';
export type { PanelField } from './data/PanelField.js';
export type { LoadPanelOptions, LoadWarning, LoadedPanel, PanelSource, PricesFormat } from './data/LoadedPanel.js';
export type { ColumnMapping, MappableColumn } from './data/ColumnMapping.js';
export { MAPPABLE_COLUMNS } from './data/ColumnMapping.js';
export type { LoadPanelCachedOptions } from './data/loadPanel.js';
export { loadPanel } from './data/loadPanel.js';
export { identifyPanel } from './data/identifyPanel.js';
export type { PanelIdentity } from './data/identifyPanel.js';
export { loadPanelFromCsv } from './data/loadPanelFromCsv.js';
export { PanelCache } from './data/PanelCache.js';
export type { PanelCacheIdentity, PanelCacheIdentityResult, PanelCacheReadOptions } from './data/PanelCache.js';
export { computeReturns } from './data/computeReturns.js';
export { formatDate } from './data/formatDate.js';
export { parseIsoDate } from './data/parseIsoDate.js';
export { findDateIndex } from './data/findDateIndex.js';
export { sha256Hex } from './data/computeDataFingerprint.js';
export { computeDatePrefixFingerprints, datePrefixFingerprintHex } from './data/computeDatePrefixFingerprints.js';
export { writeFileAtomic } from './util/writeFileAtomic.js';
export { prepareRunDir } from './util/prepareRunDir.js';
// Trial ledger (PROTOCOL section 8b)
export { LEDGER_HEADER } from './ledger/TrialLedger.js';
export type { LedgerRow, LedgerTrial } from './ledger/TrialLedger.js';
export { parseLedger, isIsoDate } from './ledger/parseLedger.js';
export { readLedger } from './ledger/readLedger.js';
export type { LedgerContents } from './ledger/readLedger.js';
export { ledgerTrials } from './ledger/ledgerTrials.js';
export type { TonightFactor } from './ledger/ledgerTrials.js';
export { appendToLedger } from './ledger/appendToLedger.js';
export type { AppendToLedgerOptions } from './ledger/appendToLedger.js';
export { withLedgerLock } from './ledger/LedgerLock.js';
export type { LedgerLockOptions } from './ledger/LedgerLock.js';
export { listLedgerTrials } from './ledger/listLedgerTrials.js';
export { formatLedgerRow } from './ledger/formatLedgerRow.js';
export type { LedgerTrialSummary } from './ledger/listLedgerTrials.js';
export type { WriteFileAtomicOptions } from './util/writeFileAtomic.js';
export type { PrepareRunDirOptions } from './util/prepareRunDir.js';

// Universe (section 2)
export type { UniverseConfig, Universe, ExclusionRule } from './universe/Universe.js';
export { DEFAULT_UNIVERSE_CONFIG, EXCLUSION_RULES } from './universe/Universe.js';
export { computeUniverse } from './universe/computeUniverse.js';
export { loadOrComputeUniverse } from './universe/loadOrComputeUniverse.js';
export type { LoadOrComputeUniverseOptions, UniverseLoad } from './universe/loadOrComputeUniverse.js';
export { UniverseCache, encodeUniverse, decodeUniverse } from './universe/UniverseCache.js';
export type { UniverseCacheExpectation, UniverseCacheReadResult, DecodeUniverseOptions } from './universe/UniverseCache.js';
export { universeCacheKey, UNIVERSE_CACHE_FORMAT_VERSION } from './universe/universeCacheKey.js';
export type { UniverseKeyParts } from './universe/universeCacheKey.js';
export { auditSegment } from './universe/auditSegment.js';
export type { SegmentAudit, AuditSegmentOptions } from './universe/auditSegment.js';

// Factors (section 3)
export type { FactorDefinition, FactorInputs, FactorParams, ParamValue } from './factors/FactorDefinition.js';
export { FactorWorkspace } from './factors/FactorWorkspace.js';
export type { ShareOptions } from './factors/FactorWorkspace.js';
export { FactorRegistry } from './factors/FactorRegistry.js';
export { createBuiltinRegistry } from './factors/createBuiltinRegistry.js';
export { BUILTIN_FACTORS } from './factors/builtin/builtinFactors.js';
export { resolveParams } from './factors/resolveParams.js';
export { canonicalParams } from './factors/canonicalParams.js';
export { loadFactorModule } from './factors/loadFactorModule.js';
export { createExternalFactor } from './factors/external/createExternalFactor.js';
export { registerExternalFactors, scoreTablesOf } from './factors/external/registerExternalFactors.js';

// Portfolio and daily series (section 4)
export type { Construction, PortfolioConfig } from './portfolio/PortfolioConfig.js';
export { DEFAULT_PORTFOLIO_CONFIG } from './portfolio/PortfolioConfig.js';
export type { ScoreRanking } from './portfolio/ScoreRanking.js';
export type { SegmentSeries } from './portfolio/SegmentSeries.js';
export { rankCrossSection } from './portfolio/rankCrossSection.js';
export type { RankCrossSectionOptions } from './portfolio/rankCrossSection.js';
export { simulateSegment } from './portfolio/simulateSegment.js';
export type { SimulateSegmentOptions } from './portfolio/simulateSegment.js';
export { SimulationScratch, createSimulationScratch } from './portfolio/SimulationScratch.js';

// Metrics (section 5)
export type { SegmentMetrics } from './metrics/SegmentMetrics.js';
export { computeSegmentMetrics } from './metrics/computeSegmentMetrics.js';
export { dailySharpe, annualizedSharpe } from './metrics/dailySharpe.js';
export { mean, compensatedSum } from './metrics/mean.js';
export { sampleStd, sampleVariance } from './metrics/sampleStd.js';
export { TRADING_DAYS_PER_YEAR } from './metrics/TRADING_DAYS_PER_YEAR.js';
export { totalReturn, annualizedReturn } from './metrics/totalReturn.js';
export { maxDrawdown } from './metrics/maxDrawdown.js';
export { icStatistics } from './metrics/icStatistics.js';
export type { IcStatistics } from './metrics/icStatistics.js';
export { finiteValues } from './metrics/finiteValues.js';
export { populationCentralMoments } from './metrics/populationCentralMoments.js';
export type { CentralMoments } from './metrics/populationCentralMoments.js';

// Listed lives and data gaps (section 8b: the shards count gaps per test segment)
export { listedLives } from './diagnostics/listedLives.js';
export type { ListedLives } from './diagnostics/listedLives.js';
export { countListedGaps, oosGapFrac } from './diagnostics/countListedGaps.js';
export type { ListedGapCounts, CountListedGapsOptions } from './diagnostics/countListedGaps.js';

// Config (section 10)
export type { WalkForwardConfig, WindowsConfig, FactorSpec, DataConfig, Objective, LimitsConfig } from './config/WalkForwardConfig.js';
export { OBJECTIVES, DEFAULT_WINDOWS_CONFIG, DEFAULT_MAX_CANDIDATES_PER_FACTOR } from './config/WalkForwardConfig.js';
export type { GateThresholds, GateName } from './config/GateThresholds.js';
export { GATE_NAMES, DEFAULT_GATE_THRESHOLDS } from './config/GateThresholds.js';
export { loadConfig } from './config/loadConfig.js';
export { parseConfigYaml } from './config/parseConfigYaml.js';
export { loadPanelOptionsOf } from './config/loadPanelOptionsOf.js';
export { parseConfig } from './config/parseConfig.js';
export type { ParseConfigOptions } from './config/parseConfig.js';
export { configJsonSchema, formatConfigJsonSchema } from './config/configJsonSchema.js';
export { canonicalConfigJson } from './config/canonicalConfigJson.js';

// Comparing protocol files (the oracle's rule)
export { diffProtocolRows } from './compare/diffProtocolRows.js';
export type { CsvRow, DiffProtocolRowsOptions } from './compare/diffProtocolRows.js';

// Signal cache
export { SignalCache } from './cache/SignalCache.js';
export type { SignalCacheOptions, SignalCacheStats } from './cache/SignalCache.js';
export type { CacheRecovery, OnCacheRecovery } from './cache/CacheRecovery.js';
export { signalCacheKey } from './cache/signalCacheKey.js';
export type { CodeIdentity, EngineCodeIdentity, ModuleFileIdentity, ModulePackageIdentity, ScoreTableIdentity, UserModuleIdentity } from './identity/CodeIdentity.js';
export { computeCodeIdentity } from './identity/computeCodeIdentity.js';
export type { ComputeCodeIdentityOptions } from './identity/computeCodeIdentity.js';
export { computeEngineCodeId, engineCodeId } from './identity/engineCodeId.js';
export { diffCodeIdentity } from './identity/diffCodeIdentity.js';
export { identifyUserModule } from './identity/identifyUserModule.js';
export type { IdentifyUserModuleOptions } from './identity/identifyUserModule.js';
export type { SignalKeyParts } from './cache/signalCacheKey.js';
export type { SignalArray, SignalBundle } from './cache/SignalBundle.js';
export { canonicalJson } from './cache/canonicalJson.js';
export { WindowCache, encodeUnitTexts, decodeUnitTexts } from './cache/WindowCache.js';
export type { UnitTexts, WindowCacheStats } from './cache/WindowCache.js';
export { windowCacheKey } from './cache/windowCacheKey.js';
export type { WindowKeyParts } from './cache/windowCacheKey.js';

// Cache housekeeping (wf-cache; wf-gates --cache-max-gb)
export { scanCache, classifyCachePath, CACHE_FILE_KINDS, EVICTABLE_KINDS } from './cache/housekeeping/scanCache.js';
export type { CacheFile, CacheFileKind, CacheScan } from './cache/housekeeping/scanCache.js';
export { summarizeCache } from './cache/housekeeping/summarizeCache.js';
export type { CacheKindStats, CacheStats } from './cache/housekeeping/summarizeCache.js';
export { verifyCache } from './cache/housekeeping/verifyCache.js';
export type { CacheVerifyResult, CorruptCacheFile, VerifyCacheOptions } from './cache/housekeeping/verifyCache.js';
export { pruneCache, DEFAULT_CACHE_MAX_GB, STALE_TEMP_MS } from './cache/housekeeping/pruneCache.js';
export type { CachePruneResult, PruneCacheOptions, PrunedCacheFile } from './cache/housekeeping/pruneCache.js';
export { markCacheEntryUsed } from './cache/housekeeping/markCacheEntryUsed.js';

// The engine
export type { MarketContext, CreateMarketContextOptions } from './engine/MarketContext.js';
export { createMarketContext } from './engine/MarketContext.js';
export { BacktestEngine } from './engine/BacktestEngine.js';
export type {
  BacktestEngineOptions,
  EngineStats,
  EvaluateOptions,
  FactorSignals,
  Segment,
  SegmentEvaluation,
} from './engine/BacktestEngine.js';
export { evaluateFactorsOverPeriod } from './engine/evaluateFactorsOverPeriod.js';
export type { FactorPeriodResult, FactorPeriodSpec, EvaluateFactorsOverPeriodOptions } from './engine/evaluateFactorsOverPeriod.js';
export { summarizeFactorsOnMarket } from './engine/summarizeFactorsOnMarket.js';
export type { FactorsOnMarketSummary, SummarizeFactorsOnMarketOptions, SummarizeProgress } from './engine/summarizeFactorsOnMarket.js';

// Sample market
export { generateSampleMarket, DEFAULT_SAMPLE_MARKET_OPTIONS } from './sample/generateSampleMarket.js';
export type { SampleMarket, SampleMarketOptions, SampleMarketFeatures, ResolvedSampleMarketOptions } from './sample/generateSampleMarket.js';
export { writeSampleMarket, sampleReadme } from './sample/writeSampleMarket.js';
export type { WriteSampleMarketOptions } from './sample/writeSampleMarket.js';
export { makeSampleData } from './sample/makeSampleData.js';
export type { MakeSampleDataOptions, MakeSampleDataResult } from './sample/makeSampleData.js';
export { ensureSampleMarket } from './sample/ensureSampleMarket.js';
export type { EnsureSampleMarketOptions } from './sample/ensureSampleMarket.js';
// Telemetry (never protocol files)
export type { EngineStage, OnEngineStage } from './telemetry/EngineStage.js';
export { StageClock } from './telemetry/StageClock.js';
export type { StageTimes } from './telemetry/StageClock.js';
