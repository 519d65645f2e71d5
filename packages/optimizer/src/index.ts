/** @wf/optimizer: the public API. */
export type { Candidate } from './selection/Candidate.js';
export { protocolCandidates } from './selection/protocolCandidates.js';
export {
  EmptySpaceError,
  SpaceValueNeverValidError,
  InvalidSpaceError,
  WorkerStartError,
  ResultsStoreCorruptError,
  InvalidSweepOptionsError,
} from './errors.js';
export type {
  SpaceProblem,
} from './errors.js';
export { objectiveValue, isBetterObjective } from './selection/objectiveValue.js';
export { selectOnSegment } from './selection/selectOnSegment.js';
export type { SegmentSelection, SelectOnSegmentOptions } from './selection/selectOnSegment.js';

// Parameter spaces
export type { Dimension, DimensionTarget, SweepablePortfolioKey } from './space/Dimension.js';
export { SWEEPABLE_PORTFOLIO_KEYS } from './space/Dimension.js';
export type { DimensionAxis } from './space/dimensionValues.js';
export { dimensionAxis, roundGridValue } from './space/dimensionValues.js';
export type { SpaceSpec } from './space/SpaceSpec.js';
export { parseSpaceSpec, MAX_LOG_COUNT } from './space/parseSpaceSpec.js';
export { loadSpaceFile } from './space/loadSpaceFile.js';
export { spaceSpecFromFactorSpec } from './space/spaceSpecFromFactorSpec.js';
export { ParameterSpace } from './space/ParameterSpace.js';
export type { ParameterSpaceOptions, SpaceDimension } from './space/ParameterSpace.js';

// Candidates and signatures
export type { SweepCandidate } from './sweep/SweepCandidate.js';
export { candidateSignature } from './sweep/candidateSignature.js';
export type { PortfolioSetting } from './sweep/candidateSignature.js';

// Strategies
export type { SearchStrategy, StrategyName, Observation } from './strategy/SearchStrategy.js';
export { STRATEGY_NAMES } from './strategy/SearchStrategy.js';
export { GridStrategy } from './strategy/GridStrategy.js';
export { RandomStrategy } from './strategy/RandomStrategy.js';
export { TpeStrategy } from './strategy/TpeStrategy.js';
export type { TpeStrategyOptions } from './strategy/TpeStrategy.js';
export { createStrategy } from './strategy/createStrategy.js';
export type { CreateStrategyOptions } from './strategy/createStrategy.js';
export type { RandomSource } from './random/RandomSource.js';
export { createSeededRandom } from './random/createSeededRandom.js';
export { FeistelPermutation } from './random/FeistelPermutation.js';

// Executors
export type { CandidateExecutor, EvaluationTask, EvaluationOutcome, ExecutorStats, StageTimings } from './executor/EvaluationTask.js';
export { ZERO_TIMINGS } from './executor/EvaluationTask.js';
export { CandidateEvaluator } from './executor/CandidateEvaluator.js';
export type { CandidateEvaluatorOptions } from './executor/CandidateEvaluator.js';
export { InProcessExecutor } from './executor/InProcessExecutor.js';
export type { InProcessExecutorOptions } from './executor/InProcessExecutor.js';
export { WorkerPoolExecutor } from './executor/WorkerPoolExecutor.js';
export type { WorkerPoolExecutorOptions } from './executor/WorkerPoolExecutor.js';
export { shareMarketContext, marketContextFromShared } from './executor/sharedMarketContext.js';
export type { SharedMarketContext } from './executor/sharedMarketContext.js';
export { groupTasks } from './executor/groupTasks.js';
export type { CreateSweepExecutor, SweepDataSource, SweepEvaluationSpec } from './executor/SweepExecutorFactory.js';
export { candidateWorkerUrl } from './executor/candidateWorkerUrl.js';
export { createCandidateService } from './executor/candidateService.js';
export type { CandidateService } from './executor/candidateService.js';
export type { CandidateWorkerData, WorkerReply, WorkerRunMessage } from './executor/CandidateWorkerData.js';
export type { CandidateChannel } from './executor/CandidateChannel.js';
export { startThreadChannel } from './executor/CandidateChannel.js';

// Results store, checkpoints, top-K
export type { ResultRecord, ResultStatus } from './store/ResultRecord.js';
export { formatResultLine, parseResultLine } from './store/ResultRecord.js';
export type { ResultsStore } from './store/ResultsStore.js';
export { NdjsonResultsStore } from './store/NdjsonResultsStore.js';
export type { OpenNdjsonStoreOptions, NdjsonStoreRecovery } from './store/NdjsonResultsStore.js';
export type { SweepCheckpoint, TopEntrySummary } from './store/SweepCheckpoint.js';
export { readCheckpoint, writeCheckpoint } from './store/SweepCheckpoint.js';
export { TopKHeap, ranksAbove } from './store/TopKHeap.js';
export type { Ranked } from './store/TopKHeap.js';
export { writeArtifactFile } from './store/writeArtifactFile.js';
export type { WriteArtifactFileOptions } from './store/writeArtifactFile.js';

// Sweeps
export type { ArtifactPolicy } from './sweep/ArtifactPolicy.js';
export { parseArtifactPolicy, formatArtifactPolicy } from './sweep/ArtifactPolicy.js';
export { runSweep, SWEEP_FILES } from './sweep/runSweep.js';
export type { SweepOptions, SweepResult, SweepTopEntry, OpenResultsStore } from './sweep/runSweep.js';
export type { SweepTelemetry } from './sweep/SweepTelemetry.js';
export { runOptimization } from './sweep/runOptimization.js';
export type { RunOptimizationOptions, OptimizationResult, OptimizationStage } from './sweep/runOptimization.js';
export { resolveSegment } from './sweep/resolveSegment.js';
export type { ResolveSegmentOptions } from './sweep/resolveSegment.js';

