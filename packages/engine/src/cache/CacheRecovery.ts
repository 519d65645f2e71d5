/**
 * A cache entry that failed verification (truncated, altered, foreign or of another
 * format) and was recomputed and rewritten instead of trusted (DESIGN.md, caches). The engine
 * never logs: a caller that wants the warning passes a callback and logs this at warn.
 */
export type CacheRecovery = {
  readonly cache: 'panel' | 'universe' | 'signal' | 'window';
  /** The entry's file. */
  readonly path: string;
  /** What the check found, e.g. `checksum mismatch`. */
  readonly reason: string;
};

/** Told of every corrupt cache entry found (and recomputed). */
export type OnCacheRecovery = (recovery: CacheRecovery) => void;
