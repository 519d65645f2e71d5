import { WfError } from '../errors/WfError.js';

/** A bundle given to SignalCache.put holds something other than named Float64Array/Int32Array values. */
export class InvalidSignalBundleError extends WfError {
  readonly arrayName: string;

  constructor(options: { arrayName: string; problem: string }) {
    super('CACHE_BUNDLE_INVALID', `invalid signal bundle entry "${options.arrayName}": ${options.problem}`);
    this.arrayName = options.arrayName;
  }
}
