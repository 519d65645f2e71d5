import { WfError } from '@wf/engine';

/** One shard that did not finish after all its attempts. */
export type ShardFailure = {
  readonly shard: number;
  readonly attempts: number;
  /** The last attempt's exit, e.g. `exit code 2`, `killed by SIGKILL`, `timed out after 30 s`. */
  readonly exit: string;
  /** The last line the shard wrote that is not a log record (its error message), or ''. */
  readonly lastError: string;
};

/** Shards failed after every retry; the other shards' outputs are kept under shards/<i>/ for a later `--resume`. */
export class ShardsFailedError extends WfError {
  readonly failures: readonly ShardFailure[];

  constructor(failures: readonly ShardFailure[]) {
    const listed = failures.map(
      (f) => `shard ${f.shard} (${f.attempts} attempt${f.attempts === 1 ? '' : 's'}, ${f.exit}${f.lastError === '' ? '' : `: ${f.lastError}`})`,
    );
    super('GATES_SHARDS_FAILED', `${failures.length} shard${failures.length === 1 ? '' : 's'} failed: ${listed.join('; ')}`);
    this.failures = failures;
  }
}
