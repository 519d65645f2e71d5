import { WfError } from '../errors/WfError.js';

/** A signal cache key is not 64 lowercase hex characters (as made by signalCacheKey). */
export class InvalidCacheKeyError extends WfError {
  readonly key: string;

  constructor(key: string) {
    super('CACHE_KEY_INVALID', `invalid signal cache key "${key}": expected 64 lowercase hex characters (sha256)`);
    this.key = key;
  }
}
