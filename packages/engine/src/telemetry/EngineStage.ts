/**
 * Where an engine's time goes, for telemetry (heartbeats, telemetry.json; never protocol
 * files): `scores` the factor kernels, `ranking` the cross-sectional sort of each score
 * matrix, `dailyTables` the daily tables built from them, `cacheReads` signal-cache reads,
 * `evaluation` slicing segments out of the tables and their metrics.
 */
export type EngineStage = 'scores' | 'ranking' | 'dailyTables' | 'cacheReads' | 'evaluation';

/** Told when an engine stage ends, with its duration in milliseconds. */
export type OnEngineStage = (stage: EngineStage, ms: number) => void;
