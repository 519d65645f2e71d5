import { WfError } from '@wf/engine';

/** A candidate worker could not start: its script is missing (not built) or its setup failed. */
export class WorkerStartError extends WfError {
  readonly workerScript: string;
  readonly reason: string;

  constructor(options: { workerScript: string; reason: string; cause?: unknown }) {
    super('WORKER_START', `candidate worker ${options.workerScript} could not start: ${options.reason}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.workerScript = options.workerScript;
    this.reason = options.reason;
  }
}
